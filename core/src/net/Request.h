#ifndef rolecall_Request_INCLUDED
#define rolecall_Request_INCLUDED

#include "Poco/Net/HTTPRequest.h"
#include <string>

namespace rolecall
{

/// One complete HTTP request as the connection layer parsed it. Handlers see
/// only this, never a socket.
struct Request
{
    Poco::Net::HTTPRequest head;
    std::string path;          // decoded-free path part of the URI, without the query
    std::string query;         // after '?', still percent-encoded
    std::string clientAddress; // behind trusted proxies: X-Forwarded-For's client
    bool secure = false;       // HTTPS here, or X-Forwarded-Proto https from a trusted proxy
};

} // namespace rolecall

#endif
