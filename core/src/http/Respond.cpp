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

void commonHeaders(Poco::Net::HTTPServerResponse& response)
{
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    // Pages carry room tokens: never cache them, never frame them, run only
    // our own scripts.
    response.set("Cache-Control", "no-store");
    response.set("X-Frame-Options", "DENY");
    response.set("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
                 "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; "
                 "frame-ancestors 'none'");
}

void send(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
          const std::string& contentType, const std::string& body)
{
    response.setStatusAndReason(status);
    commonHeaders(response);
    response.setContentType(contentType);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.sendBuffer(body.data(), body.size());
}

} // namespace

void html(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
          const std::string& body)
{
    send(response, status, "text/html; charset=utf-8", body);
}

void json(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
          const Poco::JSON::Object::Ptr& body)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(body, out);
    send(response, status, "application/json", out.str());
}

void errorPage(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
               const PageRenderer& renderer, const std::string& message)
{
    const std::string title = std::to_string(static_cast<int>(status)) + " " +
                              Poco::Net::HTTPResponse::getReasonForStatus(status);
    html(response, status, renderer.renderError(title, message));
}

void errorJson(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
               const std::string& message, const std::string& parameter)
{
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object;
    error->set("status", static_cast<int>(status));
    error->set("message", message);
    if (!parameter.empty())
        error->set("parameter", parameter);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("error", error);
    json(response, status, body);
}

} // namespace Respond
} // namespace rolecall
