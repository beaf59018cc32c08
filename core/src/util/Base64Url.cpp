#include "util/Base64Url.h"
#include <array>
#include <cstdint>

namespace rolecall
{
namespace Base64Url
{
namespace
{

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> makeValues()
{
    std::array<std::int8_t, 256> values{};
    for (auto& v : values)
        v = -1;
    for (int i = 0; i < 64; ++i)
        values[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return values;
}

constexpr std::array<std::int8_t, 256> values = makeValues();

} // namespace

void append(std::string& out, std::string_view bytes)
{
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t size = bytes.size();
    std::size_t i = 0;
    for (; i + 3 <= size; i += 3)
    {
        const std::uint32_t n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        const char quad[4] = {alphabet[n >> 18], alphabet[(n >> 12) & 63], alphabet[(n >> 6) & 63],
                              alphabet[n & 63]};
        out.append(quad, 4);
    }
    if (size - i == 1)
    {
        const std::uint32_t n = data[i] << 16;
        out += alphabet[n >> 18];
        out += alphabet[(n >> 12) & 63];
    }
    else if (size - i == 2)
    {
        const std::uint32_t n = (data[i] << 16) | (data[i + 1] << 8);
        out += alphabet[n >> 18];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
    }
}

std::string encode(std::string_view bytes)
{
    std::string out;
    out.reserve(encodedLength(bytes.size()));
    append(out, bytes);
    return out;
}

std::size_t encodedLength(std::size_t size)
{
    return (size * 4 + 2) / 3;
}

bool decode(std::string_view text, std::string& out)
{
    // A remainder of one character cannot hold a whole byte.
    if (text.size() % 4 == 1)
        return false;
    out.clear();
    out.reserve(text.size() * 3 / 4);
    std::uint32_t bits = 0;
    int count = 0;
    for (const char c : text)
    {
        const int v = values[static_cast<unsigned char>(c)];
        if (v < 0)
            return false;
        bits = (bits << 6) | static_cast<std::uint32_t>(v);
        if (++count == 4)
        {
            out += static_cast<char>(bits >> 16);
            out += static_cast<char>((bits >> 8) & 0xff);
            out += static_cast<char>(bits & 0xff);
            bits = 0;
            count = 0;
        }
    }
    // The bits left over after the last whole byte must be zero, or another
    // spelling would decode to the same bytes.
    if (count == 2)
    {
        if (bits & 0x0f)
            return false;
        out += static_cast<char>(bits >> 4);
    }
    else if (count == 3)
    {
        if (bits & 0x03)
            return false;
        out += static_cast<char>(bits >> 10);
        out += static_cast<char>((bits >> 2) & 0xff);
    }
    return true;
}

} // namespace Base64Url
} // namespace rolecall
