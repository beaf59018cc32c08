#include "http/Respond.h"
#include "Poco/JSON/Stringifier.h"
#include "pages/PageRenderer.h"
#include <sstream>

namespace rolecall
{
namespace Respond
{
namespace
{

// Pages carry room tokens: never cache them, never frame them, run only our
// own scripts, and let those talk only to this origin ('self' covers ws: and
// wss: to the same host and port) unless a backend names more.
const std::string baseHeaders = "X-Content-Type-Options: nosniff\r\n"
                                "Referrer-Policy: no-referrer\r\n"
                                "Cache-Control: no-store\r\n"
                                "X-Frame-Options: DENY\r\n";

std::string policy(const std::vector<std::string>& connectTo)
{
    std::string connect = "'self'";
    for (const auto& origin : connectTo)
        connect += " " + origin;
    return "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; connect-src " +
           connect + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
}

const std::string securityHeaders = baseHeaders + "Content-Security-Policy: " + policy({}) + "\r\n";

Response make(Status status, const std::string& contentType, std::string body)
{
    Response response(status);
    response.head.set("Content-Type", contentType);
    response.sharedHeaders = &securityHeaders;
    response.body = std::move(body);
    return response;
}

} // namespace

Response html(Status status, const std::string& body)
{
    return make(status, "text/html; charset=utf-8", body);
}

Response page(Status status, const std::string& body, const std::vector<std::string>& connectTo)
{
    Response response = html(status, body);
    if (!connectTo.empty())
    {
        response.sharedHeaders = &baseHeaders;
        response.head.set("Content-Security-Policy", policy(connectTo));
    }
    return response;
}

Response json(Status status, const Poco::JSON::Object::Ptr& body)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(body, out);
    return make(status, "application/json", out.str());
}

Response errorPage(Status status, const PageRenderer& renderer, const std::string& message)
{
    const std::string title = std::to_string(static_cast<int>(status)) + " " +
                              Poco::Net::HTTPResponse::getReasonForStatus(status);
    return html(status, renderer.renderError(title, message));
}

Response errorJson(Status status, const std::string& message, const std::string& parameter)
{
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object;
    error->set("status", static_cast<int>(status));
    error->set("message", message);
    if (!parameter.empty())
        error->set("parameter", parameter);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("error", error);
    return json(status, body);
}

Response error(Status status, const PageRenderer& renderer, const std::string& message, bool asJson,
               const std::string& parameter)
{
    return asJson ? errorJson(status, message, parameter) : errorPage(status, renderer, message);
}

} // namespace Respond
} // namespace rolecall
