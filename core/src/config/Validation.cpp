#include "config/Validation.h"
#include "Poco/RegularExpression.h"
#include "Poco/TextIterator.h"
#include "Poco/UTF8Encoding.h"
#include "Poco/Unicode.h"

namespace rolecall
{
namespace Validation
{

std::string roomName(const std::string& value)
{
    static const Poco::RegularExpression pattern("^[A-Za-z0-9_-]{1,100}$");
    if (value.empty())
        return "must not be empty";
    if (value.size() > 100)
        return "must be at most 100 characters";
    if (!pattern.match(value))
        return "may contain only letters A-Z and a-z, digits, '_' and '-'";
    return {};
}

std::string displayName(const std::string& value)
{
    if (value.empty())
        return "must not be empty";
    Poco::UTF8Encoding utf8;
    if (value.size() > 400) // 100 characters of at most 4 bytes each
        return "must be at most 100 characters";
    std::size_t count = 0;
    Poco::TextIterator it(value, utf8), end(value);
    for (; it != end; ++it, ++count)
    {
        const int cp = *it;
        if (cp < 0)
            return "is not valid UTF-8";
        Poco::Unicode::CharacterProperties props;
        Poco::Unicode::properties(cp, props);
        // Control, format (bidi overrides), unassigned and private characters
        // are refused; the zero-width joiner stays allowed for emoji sequences.
        const bool other = props.category == Poco::Unicode::UCP_OTHER && cp != 0x200D;
        const bool separator = props.category == Poco::Unicode::UCP_SEPARATOR && cp != ' ';
        if (other || separator)
            return "must contain only printable characters";
    }
    if (count > 100)
        return "must be at most 100 characters";
    return {};
}

std::string route(const std::string& value)
{
    static const Poco::RegularExpression pattern("^/[A-Za-z0-9._~/-]*$");
    if (!pattern.match(value))
        return "must be a path starting with '/' made of letters, digits and . _ ~ - /";
    if (value.find("//") != std::string::npos || value.find("/..") != std::string::npos ||
        value.find("/./") != std::string::npos)
        return "must not contain '//', '/..' or '/./'";
    for (const char* reserved : {"/api", "/static", "/ws", "/healthz"})
    {
        const std::string r(reserved);
        if (value == r || value.compare(0, r.size() + 1, r + "/") == 0)
            return "is reserved for the server's own " + r + " endpoint";
    }
    return {};
}

std::string identifier(const std::string& value)
{
    static const Poco::RegularExpression pattern("^[a-z0-9_-]{1,40}$");
    return pattern.match(value) ? "" : "must be 1-40 characters of a-z, 0-9, '_' and '-'";
}

} // namespace Validation
} // namespace rolecall
