#include "http/RequestRouter.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/URI.h"
#include "http/ErrorHandler.h"
#include "http/InfoHandler.h"
#include "http/RolePageHandler.h"
#include "http/RoomQuery.h"
#include "http/StaticFileHandler.h"
#include "http/WebSocketHandler.h"

namespace rolecall
{

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

RequestRouter::RequestRouter(ServerContext& context) : _context(context) {}

Poco::Net::HTTPRequestHandler*
RequestRouter::createRequestHandler(const Poco::Net::HTTPServerRequest& request)
{
    auto roles = _context.roles.current();
    std::string path;
    try
    {
        path = Poco::URI(request.getURI()).getPath();
    }
    catch (const Poco::Exception&)
    {
        return new ErrorHandler(roles, HTTPResponse::HTTP_BAD_REQUEST,
                                "The address is not a valid URI.", false);
    }
    const bool api = path.compare(0, 5, "/api/") == 0;
    const std::string& method = request.getMethod();
    if (method != HTTPRequest::HTTP_GET && method != HTTPRequest::HTTP_HEAD)
        return (new ErrorHandler(roles, HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                                 "Only GET and HEAD are allowed here.", api))
            ->allowing("GET, HEAD");

    if (path == "/healthz")
        return new InfoHandler(_context, roles, InfoHandler::Kind::Health);
    if (path == "/api/roles")
        return new InfoHandler(_context, roles, InfoHandler::Kind::Roles);
    if (path == "/api/token")
    {
        std::string name;
        try
        {
            name = RoomQuery::single(RoomQuery::form(request), "role");
        }
        catch (const BadParameter& e)
        {
            return (new ErrorHandler(roles, HTTPResponse::HTTP_BAD_REQUEST, e.what(), true))
                ->about(e.parameter());
        }
        if (name.empty())
            return (new ErrorHandler(roles, HTTPResponse::HTTP_BAD_REQUEST,
                                     "parameter 'role' is required", true))
                ->about("role");
        const Role* role = roles->byName(name);
        if (!role)
            return new ErrorHandler(roles, HTTPResponse::HTTP_NOT_FOUND,
                                    "there is no role of that name", true);
        return new RolePageHandler(_context, roles, *role, true);
    }
    if (path == "/ws" && _context.signaling)
        return new WebSocketHandler(*_context.signaling);
    if (path.compare(0, 8, "/static/") == 0)
        return new StaticFileHandler(_context.settings, roles);
    if (const Role* role = roles->byRoute(path))
        return new RolePageHandler(_context, roles, *role, false);
    return new ErrorHandler(roles, HTTPResponse::HTTP_NOT_FOUND,
                            "There is no page at this address.", api);
}

} // namespace rolecall
