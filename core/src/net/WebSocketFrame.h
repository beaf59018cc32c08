#ifndef rolecall_WebSocketFrame_INCLUDED
#define rolecall_WebSocketFrame_INCLUDED

#include <cstddef>
#include <string>

namespace rolecall
{

/// RFC 6455 frames: parsing a client's frame from the bytes received so far
/// (only once it is complete), and writing the server's.
struct WebSocketFrame
{
    enum Opcode
    {
        Continuation = 0x0,
        Text = 0x1,
        Binary = 0x2,
        Close = 0x8,
        Ping = 0x9,
        Pong = 0xA
    };

    enum class Status
    {
        Incomplete,
        Complete,
        Invalid // close with `closeCode`
    };

    int opcode = 0;
    bool final = true;
    std::string payload; // unmasked

    /// Reads one frame from data[0, size). On Complete, `consumed` is its
    /// length; on Invalid, `closeCode` (1002 protocol error, 1009 too big)
    /// and `problem` say why. Client frames must be masked.
    Status parse(const char* data, std::size_t size, std::size_t maxPayload, std::size_t& consumed,
                 int& closeCode, std::string& problem);

    /// Appends an unmasked, final server frame to `out`.
    static void write(std::string& out, int opcode, const char* payload, std::size_t size);

    /// A close frame's payload: the code, then the reason (cut to fit 123 bytes).
    static std::string closePayload(int code, const std::string& reason);
};

} // namespace rolecall

#endif
