#ifndef rolecall_Respond_INCLUDED
#define rolecall_Respond_INCLUDED

#include "Poco/JSON/Object.h"
#include "net/Response.h"
#include <string>
#include <vector>

namespace rolecall
{

class PageRenderer;

/// Building responses, with the headers every response of ours carries.
namespace Respond
{

using Status = Poco::Net::HTTPResponse::HTTPStatus;

Response html(Status status, const std::string& body);

/// A page whose scripts also connect to `connectTo` (origins), as its
/// Content-Security-Policy then allows.
Response page(Status status, const std::string& body, const std::vector<std::string>& connectTo);

Response json(Status status, const Poco::JSON::Object::Ptr& body);

/// An HTML error page from the renderer's error template.
Response errorPage(Status status, const PageRenderer& renderer, const std::string& message);

/// {"error": {"status": N, "message": "...", "parameter": "..."}} (parameter if given).
Response errorJson(Status status, const std::string& message, const std::string& parameter = "");

/// JSON under /api/ and for API callers, an HTML page elsewhere.
Response error(Status status, const PageRenderer& renderer, const std::string& message, bool asJson,
               const std::string& parameter = "");

} // namespace Respond

} // namespace rolecall

#endif
