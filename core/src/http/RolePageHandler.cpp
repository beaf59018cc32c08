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

Response RolePageHandler::pluginFailed(const PluginFailure& failure) const
{
    _context.logger.error(failure.what());
    return fail(HTTPResponse::HTTP_INTERNAL_SERVER_ERROR,
                "The role '" + _role.name +
                    "' failed to make this page (its plugin has a bug; the server log says "
                    "more). Other pages are not affected.");
}

Response RolePageHandler::handle(const Request& httpRequest)
{
    const Poco::Net::HTTPRequest& request = httpRequest.head;
    // Nothing about a protected role is revealed before the login succeeds.
    const auto verdict = _context.authenticator.check(_role, request, httpRequest.clientAddress);
    if (verdict.outcome != Authenticator::Verdict::Allowed)
        return refusal(verdict, _role, _roles.renderer(), _asJson);

    RoomQuery query;
    std::string invite;
    try
    {
        const Poco::Net::HTMLForm form = RoomQuery::form(request);
        query = RoomQuery::parse(form, _context.settings.defaultRoom, _role);
        if (_role.requiresLink)
            invite = RoomQuery::single(form, "invite");
    }
    catch (const BadParameter& e)
    {
        return fail(HTTPResponse::HTTP_BAD_REQUEST, e.what(), e.parameter());
    }
    catch (const PluginFailure& e)
    {
        return pluginFailed(e);
    }
    catch (const Poco::Exception& e)
    {
        return fail(HTTPResponse::HTTP_BAD_REQUEST,
                    "the query string is malformed (" + e.message() + ")");
    }

    if (_role.requiresLink)
    {
        if (!_context.invites)
            return fail(HTTPResponse::HTTP_FORBIDDEN, "This server makes no invite links.");
        try
        {
            _context.invites->check(invite, _role.name, query.room);
        }
        catch (const InviteError& e)
        {
            return fail(HTTPResponse::HTTP_FORBIDDEN, e.what(), "invite");
        }
    }

    // A lobby role's page carries no room token: only a ticket to wait on
    // /ws until a moderator admits it (signaling/Lobby.h); the backend makes
    // the token then.
    const bool lobby = _role.options.lobby;

    // HEAD asks for GET's headers only: it gets them (its body, made below,
    // is never sent) but no room token, so no link checker or preview bot
    // issues tokens or creates a SignalWire room. The page it would get
    // carries an empty token and no extra connect-src.
    const bool headersOnly = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
    Admission admission;
    std::vector<std::string> connectTo;
    try
    {
        const AdmissionRequest admissionRequest{query.room,    query.user,
                                                _role.name,    _role.permissions,
                                                _role.options, _role.requiresLogin};
        if (lobby)
            connectTo = _context.backend.prepareLobby(admissionRequest); // asks no cloud
        else if (!headersOnly)
        {
            admission = _context.backend.admit(admissionRequest);
            connectTo = admission.connectTo;
        }
    }
    catch (const BackendError& e)
    {
        _context.logger.warning((e.status() < 500 ? "room refused for role " // by policy
                                                  : "room backend failed for role ") +
                                _role.name + ": " + e.what());
        return fail(static_cast<HTTPResponse::HTTPStatus>(e.status()), e.what());
    }

    const std::string signalingPath = _context.settings.basePath + "/ws";
    PageValues values;
    if (lobby)
    {
        if (!_context.lobbyTickets || !_context.signaling)
            return fail(HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "This server has no lobby.");
        LobbyTicket ticket;
        ticket.kind = LobbyTicket::Kind::Wait;
        ticket.room = query.room;
        ticket.user = query.user;
        ticket.role = _role.name;
        Poco::JSON::Object::Ptr wait = new Poco::JSON::Object;
        wait->set("ticket", _context.lobbyTickets->issue(ticket, LobbyTicketIssuer::waitSeconds));
        wait->set("signaling", signalingPath);
        wait->set("expires_at", ticket.expiresAt.epochTime());
        values.script->set("lobby", wait);
        values.flags["lobby"] = true;
    }
    else
        values.script->set("token", admission.token);
    // Whoever may remove members also admits from the lobby, when any role
    // waits in one: through its room connection on embedded, or with a
    // ticket of its own on /ws when its room is on SignalWire.
    if (!lobby && hasPermission(_role.permissions, "room.member.remove") && _context.lobbyTickets &&
        _context.signaling &&
        std::any_of(_roles.roles().begin(), _roles.roles().end(),
                    [](const Role& r) { return r.options.lobby; }))
    {
        Poco::JSON::Object::Ptr watch = new Poco::JSON::Object;
        if (_context.lobbyOnlySignaling)
        {
            LobbyTicket ticket;
            ticket.kind = LobbyTicket::Kind::Watch;
            ticket.room = query.room;
            ticket.user = query.user;
            ticket.role = _role.name;
            watch->set("ticket",
                       _context.lobbyTickets->issue(ticket, _context.settings.tokenTtlSeconds));
            watch->set("signaling", signalingPath);
        }
        values.script->set("lobby_watch", watch);
        values.flags["lobby_moderator"] = true;
    }
    values.script->set("room", query.room);
    values.script->set("user", query.user);
    values.script->set("role", _role.name);
    values.script->set("label", _role.label);
    values.script->set("permissions", jsonList(_role.permissions));
    // What the page may ask devices for, and how it joins.
    Poco::JSON::Object::Ptr join = new Poco::JSON::Object;
    join->set("as", _role.options.audience ? "audience" : "member");
    join->set("media_allowed", _role.options.mediaAllowed);
    join->set("audio_muted", _role.options.joinAudioMuted);
    join->set("video_muted", _role.options.joinVideoMuted);
    values.script->set("join", join);
    // Every role's label, so the page names other members by label, not by id.
    Poco::JSON::Object::Ptr labels = new Poco::JSON::Object;
    for (const auto& role : _roles.roles())
        labels->set(role.name, role.label);
    values.script->set("labels", labels);
    values.script->set("backend", _context.backend.name());
    values.script->set("connection", admission.connection);
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
        values.script->set("invite", invite);
    }
    if (_asJson)
        return Respond::json(HTTPResponse::HTTP_OK, values.script);
    try
    {
        values.text = callPlugin(_role, "pageValues",
                                 [&] { return _role.plugin->pageValues(query.room, query.user); });
    }
    catch (const PluginFailure& e)
    {
        return pluginFailed(e);
    }
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
    values.flags["invite_links"] = linkRoles->size() > 0;
    return Respond::page(HTTPResponse::HTTP_OK, _roles.renderer().render(*_role.page, values),
                         connectTo);
}

} // namespace rolecall
