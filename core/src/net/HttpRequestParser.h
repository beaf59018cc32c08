#ifndef rolecall_HttpRequestParser_INCLUDED
#define rolecall_HttpRequestParser_INCLUDED

#include "net/Request.h"
#include <cstddef>
#include <string>

namespace rolecall
{

/// Parses one HTTP/1.x request head from the bytes received so far, only
/// once it is complete, and strictly: whatever two parsers (ours and a proxy
/// in front) could read differently is refused rather than guessed, since
/// that is how requests get smuggled.
class HttpRequestParser
{
public:
    struct Result
    {
        enum class Kind
        {
            Incomplete, // need more bytes
            Complete,   // `headBytes` bytes make the head; `bodyBytes` follow
            Invalid     // answer `status` with `message`, then close
        };
        Kind kind = Kind::Incomplete;
        std::size_t headBytes = 0;
        std::size_t bodyBytes = 0;
        int status = 0;
        std::string message;
    };

    explicit HttpRequestParser(std::size_t maxHeadBytes) : _maxHeadBytes(maxHeadBytes) {}

    /// Fills `request` when the head in data[0, size) is complete.
    Result parse(const char* data, std::size_t size, Request& request) const;

private:
    static Result invalid(int status, std::string message);

    std::size_t _maxHeadBytes;
};

} // namespace rolecall

#endif
