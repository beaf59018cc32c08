#ifndef rolecall_bench_HttpGetter_INCLUDED
#define rolecall_bench_HttpGetter_INCLUDED

#include "Poco/Net/HTTPClientSession.h"
#include <string>

namespace rolecall::bench
{

/// GET requests to the server over one keep-alive HTTP/1.1 connection
/// (Poco reconnects when the server closed it), for the load generators.
class HttpGetter
{
public:
    HttpGetter(const std::string& host, unsigned short port);

    /// The status; `body` gets the response body. Throws Poco::Exception when
    /// there is no answer.
    int get(const std::string& uri, std::string& body, const std::string& authorization = "");

    /// A room token from GET /api/token?role=&room=&user=. Throws
    /// Poco::Exception naming the request when there is none (not 200, or
    /// no "token" in the JSON).
    std::string token(const std::string& role, const std::string& room, const std::string& user);

private:
    Poco::Net::HTTPClientSession _session;
};

} // namespace rolecall::bench

#endif
