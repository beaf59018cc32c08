#include "http/RequestRouter.h"
#include "Poco/String.h"
#include "Poco/URI.h"
#include "http/InfoHandler.h"
#include "http/InviteHandler.h"
#include "http/Respond.h"
#include "http/RolePageHandler.h"
#include "http/RoomQuery.h"
#include "http/StaticFileHandler.h"
#include "net/WebSocketHandshake.h"
#include "net/WebSocketListener.h"
#include <algorithm>
#include <chrono>

namespace rolecall
{

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Plan = HttpService::Plan;

namespace
{

// Work for a worker: whatever it throws becomes a 500 that says so, and a
// log line, never a silent empty reply. `what` names the work for that line;
// it is called only then, so a request that goes well builds no text for it.
template <typename Work, typename What>
Plan guarded(ServerContext& context, std::shared_ptr<const RoleSet> roles, bool asJson, What what,
             Work work)
{
    return Plan::defer(
        [&context, roles = std::move(roles), asJson, what, work]() mutable
        {
            try
            {
                return work(*roles);
            }
            catch (const std::exception& e)
            {
                context.logger.error("%s failed: %s", what(), std::string(e.what()));
            }
            catch (...)
            {
                context.logger.error("%s failed", what());
            }
            return Respond::error(HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, roles->renderer(),
                                  "The server failed to answer this request.", asJson);
        });
}

// A role's page or token: counted by role and status, timed from routing
// (so time spent waiting for a worker counts) to the answer.
template <typename Work> auto timedFor(ServerContext& context, const Role& role, Work work)
{
    return [&context, &role, work,
            start = std::chrono::steady_clock::now()](const RoleSet& set) mutable
    {
        Response response = work(set);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        context.metrics.pageServed(role.name, response.head.getStatus(), took.count());
        return response;
    };
}

} // namespace

RequestRouter::RequestRouter(ServerContext& context)
    : _context(context), _metricsAllow(context.settings.metricsAllow)
{
}

Response RequestRouter::failure(int status, const std::string& message)
{
    // The connection layer's limits answer through here: count them.
    if (status == 503)
        _context.metrics.throttled("server_busy");
    else if (status == 408)
        _context.metrics.throttled("request_timeout");
    else if (status == 413 || status == 431)
        _context.metrics.throttled("request_too_large");
    return Respond::errorPage(static_cast<HTTPResponse::HTTPStatus>(status),
                              _context.roles.current()->renderer(), message);
}

Plan RequestRouter::route(const std::shared_ptr<const Request>& shared)
{
    const Request& request = *shared;
    auto roles = _context.roles.current();
    const PageRenderer& renderer = roles->renderer();
    std::string path;
    try
    {
        Poco::URI::decode(request.path, path);
    }
    catch (const Poco::Exception&)
    {
        return Plan::answer(Respond::errorPage(HTTPResponse::HTTP_BAD_REQUEST, renderer,
                                               "The address is not a valid URI."));
    }
    // Behind a proxy that mounts the server on a path, every route lives under
    // it; /healthz also at the root, for a monitor that asks the server itself.
    const std::string& base = _context.settings.basePath;
    if (!base.empty() && path != "/healthz")
    {
        if (path.compare(0, base.size(), base) != 0 ||
            (path.size() > base.size() && path[base.size()] != '/'))
            return Plan::answer(Respond::errorPage(HTTPResponse::HTTP_NOT_FOUND, renderer,
                                                   "There is no page at this address."));
        path.erase(0, base.size());
        if (path.empty())
            path = "/";
    }
    const bool api = path.compare(0, 5, "/api/") == 0;
    const std::string& method = request.head.getMethod();
    if (path == "/api/invite")
        return invite(shared, roles);
    if (method != HTTPRequest::HTTP_GET && method != HTTPRequest::HTTP_HEAD)
    {
        Response refused = Respond::error(HTTPResponse::HTTP_METHOD_NOT_ALLOWED, renderer,
                                          "Only GET and HEAD are allowed here.", api);
        refused.head.set("Allow", "GET, HEAD");
        return Plan::answer(std::move(refused));
    }

    if (path == "/healthz")
        return Plan::answer(InfoHandler::health(_context, *roles));
    if (path == "/api/roles")
        return Plan::answer(InfoHandler::roles(_context, *roles));
    if (path == "/metrics")
        return Plan::answer(metrics(request));
    if (path == "/api/token")
    {
        std::string name;
        try
        {
            name = RoomQuery::single(RoomQuery::form(request.head), "role");
        }
        catch (const BadParameter& e)
        {
            return Plan::answer(
                Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST, e.what(), e.parameter()));
        }
        if (name.empty())
            return Plan::answer(Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST,
                                                   "parameter 'role' is required", "role"));
        const Role* role = roles->byName(name);
        if (!role)
            return Plan::answer(
                Respond::errorJson(HTTPResponse::HTTP_NOT_FOUND, "there is no role of that name"));
        return guarded(
            _context, roles, true, [role] { return "token for role " + role->name; },
            timedFor(_context, *role,
                     [this, role, shared](const RoleSet& set)
                     { return RolePageHandler(_context, set, *role, true).handle(*shared); }));
    }
    // On signalwire, /ws is the lobby's alone: open while a role waits in one.
    if (path == "/ws" && _context.signaling &&
        (!_context.lobbyOnlySignaling ||
         std::any_of(roles->roles().begin(), roles->roles().end(),
                     [](const Role& role) { return role.options.lobby; })))
        return webSocket(request);
    if (path == "/favicon.ico")
        path = "/static/logo.svg"; // browsers ask for it whether a page names an icon or not
    if (path.compare(0, 8, "/static/") == 0)
        return guarded(
            _context, roles, false, [path] { return "static file " + path; },
            [this, path](const RoleSet& set)
            { return StaticFileHandler(_context.settings, set).handle(path); });
    if (const Role* role = roles->byRoute(path))
        return guarded(
            _context, roles, false, [role] { return "page of role " + role->name; },
            timedFor(_context, *role,
                     [this, role, shared](const RoleSet& set)
                     { return RolePageHandler(_context, set, *role, false).handle(*shared); }));
    return Plan::answer(Respond::error(HTTPResponse::HTTP_NOT_FOUND, renderer,
                                       "There is no page at this address.", api));
}

