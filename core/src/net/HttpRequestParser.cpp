#include "net/HttpRequestParser.h"
#include "Poco/Ascii.h"
#include <cstring>
#include <string_view>

namespace rolecall
{
namespace
{

constexpr std::size_t maxHeaderFields = 100;

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool isToken(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!isTokenChar(c))
            return false;
    return true;
}

// Field values: visible characters, spaces, tabs and obs-text; no control bytes.
bool isFieldValue(std::string_view s)
{
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    return true;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (Poco::Ascii::toLower(a[i]) != Poco::Ascii::toLower(b[i]))
            return false;
    return true;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace

HttpRequestParser::Result HttpRequestParser::invalid(int status, std::string message)
{
    Result r;
    r.kind = Result::Kind::Invalid;
    r.status = status;
    r.message = std::move(message);
    return r;
}

HttpRequestParser::Result HttpRequestParser::parse(const char* data, std::size_t size,
                                                   Request& request) const
{
    std::string_view all(data, size);
    // Empty lines before a request are allowed (RFC 9112, 2.2).
    std::size_t start = 0;
    while (start + 1 < all.size() && all[start] == '\r' && all[start + 1] == '\n')
        start += 2;
    const std::size_t end = all.find("\r\n\r\n", start);
    if (end == std::string_view::npos)
    {
        if (size > _maxHeadBytes)
            return invalid(431, "the request head is too large");
        return {};
    }
    if (end + 4 > _maxHeadBytes)
        return invalid(431, "the request head is too large");

    std::string_view head = all.substr(start, end - start);
    const std::size_t lineEnd = head.find("\r\n");
    std::string_view line = head.substr(0, lineEnd);
    std::string_view fields =
        lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);

    // Request line: METHOD SP target SP HTTP/1.x, exactly.
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return invalid(400, "the request line is malformed");
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (!isToken(method))
        return invalid(400, "the request method is malformed");
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return invalid(505, "only HTTP/1.0 and HTTP/1.1 are served");
    if (target.empty() || target[0] != '/')
        return invalid(400, "the request target must be a path");
    for (unsigned char c : target)
        if (c <= 0x20 || c >= 0x7f)
            return invalid(400, "the request target has a character that must be escaped");

    request.head.setMethod(std::string(method));
    request.head.setURI(std::string(target));
    request.head.setVersion(std::string(version));
    const std::size_t q = target.find('?');
    request.path.assign(target.substr(0, q));
    request.query.assign(q == std::string_view::npos ? std::string_view() : target.substr(q + 1));

    Result result;
    bool haveLength = false;
    std::size_t count = 0;
    while (!fields.empty())
    {
        const std::size_t eol = fields.find("\r\n");
        std::string_view field = fields.substr(0, eol);
        fields = eol == std::string_view::npos ? std::string_view() : fields.substr(eol + 2);
        if (++count > maxHeaderFields)
            return invalid(431, "the request has too many header fields");
        if (field.empty() || field[0] == ' ' || field[0] == '\t')
            return invalid(400, "folded header lines are not accepted");
        const std::size_t colon = field.find(':');
        if (colon == std::string_view::npos || !isToken(field.substr(0, colon)))
            return invalid(400, "a header field is malformed");
        const std::string_view name = field.substr(0, colon);
        const std::string_view value = trim(field.substr(colon + 1));
        if (!isFieldValue(value))
            return invalid(400, "a header field has a control character");
        if (iequals(name, "Content-Length"))
        {
            if (value.empty() || value.size() > 18 ||
                value.find_first_not_of("0123456789") != std::string_view::npos)
                return invalid(400, "Content-Length is not a number");
            const std::size_t length = std::stoull(std::string(value));
            if (haveLength && length != result.bodyBytes)
                return invalid(400, "Content-Length is given twice, differently");
            haveLength = true;
            result.bodyBytes = length;
        }
        else if (iequals(name, "Transfer-Encoding"))
            return invalid(501, "request bodies with Transfer-Encoding are not accepted");
        request.head.add(std::string(name), std::string(value));
    }
    result.kind = Result::Kind::Complete;
    result.headBytes = end + 4;
    return result;
}

} // namespace rolecall
