#include "http/RolePageHandler.h"
#include "Poco/JSON/Array.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/String.h"
#include "http/InviteHandler.h"
#include "http/Respond.h"
#include "http/RoomQuery.h"
#include "rolecall/Permissions.h"
#include "roles/PluginCall.h"
#include "tokens/InviteError.h"
#include "tokens/InviteLinks.h"
#include "tokens/LobbyTicketIssuer.h"
#include "util/JsonList.h"
#include <algorithm>

namespace rolecall
{

using Poco::Net::HTTPResponse;

RolePageHandler::RolePageHandler(ServerContext& context, const RoleSet& roles, const Role& role,
                                 bool asJson)
    : _context(context), _roles(roles), _role(role), _asJson(asJson)
{
}

Response RolePageHandler::fail(HTTPResponse::HTTPStatus status, const std::string& message,
                               const std::string& parameter) const
{
    return Respond::error(status, _roles.renderer(), message, _asJson, parameter);
}

Response RolePageHandler::refusal(const Authenticator::Verdict& verdict, const Role& role,
                                  const PageRenderer& renderer, bool asJson)
{
    using Verdict = Authenticator::Verdict;
    if (verdict.outcome == Verdict::Denied)
    {
        Response denied = Respond::error(HTTPResponse::HTTP_UNAUTHORIZED, renderer,
                                         "This page needs a login.", asJson);
        denied.head.set("WWW-Authenticate", Authenticator::challenge(role));
        return denied;
    }
    const std::string wait = std::to_string(verdict.retryAfter);
    Response refused =
        verdict.outcome == Verdict::Throttled
            ? Respond::error(HTTPResponse::HTTP_TOO_MANY_REQUESTS, renderer,
                             "Too many failed logins. Try again in " + wait + " s.", asJson)
            : Respond::error(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, renderer,
                             "The server is busy checking logins. Try again in " + wait + " s.",
                             asJson);
    refused.head.set("Retry-After", wait);
    return refused;
}

Response RolePageHandler::failed(const RolecallException& e) const
{
    std::string parameter;
    std::string message = e.message();
    if (const auto* bad = dynamic_cast<const BadParameter*>(&e))
        parameter = bad->parameter();
    else if (dynamic_cast<const InviteError*>(&e))
        parameter = "invite";
    else if (dynamic_cast<const PluginFailure*>(&e))
    {
        _context.logger.error(e.message());
        message = "The role '" + _role.name +
                  "' failed to make this page (its plugin has a bug; the server log says more). "
                  "Other pages are not affected.";
    }
    else if (dynamic_cast<const BackendError*>(&e))
        _context.logger.warning((e.code() < 500 ? "room refused for role " // by policy
                                                : "room backend failed for role ") +
                                _role.name + ": " + e.message());
    const int status = e.code() >= 400 && e.code() < 600 ? e.code() : 500;
    return fail(static_cast<HTTPResponse::HTTPStatus>(status), message, parameter);
}

Response RolePageHandler::handle(const Request& httpRequest)
{
    const Poco::Net::HTTPRequest& request = httpRequest.head;
    // Nothing about a protected role is revealed before the login succeeds.
    const auto verdict = _context.authenticator.check(_role, request, httpRequest.clientAddress);
    if (verdict.outcome != Authenticator::Verdict::Allowed)
        return refusal(verdict, _role, _roles.renderer(), _asJson);
    try
    {
        const RoomQuery query = readQuery(request);
        // HEAD asks for GET's headers only: it gets them (its body, made
        // below, is never sent) but no room token, so no link checker or
        // preview bot issues tokens or creates a SignalWire room. The page it
        // would get carries an empty token and no extra connect-src.
        const bool headersOnly = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
        std::vector<std::string> connectTo;
        const Admission admission = admit(query, headersOnly, connectTo);
        PageValues values;
        setScript(values, query, admission);
        if (_asJson)
            return Respond::json(HTTPResponse::HTTP_OK, values.script);
        setText(values, query);
        return Respond::page(HTTPResponse::HTTP_OK, _roles.renderer().render(*_role.page, values),
                             connectTo);
    }
    catch (const RolecallException& e)
    {
        return failed(e);
    }
}

RoomQuery RolePageHandler::readQuery(const Poco::Net::HTTPRequest& request) const
{
    const Poco::Net::HTMLForm form = RoomQuery::form(request);
    RoomQuery query = RoomQuery::parse(form, _context.settings.defaultRoom, _role);
    if (_role.requiresLink)
    {
        const std::string invite = RoomQuery::single(form, "invite");
        if (!_context.invites)
            throw RolecallException("This server makes no invite links.", 403);
        _context.invites->check(invite, _role.name, query.room);
    }
    return query;
}

Admission RolePageHandler::admit(const RoomQuery& query, bool headersOnly,
                                 std::vector<std::string>& connectTo) const
{
    const AdmissionRequest request{query.room,        query.user,    _role.name,
                                   _role.permissions, _role.options, _role.requiresLogin};
    // A lobby role's page carries no room token: only a ticket to wait on
    // /ws until a moderator admits it (signaling/Lobby.h); the backend makes
    // the token then.
    if (_role.options.lobby)
    {
        connectTo = _context.backend.prepareLobby(request); // asks no cloud
        return {};
    }
    if (headersOnly)
        return {};
    Admission admission = _context.backend.admit(request);
    connectTo = admission.connectTo;
    return admission;
}

void RolePageHandler::setScript(PageValues& values, const RoomQuery& query,
                                const Admission& admission) const
{
    Poco::JSON::Object& script = *values.script;
    if (_role.options.lobby)
    {
        script.set("lobby", ticket(LobbyTicket::Kind::Wait, query, LobbyTicketIssuer::waitSeconds));
        values.flags["lobby"] = true;
    }
    else
        script.set("token", admission.token);
    // Whoever may remove members also admits from the lobby, when any role
    // waits in one: through its room connection on embedded, or with a
    // ticket of its own on /ws when its room is on SignalWire.
    if (!_role.options.lobby && hasPermission(_role.permissions, "room.member.remove") &&
        _context.lobbyTickets && _context.signaling &&
        std::any_of(_roles.roles().begin(), _roles.roles().end(),
                    [](const Role& r) { return r.options.lobby; }))
    {
        script.set("lobby_watch",
                   _context.lobbyOnlySignaling
                       ? ticket(LobbyTicket::Kind::Watch, query, _context.settings.tokenTtlSeconds)
                       : Poco::JSON::Object::Ptr(new Poco::JSON::Object));
        values.flags["lobby_moderator"] = true;
    }
    script.set("room", query.room);
    script.set("user", query.user);
    script.set("role", _role.name);
    script.set("label", _role.label);
    script.set("permissions", jsonList(_role.permissions));
    // What the page may ask devices for, and how it joins.
    Poco::JSON::Object::Ptr join = new Poco::JSON::Object;
    join->set("as", _role.options.audience ? "audience" : "member");
    join->set("media_allowed", _role.options.mediaAllowed);
    join->set("audio_muted", _role.options.joinAudioMuted);
    join->set("video_muted", _role.options.joinVideoMuted);
    script.set("join", join);
    // Every role's label, so the page names other members by label, not by id.
    Poco::JSON::Object::Ptr labels = new Poco::JSON::Object;
    for (const auto& role : _roles.roles())
        labels->set(role.name, role.label);
    script.set("labels", labels);
    script.set("backend", _context.backend.name());
    script.set("connection", admission.connection);
    // A moderator's page may hand out links to the roles that need one.
    const bool invites = _context.invites && InviteHandler::mayInvite(_role);
    Poco::JSON::Array::Ptr linkRoles = new Poco::JSON::Array;
    for (const auto& role : _roles.roles())
        if (invites && role.requiresLink)
        {
            Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
            item->set("name", role.name);
            item->set("label", role.label);
            linkRoles->add(item);
        }
    if (linkRoles->size() > 0)
    {
        Poco::JSON::Object::Ptr invite = new Poco::JSON::Object;
        invite->set("endpoint", _context.settings.basePath + "/api/invite");
        invite->set("roles", linkRoles);
        script.set("invite", invite);
    }
    values.flags["invite_links"] = linkRoles->size() > 0;
}

Poco::JSON::Object::Ptr RolePageHandler::ticket(LobbyTicket::Kind kind, const RoomQuery& query,
                                                int seconds) const
{
    if (!_context.lobbyTickets || !_context.signaling)
        throw RolecallException("This server has no lobby.", 503);
    LobbyTicket ticket;
    ticket.kind = kind;
    ticket.room = query.room;
    ticket.user = query.user;
    ticket.role = _role.name;
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("ticket", _context.lobbyTickets->issue(ticket, seconds));
    result->set("signaling", _context.settings.basePath + "/ws");
    if (kind == LobbyTicket::Kind::Wait)
        result->set("expires_at", ticket.expiresAt.epochTime());
    return result;
}

void RolePageHandler::setText(PageValues& values, const RoomQuery& query) const
{
    values.text = callPlugin(_role, "pageValues",
                             [&] { return _role.plugin->pageValues(query.room, query.user); });
    // The server's own values win over a plugin's.
    values.text.insert_or_assign("room", query.room);
    values.text.insert_or_assign("user", query.user);
    values.text.insert_or_assign("label", _role.label);
    values.text.insert_or_assign("role", _role.name);
    values.text.insert_or_assign("logo", _context.settings.logo);
    values.text.insert_or_assign("backend", _context.backend.name());
    // One flag per permission ("room_member_remove"), for <? if ?> in templates.
    for (const auto& p : _role.permissions)
        values.flags[Poco::replace(p, ".", "_")] = true;
    values.flags["backend_" + _context.backend.name()] = true;
}

} // namespace rolecall
