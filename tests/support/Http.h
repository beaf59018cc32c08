#ifndef rolecall_test_Http_INCLUDED
#define rolecall_test_Http_INCLUDED

#include "Poco/Net/HTTPResponse.h"
#include <map>
#include <string>

/// One HTTP exchange with a server on 127.0.0.1, over a real socket.
struct HttpReply
{
    int status = 0;
    Poco::Net::HTTPResponse headers;
    std::string body;
};

HttpReply httpGet(unsigned short port, const std::string& target,
                  const std::map<std::string, std::string>& headers = {},
                  const std::string& method = "GET");

/// An "Authorization: Basic ..." header map for user and password.
std::map<std::string, std::string> basicAuth(const std::string& user, const std::string& password);

/// The JSON text of <script id="rolecall-config"> in a page, or "" if none.
std::string pageConfigJson(const std::string& page);

/// The text of the element that ends its start tag with id="`id`">, up to
/// that element's end tag, or "<no element `id`>" if the page has none.
std::string elementText(const std::string& page, const std::string& id);

#endif
