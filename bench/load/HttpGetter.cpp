#include "load/HttpGetter.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/StreamCopier.h"
#include "Poco/URI.h"

namespace rolecall::bench
{

HttpGetter::HttpGetter(const std::string& host, unsigned short port) : _session(host, port)
{
    _session.setKeepAlive(true);
    _session.setTimeout(Poco::Timespan(10, 0));
}

int HttpGetter::get(const std::string& uri, std::string& body, const std::string& authorization)
{
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    if (!authorization.empty())
        request.set("Authorization", authorization);
    _session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = _session.receiveResponse(response);
    body.clear();
    Poco::StreamCopier::copyToString(in, body);
    return response.getStatus();
}

std::string HttpGetter::token(const std::string& role, const std::string& room,
                              const std::string& user)
{
    Poco::URI uri("/api/token");
    uri.addQueryParameter("role", role);
    uri.addQueryParameter("room", room);
    uri.addQueryParameter("user", user);
    std::string body;
    const int status = get(uri.toString(), body);
    if (status != 200)
        throw Poco::ProtocolException("GET " + uri.toString() + " answered " +
                                      std::to_string(status) + ": " + body.substr(0, 200));
    try
    {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(
            "token");
    }
    catch (const Poco::Exception& e)
    {
        throw Poco::ProtocolException("GET " + uri.toString() + ": no token in " +
                                      body.substr(0, 200));
    }
}

} // namespace rolecall::bench
