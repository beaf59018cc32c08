#include "pages/Escape.h"
#include "Poco/JSON/JSONException.h"
#include "Poco/JSON/Stringifier.h"
#include <sstream>

namespace rolecall
{
namespace Escape
{

std::string html(const std::string& text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '`':
            out += "&#96;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string scriptJson(const Poco::Dynamic::Var& value)
{
    std::ostringstream json;
    // JSON_ESCAPE_UNICODE writes every non-ASCII character as \uXXXX, which
    // covers U+2028/U+2029 (line terminators inside older JavaScript strings).
    Poco::JSON::Stringifier::condense(value, json,
                                      Poco::JSON_WRAP_STRINGS | Poco::JSON_ESCAPE_UNICODE);
    std::string out;
    for (char c : json.str())
    {
        switch (c)
        {
        case '<':
            out += "\\u003c";
            break;
        case '>':
            out += "\\u003e";
            break;
        case '&':
            out += "\\u0026";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace Escape
} // namespace rolecall
