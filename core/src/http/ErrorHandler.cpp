#include "http/ErrorHandler.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "http/Respond.h"

namespace rolecall
{

ErrorHandler::ErrorHandler(std::shared_ptr<const RoleSet> roles,
                           Poco::Net::HTTPResponse::HTTPStatus status, std::string message,
                           bool asJson, std::string allow)
    : _roles(std::move(roles)), _status(status), _message(std::move(message)), _asJson(asJson),
      _allow(std::move(allow))
{
}

void ErrorHandler::handleRequest(Poco::Net::HTTPServerRequest&,
                                 Poco::Net::HTTPServerResponse& response)
{
    if (!_allow.empty())
        response.set("Allow", _allow);
    if (_asJson)
        Respond::errorJson(response, _status, _message);
    else
        Respond::errorPage(response, _status, _roles->renderer(), _message);
}

} // namespace rolecall