// Each call makes a new link, so POST; and a page of another origin must not
// make one with a moderator's login that its browser sends along (a
// browser's POST always carries Origin; a client that is no browser sends none).
Plan RequestRouter::invite(const std::shared_ptr<const Request>& shared,
                           std::shared_ptr<const RoleSet> roles)
{
    const Request& request = *shared;
    if (request.head.getMethod() != HTTPRequest::HTTP_POST)
    {
        Response refused = Respond::errorJson(HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                                              "only POST makes an invite link");
        refused.head.set("Allow", "POST");
        return Plan::answer(std::move(refused));
    }
    if (!originAllowed(request))
        return Plan::answer(Respond::errorJson(
            HTTPResponse::HTTP_FORBIDDEN, "a page of another origin may not make invite links"));
    return guarded(
        _context, std::move(roles), true, [] { return std::string("invite link"); },
        [this, shared](const RoleSet& set)
        { return InviteHandler(_context, set).handle(*shared); });
}

Plan RequestRouter::webSocket(const Request& request)
{
    const std::string problem = WebSocketHandshake::problem(request.head);
    if (!problem.empty())
    {
        if (WebSocketHandshake::missingUpgradeHeaders(request.head))
            _context.logger.warning(
                "GET /ws from %s came without Upgrade headers: if a proxy is in front, it "
                "does not forward Upgrade and Connection (see conf/nginx)",
                request.clientAddress);
        return Plan::answer(Respond::errorJson(HTTPResponse::HTTP_BAD_REQUEST, problem));
    }
    if (!originAllowed(request))
    {
        _context.logger.warning("refused /ws from %s: Origin %s is not this server's nor in "
                                "server.allowed_origins",
                                request.clientAddress, request.head.get("Origin"));
        return Plan::answer(Respond::errorJson(HTTPResponse::HTTP_FORBIDDEN,
                                               "this origin may not open the room connection"));
    }
    return Plan::upgrade(*_context.signaling);
}

// Prometheus text, to the addresses metrics.allow names only: the figures
// tell an outsider how busy the server is and which roles exist.
Response RequestRouter::metrics(const Request& request)
{
    const AddressBlocks& allowed = _metricsAllow;
    if (allowed.empty())
        return Respond::errorJson(HTTPResponse::HTTP_NOT_FOUND, "metrics are off (metrics.allow)");
    if (!allowed.contains(request.clientAddress))
    {
        _context.logger.warning("refused GET /metrics from %s: not in metrics.allow",
                                request.clientAddress);
        return Respond::errorJson(HTTPResponse::HTTP_FORBIDDEN,
                                  "this address may not read the metrics (metrics.allow)");
    }
    Response response(HTTPResponse::HTTP_OK);
    response.head.set("Content-Type", Metrics::contentType);
    response.head.set("Cache-Control", "no-store");
    response.body = _context.metrics.text();
    return response;
}

// Browsers always send Origin on a WebSocket: a page elsewhere must not
// drive a visitor's room connection. Clients that are no browser send none.
bool RequestRouter::originAllowed(const Request& request) const
{
    if (!request.head.has("Origin"))
        return true;
    const std::string origin = Poco::toLower(request.head.get("Origin"));
    const std::string host = Poco::toLower(request.head.getHost());
    if (!host.empty() && (origin == "http://" + host || origin == "https://" + host))
        return true;
    for (const auto& allowed : _context.settings.allowedOrigins)
        if (origin == Poco::toLower(allowed))
            return true;
    return false;
}

} // namespace rolecall
