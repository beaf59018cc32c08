#include "http/InviteHandler.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "config/Validation.h"
#include "http/Respond.h"
#include "http/RolePageHandler.h"
#include "http/RoomQuery.h"
#include "tokens/InviteLinks.h"

namespace rolecall
{

using Poco::Net::HTTPResponse;

InviteHandler::InviteHandler(ServerContext& context, const RoleSet& roles)
    : _context(context), _roles(roles)
{
}

Response InviteHandler::handle(const Request& request)
{
    if (!_context.invites)
        return Respond::errorJson(HTTPResponse::HTTP_NOT_FOUND,
                                  "this server makes no invite links");
    std::string as, name, room, valid;
    try
    {
        const Poco::Net::HTMLForm form = RoomQuery::form(request.head);
        as = RoomQuery::single(form, "as");
        name = RoomQuery::single(form, "role");
        room = form.has("room") ? RoomQuery::single(form, "room") : _context.settings.defaultRoom;
        valid = RoomQuery::single(form, "valid");
    }
    catch (const BadParameter& e)
    {
        return Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST, e.what(), e.parameter());
    }
    if (as.empty())
        return Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST,
                                  "parameter 'as' is required: the role whose login makes the link",
                                  "as");
    const Role* maker = _roles.byName(as);
    if (!maker)
        return Respond::errorJson(HTTPResponse::HTTP_NOT_FOUND, "there is no role of that name",
                                  "as");
    if (!mayInvite(*maker))
        return Respond::errorJson(HTTPResponse::HTTP_FORBIDDEN,
                                  "role '" + maker->name +
                                      "' may not make invite links: that takes auth = basic and "
                                      "the permission " +
                                      permission);
    const auto verdict = _context.authenticator.check(*maker, request.head, request.clientAddress);
    if (verdict.outcome != Authenticator::Verdict::Allowed)
        return RolePageHandler::refusal(verdict, *maker, _roles.renderer(), true);

    if (name.empty())
        return Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST,
                                  "parameter 'role' is required: the role the link lets in",
                                  "role");
    const Role* role = _roles.byName(name);
    if (!role)
        return Respond::errorJson(HTTPResponse::HTTP_NOT_FOUND, "there is no role of that name",
                                  "role");
    if (!role->requiresLink)
        return Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST,
                                  "role '" + role->name +
                                      "' takes no invite links (only roles with auth = link do)",
                                  "role");
    const std::string roomProblem = Validation::roomName(room);
    if (!roomProblem.empty())
        return Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST, "parameter 'room' " + roomProblem,
                                  "room");
    int seconds = InviteLinks::defaultValidSeconds;
    if (!valid.empty())
    {
        const std::string problem = InviteLinks::parseValidity(valid, seconds);
        if (!problem.empty())
            return Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST,
                                      "parameter 'valid': " + problem, "valid");
    }

    const Invite invite = _context.invites->issue(role->name, room, seconds);
    std::string user = "?";
    try
    {
        user = Poco::Net::HTTPBasicCredentials(request.head).getUsername();
    }
    catch (const Poco::Exception&)
    {
    }
    const std::string expires =
        Poco::DateTimeFormatter::format(invite.expiresAt, Poco::DateTimeFormat::ISO8601_FORMAT);
    // Who handed out which link, so it can be revoked by id.
    _context.logger.information("invite link %s for role %s in room %s, valid until %s: made by "
                                "user %s of role %s from %s",
                                invite.id, role->name, room, expires, user, maker->name,
                                request.clientAddress);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("url", InviteLinks::address(_context.settings.publicUrl, _context.settings.basePath,
                                          role->route, invite));
    body->set("id", invite.id);
    body->set("role", role->name);
    body->set("label", role->label);
    body->set("room", room);
    body->set("expires", expires);
    return Respond::json(HTTPResponse::HTTP_OK, body);
}

} // namespace rolecall
