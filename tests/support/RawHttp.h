#ifndef rolecall_test_RawHttp_INCLUDED
#define rolecall_test_RawHttp_INCLUDED

#include "Poco/Net/StreamSocket.h"
#include <string>

/// A plain TCP connection to 127.0.0.1:<port>, for what no HTTP client
/// does: partial requests sent a byte at a time, bodies on a GET, a
/// connection held open and idle, a client address other than 127.0.0.1.
/// Every read is bounded in time; nothing here raises SIGPIPE.
class RawHttp
{
public:
    /// One parsed response.
    struct Response
    {
        int status = 0;
        std::string head; ///< status line and headers, without the blank line
        std::string body;

        /// The value of header `name` (case-insensitive), or "" if absent.
        std::string header(const std::string& name) const;
    };

    /// Connects within 5 s (throws otherwise). `from`, if given, binds the
    /// client end to that loopback address (e.g. "127.0.0.2"), so the server
    /// sees another client address. `receiveBufferBytes`, if positive, sets
    /// SO_RCVBUF before connecting (it then bounds the TCP window).
    explicit RawHttp(unsigned short port, const std::string& from = "", int receiveBufferBytes = 0);
    ~RawHttp();
    RawHttp(const RawHttp&) = delete;
    RawHttp& operator=(const RawHttp&) = delete;

    /// Sends all of `bytes`; throws std::runtime_error if the connection is
    /// gone or nothing moves for 5 s.
    void send(const std::string& bytes);
    /// Like send(), but false instead of an exception.
    bool trySend(const std::string& bytes);
    /// Sends `GET target HTTP/1.1` with a Host header and `extraHeaders`
    /// (each ending in "\r\n").
    void sendGet(const std::string& target, const std::string& extraHeaders = "");

    /// Reads the next response (Content-Length, chunked, or up to the close);
    /// throws std::runtime_error saying what was missing if it is not all
    /// there within `ms`.
    Response readResponse(int ms);
    /// Exactly `n` bytes; throws std::runtime_error on timeout or close.
    std::string readExactly(std::size_t n, int ms);
    /// True once the server has closed the connection (EOF or reset) within
    /// `ms`, whatever it sent first; false if it is still open then.
    bool closedWithin(int ms);
    /// True if bytes (or the close) are waiting to be read right now.
    bool readable();
    /// What arrived and was not consumed yet.
    const std::string& buffered() const { return _buffer; }
    bool closed() const { return _closed; }

    Poco::Net::StreamSocket& socket() { return _socket; }
    /// Closes the connection from this end.
    void close();

    /// One GET on a new connection (Connection: close); throws if there is
    /// no complete response within `ms`.
    static Response get(unsigned short port, const std::string& target, int ms,
                        const std::string& extraHeaders = "");

private:
    /// Reads what is available into the buffer, waiting at most until
    /// `deadline` (µs since the epoch); false if nothing came in time.
    bool fill(const Poco::Int64 deadline);

    Poco::Net::StreamSocket _socket;
    unsigned short _port;
    std::string _buffer;
    bool _closed = false;
};

#endif
