#include "net/WebSocketFrame.h"
#include <cstdint>

namespace rolecall
{

WebSocketFrame::Status WebSocketFrame::parse(const char* data, std::size_t size,
                                             std::size_t maxPayload, std::size_t& consumed,
                                             int& closeCode, std::string& problem)
{
    auto fail = [&](int code, const char* why)
    {
        closeCode = code;
        problem = why;
        return Status::Invalid;
    };
    const auto* bytes = reinterpret_cast<const unsigned char*>(data);
    if (size < 2)
        return Status::Incomplete;
    if (bytes[0] & 0x70)
        return fail(1002, "reserved bits set");
    opcode = bytes[0] & 0x0f;
    final = (bytes[0] & 0x80) != 0;
    const bool masked = (bytes[1] & 0x80) != 0;
    std::uint64_t length = bytes[1] & 0x7f;
    std::size_t at = 2;
    if (opcode > Binary && opcode < Close)
        return fail(1002, "reserved opcode");
    if (opcode > Pong)
        return fail(1002, "reserved opcode");
    if (opcode >= Close && (!final || length > 125))
        return fail(1002, "malformed control frame");
    if (!masked)
        return fail(1002, "client frames must be masked");
    if (length == 126)
    {
        if (size < at + 2)
            return Status::Incomplete;
        length = (std::uint64_t(bytes[2]) << 8) | bytes[3];
        at += 2;
    }
    else if (length == 127)
    {
        if (size < at + 8)
            return Status::Incomplete;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | bytes[at + i];
        at += 8;
        if (length >> 63)
            return fail(1002, "malformed length");
    }
    if (length > maxPayload)
        return fail(1009, "message too big");
    if (size < at + 4 + length)
        return Status::Incomplete;
    const unsigned char* mask = bytes + at;
    at += 4;
    payload.resize(length);
    for (std::size_t i = 0; i < length; ++i)
        payload[i] = static_cast<char>(bytes[at + i] ^ mask[i & 3]);
    consumed = at + length;
    return Status::Complete;
}

void WebSocketFrame::write(std::string& out, int opcode, const char* payload, std::size_t size)
{
    out += static_cast<char>(0x80 | opcode);
    if (size < 126)
        out += static_cast<char>(size);
    else if (size <= 0xffff)
    {
        out += static_cast<char>(126);
        out += static_cast<char>(size >> 8);
        out += static_cast<char>(size & 0xff);
    }
    else
    {
        out += static_cast<char>(127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out += static_cast<char>((static_cast<std::uint64_t>(size) >> shift) & 0xff);
    }
    out.append(payload, size);
}

std::string WebSocketFrame::closePayload(int code, const std::string& reason)
{
    std::string payload;
    payload += static_cast<char>((code >> 8) & 0xff);
    payload += static_cast<char>(code & 0xff);
    payload += reason.substr(0, 123);
    return payload;
}

} // namespace rolecall
