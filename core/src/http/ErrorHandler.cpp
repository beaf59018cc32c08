#include "http/ErrorHandler.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "http/Respond.h"

namespace rolecall
{

ErrorHandler::ErrorHandler(std::shared_ptr<const RoleSet> roles,
                           Poco::Net::HTTPResponse::HTTPStatus status, std::string message,
                           bool asJson)
    : _roles(std::move(roles)), _status(status), _message(std::move(message)), _asJson(asJson)
{
}

ErrorHandler* ErrorHandler::allowing(std::string methods)
{
    _allow = std::move(methods);
    return this;
}

ErrorHandler* ErrorHandler::about(std::string parameter)
{
    _parameter = std::move(parameter);
    return this;
}

void ErrorHandler::handleRequest(Poco::Net::HTTPServerRequest&,
                                 Poco::Net::HTTPServerResponse& response)
{
    if (!_allow.empty())
        response.set("Allow", _allow);
    if (_asJson)
        Respond::errorJson(response, _status, _message, _parameter);
    else
        Respond::errorPage(response, _status, _roles->renderer(), _message);
}

} // namespace rolecall
