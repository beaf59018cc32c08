#ifndef rolecall_FuzzFields_INCLUDED
#define rolecall_FuzzFields_INCLUDED

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

/// A fuzz input as fields separated by NUL bytes: readable seeds, and
/// libFuzzer's mutations (insert, erase, copy a NUL) move values around.
inline std::vector<std::string> fuzzFields(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::string> fields(1);
    for (std::size_t i = 0; i < size; ++i)
    {
        if (data[i] == 0)
            fields.emplace_back();
        else
            fields.back() += static_cast<char>(data[i]);
    }
    return fields;
}

/// The same length, with none of the characters escaping is about: rendering
/// with these instead of the real values shows what the template wrote itself.
inline std::string neutral(const std::string& value)
{
    return std::string(value.size(), 'x');
}

inline std::size_t countOf(const std::string& text, char c)
{
    std::size_t n = 0;
    for (char t : text)
        n += t == c;
    return n;
}

#endif
