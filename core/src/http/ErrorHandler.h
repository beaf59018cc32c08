#ifndef rolecall_ErrorHandler_INCLUDED
#define rolecall_ErrorHandler_INCLUDED

#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPResponse.h"
#include "roles/RoleSet.h"
#include <memory>
#include <string>

namespace rolecall
{

/// Answers with an error decided by the router: 400 for an unreadable
/// request line, 404 for an unknown path, 405 (with Allow) for a wrong method.
/// JSON under /api/, an HTML page elsewhere.
class ErrorHandler : public Poco::Net::HTTPRequestHandler
{
public:
    ErrorHandler(std::shared_ptr<const RoleSet> roles, Poco::Net::HTTPResponse::HTTPStatus status,
                 std::string message, bool asJson);

    /// Adds an Allow header (for 405).
    ErrorHandler* allowing(std::string methods);
    /// Names the query parameter at fault (in the JSON error).
    ErrorHandler* about(std::string parameter);

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    std::shared_ptr<const RoleSet> _roles;
    Poco::Net::HTTPResponse::HTTPStatus _status;
    std::string _message;
    bool _asJson;
    std::string _allow;
    std::string _parameter;
};

} // namespace rolecall

#endif
