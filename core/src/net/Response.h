#ifndef rolecall_Response_INCLUDED
#define rolecall_Response_INCLUDED

#include "Poco/Net/HTTPResponse.h"
#include <string>

namespace rolecall
{

/// A complete HTTP response built by a handler; the connection layer adds
/// Content-Length and Connection and writes it (the body left out for HEAD).
struct Response
{
    Poco::Net::HTTPResponse head;
    std::string body;
    bool close = false; // end the connection once written
    /// Header lines that many responses share ("Name: value\r\n" each),
    /// written after `head`'s; static, so a response costs no copies of them.
    const std::string* sharedHeaders = nullptr;

    Response() = default;
    explicit Response(Poco::Net::HTTPResponse::HTTPStatus status)
    {
        head.setStatusAndReason(status);
    }

    /// Status line, headers (plus `extraHeaders`, "Name: value\r\n" lines)
    /// and, unless `headOnly`, the body, as sent.
    std::string serialize(bool headOnly, bool keepAlive,
                          const std::string* extraHeaders = nullptr) const;
};

} // namespace rolecall

#endif
