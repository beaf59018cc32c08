#include "net/Response.h"

namespace rolecall
{

std::string Response::serialize(bool headOnly, bool keepAlive,
                                const std::string* extraHeaders) const
{
    std::string out;
    out.reserve(128 + (sharedHeaders ? sharedHeaders->size() : 0) + (headOnly ? 0 : body.size()));
    out += "HTTP/1.1 ";
    out += std::to_string(static_cast<int>(head.getStatus()));
    out += ' ';
    out += head.getReason();
    out += "\r\n";
    for (const auto& [name, value] : head)
    {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (sharedHeaders)
        out += *sharedHeaders;
    if (extraHeaders)
        out += *extraHeaders;
    out += "Content-Length: ";
    out += std::to_string(body.size());
    out += keepAlive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
    if (!headOnly)
        out += body;
    return out;
}

} // namespace rolecall
