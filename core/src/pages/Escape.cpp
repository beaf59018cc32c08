#include "pages/Escape.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Stringifier.h"
#include "util/JsonString.h"
#include <sstream>

namespace rolecall
{
namespace Escape
{
namespace
{

template <class Members> void appendObject(std::string& out, const Members& members)
{
    out += '{';
    bool first = true;
    for (const auto& [name, value] : members)
    {
        if (!first)
            out += ',';
        first = false;
        JsonString::appendScriptSafe(out, name);
        out += ':';
        appendScriptJson(out, value);
    }
    out += '}';
}

void appendArray(std::string& out, const Poco::JSON::Array& array)
{
    out += '[';
    bool first = true;
    // By iterator: Array::get() returns a copy of each Var, an allocation each.
    for (auto it = array.begin(); it != array.end(); ++it)
    {
        if (!first)
            out += ',';
        first = false;
        appendScriptJson(out, *it);
    }
    out += ']';
}

// Types this file does not know: Poco writes them, and the characters that
// matter inside <script> are escaped afterwards. Poco escapes non-ASCII as
// \uXXXX here too (JSON_ESCAPE_UNICODE), U+2028/U+2029 included.
void appendThroughPoco(std::string& out, const Poco::Dynamic::Var& value)
{
    std::ostringstream json;
    Poco::JSON::Stringifier::condense(value, json,
                                      Poco::JSON_WRAP_STRINGS | Poco::JSON_ESCAPE_UNICODE);
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
}

} // namespace

void appendHtml(std::string& out, std::string_view text)
{
    std::size_t plain = 0; // start of the run of characters copied as they are
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char* entity;
        switch (text[i])
        {
        case '&':
            entity = "&amp;";
            break;
        case '<':
            entity = "&lt;";
            break;
        case '>':
            entity = "&gt;";
            break;
        case '"':
            entity = "&quot;";
            break;
        case '\'':
            entity = "&#39;";
            break;
        case '`':
            entity = "&#96;";
            break;
        default:
            continue;
        }
        out.append(text.data() + plain, i - plain);
        out += entity;
        plain = i + 1;
    }
    out.append(text.data() + plain, text.size() - plain);
}

std::string html(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    appendHtml(out, text);
    return out;
}

void appendScriptJson(std::string& out, const Poco::Dynamic::Var& value)
{
    const std::type_info& type = value.type();
    if (type == typeid(Poco::JSON::Object::Ptr))
    {
        const auto& object = value.extract<Poco::JSON::Object::Ptr>();
        if (object)
            appendObject(out, *object);
        else
            out += "null";
    }
    else if (type == typeid(Poco::JSON::Array::Ptr))
    {
        const auto& array = value.extract<Poco::JSON::Array::Ptr>();
        if (array)
            appendArray(out, *array);
        else
            out += "null";
    }
    else if (type == typeid(Poco::JSON::Object))
        appendObject(out, value.extract<Poco::JSON::Object>());
    else if (type == typeid(Poco::JSON::Array))
        appendArray(out, value.extract<Poco::JSON::Array>());
    else if (value.isEmpty())
        out += "null";
    else if (type == typeid(std::string))
        JsonString::appendScriptSafe(out, value.extract<std::string>());
    else if (value.isBoolean())
        out += value.convert<bool>() ? "true" : "false";
    else if (value.isNumeric() && type != typeid(char))
        out += value.convert<std::string>(); // digits, '-', '.', 'e': nothing to escape
    else
        appendThroughPoco(out, value);
}

std::string scriptJson(const Poco::Dynamic::Var& value)
{
    std::string out;
    appendScriptJson(out, value);
    return out;
}

} // namespace Escape
} // namespace rolecall
