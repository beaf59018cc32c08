#ifndef rolecall_Respond_INCLUDED
#define rolecall_Respond_INCLUDED

#include "Poco/JSON/Object.h"
#include "Poco/Net/HTTPServerResponse.h"
#include <string>

namespace rolecall
{

class PageRenderer;

/// Writing responses, with the headers every response of ours carries.
namespace Respond
{

void html(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
          const std::string& body);

void json(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
          const Poco::JSON::Object::Ptr& body);

/// An HTML error page from the renderer's error template.
void errorPage(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
               const PageRenderer& renderer, const std::string& message);

/// {"error": {"status": N, "message": "...", "parameter": "..."}} (parameter if given).
void errorJson(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
               const std::string& message, const std::string& parameter = "");

} // namespace Respond

} // namespace rolecall

#endif
