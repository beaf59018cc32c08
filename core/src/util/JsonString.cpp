#include "util/JsonString.h"
#include <cstdint>

namespace rolecall
{
namespace JsonString
{
namespace
{

constexpr char hexDigits[] = "0123456789abcdef";

void appendU(std::string& out, std::uint32_t unit)
{
    const char escape[6] = {'\\',
                            'u',
                            hexDigits[(unit >> 12) & 0xf],
                            hexDigits[(unit >> 8) & 0xf],
                            hexDigits[(unit >> 4) & 0xf],
                            hexDigits[unit & 0xf]};
    out.append(escape, sizeof escape);
}

// The short escapes JSON defines; 0 for characters that have none.
char shortEscape(unsigned char c)
{
    switch (c)
    {
    case '"':
        return '"';
    case '\\':
        return '\\';
    case '\b':
        return 'b';
    case '\f':
        return 'f';
    case '\n':
        return 'n';
    case '\r':
        return 'r';
    case '\t':
        return 't';
    default:
        return 0;
    }
}

// Decodes one UTF-8 sequence starting at text[i]; returns its length, or 0
// if it is not valid (overlong forms, surrogates and values past U+10FFFF
// included), in which case the caller consumes one byte.
std::size_t decodeUtf8(std::string_view text, std::size_t i, std::uint32_t& codePoint)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = byte(0);
    std::size_t length;
    std::uint32_t min;
    if (lead >= 0xc2 && lead <= 0xdf)
        length = 2, min = 0x80, codePoint = lead & 0x1f;
    else if (lead >= 0xe0 && lead <= 0xef)
        length = 3, min = 0x800, codePoint = lead & 0x0f;
    else if (lead >= 0xf0 && lead <= 0xf4)
        length = 4, min = 0x10000, codePoint = lead & 0x07;
    else
        return 0;
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k)
    {
        if ((byte(k) & 0xc0) != 0x80)
            return 0;
        codePoint = (codePoint << 6) | (byte(k) & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        return 0;
    return length;
}

} // namespace

void append(std::string& out, std::string_view text)
{
    out += '"';
    std::size_t plain = 0; // start of the run of bytes copied as they are
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        out.append(text.data() + plain, i - plain);
        plain = i + 1;
        if (const char e = shortEscape(c))
        {
            out += '\\';
            out += e;
        }
        else
            appendU(out, c);
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
}

void appendScriptSafe(std::string& out, std::string_view text)
{
    out += '"';
    std::size_t i = 0;
    while (i < text.size())
    {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80)
        {
            std::uint32_t codePoint = 0;
            const std::size_t length = decodeUtf8(text, i, codePoint);
            if (length == 0)
            {
                appendU(out, 0xfffd);
                ++i;
                continue;
            }
            if (codePoint > 0xffff)
            {
                codePoint -= 0x10000;
                appendU(out, 0xd800 + (codePoint >> 10));
                appendU(out, 0xdc00 + (codePoint & 0x3ff));
            }
            else
                appendU(out, codePoint);
            i += length;
            continue;
        }
        ++i;
        if (const char e = shortEscape(c))
        {
            out += '\\';
            out += e;
        }
        else if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&')
            appendU(out, c);
        else if (c == '/')
            out += "\\/";
        else
            out += static_cast<char>(c);
    }
    out += '"';
}

} // namespace JsonString
} // namespace rolecall
