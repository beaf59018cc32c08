// HttpRequestParser on arbitrary bytes, as a connection would have received
// them. Invariants: a complete head lies within the bytes and the limit, parses
// the same on its own, and any cut of it is incomplete (so a head split across
// reads is never misread); a refusal carries a 4xx/5xx status and a reason.
#include "FuzzCheck.h"
#include "net/HttpRequestParser.h"
#include <cstdint>

using namespace rolecall;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    constexpr std::size_t maxHead = 4096;
    const HttpRequestParser parser(maxHead);
    const char* bytes = reinterpret_cast<const char*>(data);
    Request request;
    const auto result = parser.parse(bytes, size, request);
    using Kind = HttpRequestParser::Result::Kind;
    switch (result.kind)
    {
    case Kind::Incomplete:
        FUZZ_CHECK(size <= maxHead);
        break;
    case Kind::Invalid:
        FUZZ_CHECK(result.status >= 400 && result.status < 600);
        FUZZ_CHECK(!result.message.empty());
        break;
    case Kind::Complete:
    {
        FUZZ_CHECK(result.headBytes >= 4 && result.headBytes <= size);
        FUZZ_CHECK(result.headBytes <= maxHead);
        FUZZ_CHECK(!request.path.empty() && request.path[0] == '/');
        FUZZ_CHECK(request.path.find('?') == std::string::npos);
        Request alone;
        const auto again = parser.parse(bytes, result.headBytes, alone);
        FUZZ_CHECK(again.kind == Kind::Complete);
        FUZZ_CHECK(again.headBytes == result.headBytes && again.bodyBytes == result.bodyBytes);
        FUZZ_CHECK(alone.path == request.path && alone.query == request.query);
        FUZZ_CHECK(alone.head.getMethod() == request.head.getMethod());
        for (std::size_t cut : {result.headBytes - 1, result.headBytes / 2})
        {
            Request part;
            FUZZ_CHECK(parser.parse(bytes, cut, part).kind == Kind::Incomplete);
        }
        break;
    }
    }
    return 0;
}
