#include "http/RolePageHandler.h"
#include "Poco/JSON/Array.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/String.h"
#include "http/Respond.h"
#include "http/RoomQuery.h"
#include "roles/PluginCall.h"
#include "util/JsonList.h"

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

Response RolePageHandler::refusal(const Authenticator::Verdict& verdict) const
{
    using Verdict = Authenticator::Verdict;
    if (verdict.outcome == Verdict::Denied)
    {
        Response denied = fail(HTTPResponse::HTTP_UNAUTHORIZED, "This page needs a login.");
        denied.head.set("WWW-Authenticate", Authenticator::challenge(_role));
        return denied;
    }
    const std::string wait = std::to_string(verdict.retryAfter);
    Response refused =
        verdict.outcome == Verdict::Throttled
            ? fail(HTTPResponse::HTTP_TOO_MANY_REQUESTS,
                   "Too many failed logins. Try again in " + wait + " s.")
            : fail(HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                   "The server is busy checking logins. Try again in " + wait + " s.");
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
        return refusal(verdict);

    RoomQuery query;
    try
    {
        query = RoomQuery::parse(RoomQuery::form(request), _context.settings.defaultRoom, _role);
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

    // HEAD asks for GET's headers only: it gets them (its body, made below,
    // is never sent) but no room token, so no link checker or preview bot
    // issues tokens or creates a SignalWire room. The page it would get
    // carries an empty token and no extra connect-src.
    const bool headersOnly = request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
    Admission admission;
    try
    {
        if (!headersOnly)
            admission = _context.backend.admit(
                {query.room, query.user, _role.name, _role.permissions, _role.requiresLogin});
    }
    catch (const BackendError& e)
    {
        _context.logger.warning((e.status() < 500 ? "room refused for role " // by policy
                                                  : "room backend failed for role ") +
                                _role.name + ": " + e.what());
        return fail(static_cast<HTTPResponse::HTTPStatus>(e.status()), e.what());
    }

    PageValues values;
    values.script->set("token", admission.token);
    values.script->set("room", query.room);
    values.script->set("user", query.user);
    values.script->set("role", _role.name);
    values.script->set("label", _role.label);
    values.script->set("permissions", jsonList(_role.permissions));
    // Every role's label, so the page names other members by label, not by id.
    Poco::JSON::Object::Ptr labels = new Poco::JSON::Object;
    for (const auto& role : _roles.roles())
        labels->set(role.name, role.label);
    values.script->set("labels", labels);
    values.script->set("backend", _context.backend.name());
    values.script->set("connection", admission.connection);
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
    return Respond::page(HTTPResponse::HTTP_OK, _roles.renderer().render(*_role.page, values),
                         admission.connectTo);
}

} // namespace rolecall
