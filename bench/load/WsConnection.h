#ifndef rolecall_bench_WsConnection_INCLUDED
#define rolecall_bench_WsConnection_INCLUDED

#include <netinet/in.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace rolecall::bench
{

/// One client WebSocket on a non-blocking socket, for the epoll load
/// generators (signaling_load, soak_load): connect, the upgrade to /ws,
/// masked frames out, server frames parsed incrementally in. The owner keeps
/// the socket in its epoll set (EPOLLOUT while wantsWrite()) and closes it
/// with close(); an idle connection holds no buffer.
class WsConnection
{
public:
    enum Opcode : unsigned char
    {
        Continuation = 0x0,
        Text = 0x1,
        Binary = 0x2,
        Close = 0x8,
        Ping = 0x9,
        Pong = 0xA
    };

    struct Frame
    {
        bool fin = true;
        unsigned char opcode = 0;
        std::string payload;
    };

    enum class FrameStatus
    {
        None, // no complete frame in the input yet
        Complete,
        TooLarge // a frame longer than the limit: `length` says how long
    };

    /// An IPv4 address and port; throws Poco::InvalidArgumentException.
    static sockaddr_in address(const std::string& host, int port);

    /// Starts a non-blocking connect() (`receiveBuffer` > 0 sets SO_RCVBUF
    /// first, so the advertised window is small). "" or why it failed at once.
    std::string connect(const sockaddr_in& to, int receiveBuffer = 0);
    /// After EPOLLOUT on a connecting socket: "" when connected, else why not.
    std::string connectError() const;
    /// Queues the upgrade request for /ws with a fresh key from `random`.
    std::string sendUpgrade(const std::string& hostPort, std::uint64_t random1,
                            std::uint64_t random2);
    /// Reads the 101 from the input once its head is complete. `done` is set
    /// when the head was there; then "" means upgraded and frames may follow
    /// in the input, anything else is what was wrong.
    std::string readUpgrade(bool& done);

    /// A final, masked frame, sent at once as far as the socket takes it.
    /// "" or the send error.
    std::string send(unsigned char opcode, const std::string& payload, std::uint32_t mask);
    /// Sends queued bytes after EPOLLOUT. "" or the send error.
    std::string flush();
    bool wantsWrite() const { return !_out.empty(); }

    /// Reads what the socket holds into the input (through `buffer`).
    /// "" while open; "none:tcp_closed" or "none:reset" when the server closed
    /// TCP (frames read before that are still in the input).
    std::string receive(char* buffer, std::size_t size);
    /// The next complete frame from the input.
    FrameStatus nextFrame(Frame& frame, std::size_t maxPayload, std::uint64_t& length);
    /// Bytes received and not yet taken by nextFrame().
    std::size_t unparsed() const { return _in.size() - _parsed; }
    /// Drops the input read so far and returns unused capacity.
    void discardInput();

    /// Closes the socket (it leaves every epoll set); `reset` sends a TCP RST
    /// instead of a FIN (SO_LINGER 0). Buffers are freed.
    void close(bool reset = false);

    int fd() const { return _fd; }

private:
    int _fd = -1;
    std::string _key; // Sec-WebSocket-Key, until the 101
    std::string _in;  // bytes read; frames before _parsed are handled
    std::size_t _parsed = 0;
    std::string _out; // bytes the socket did not take yet
};

/// A close code and reason as one word for a result line: "1008:too_slow".
std::string closeWord(const std::string& code, const std::string& reason);
/// The same for a close frame's payload ("1005:-" when it has no code).
std::string closeWord(const std::string& closePayload);

} // namespace rolecall::bench

#endif
