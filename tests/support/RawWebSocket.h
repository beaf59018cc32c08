#ifndef rolecall_test_RawWebSocket_INCLUDED
#define rolecall_test_RawWebSocket_INCLUDED

#include "Poco/JSON/Object.h"
#include "support/RawHttp.h"
#include <memory>
#include <string>

/// A WebSocket client on /ws written byte by byte over a RawHttp
/// connection, for what Poco's WebSocket cannot do: send half a frame, set
/// the Origin header, use a tiny receive buffer, or never read (and so never
/// answer a ping). It answers nothing by itself: pings are answered only
/// while readFrame() and the calls built on it run.
class RawWebSocket
{
public:
    struct Frame
    {
        int opcode = 0; ///< 1 text, 2 binary, 8 close, 9 ping, 10 pong
        bool fin = true;
        std::string payload;
    };

    /// Connects and sends the upgrade request for /ws with `extraHeaders`
    /// (each ending in "\r\n", e.g. "Origin: http://a.example\r\n"), then
    /// reads the response head (within 5 s). `receiveBufferBytes` as for
    /// RawHttp.
    explicit RawWebSocket(unsigned short port, const std::string& extraHeaders = "",
                          int receiveBufferBytes = 0, const std::string& path = "/ws");

    /// The handshake's status (101 when upgraded) and response.
    int status() const { return _handshake.status; }
    const RawHttp::Response& handshake() const { return _handshake; }

    /// A client frame header (FIN set, masked) for `length` payload bytes,
    /// mask included; the payload must follow XORed with mask() (see masked()).
    static std::string frameHeader(int opcode, std::size_t length);
    /// `payload` XORed with the fixed mask frameHeader() announces, as if it
    /// started at byte `offset` of the payload.
    static std::string masked(const std::string& payload, std::size_t offset = 0);

    /// One masked frame with FIN set.
    void sendFrame(int opcode, const std::string& payload);
    void sendText(const std::string& text) { sendFrame(1, text); }
    /// A JSON-RPC request; returns its id.
    int request(const std::string& method, Poco::JSON::Object::Ptr params);

    /// The next frame from the server; pings are answered (and skipped)
    /// when `answerPings`. Throws std::runtime_error on timeout or close.
    Frame readFrame(int ms, bool answerPings = true);
    /// The JSON message replying to request `id`, skipping others; throws
    /// after `ms`.
    Poco::JSON::Object::Ptr reply(int id, int ms);
    /// Waits until the server closes: the code of its close frame (1005 if
    /// it has none), or -1 if the connection ends without one. Throws if
    /// still open after `ms`.
    int waitClosed(int ms);

    RawHttp& connection() { return *_connection; }

private:
    std::unique_ptr<RawHttp> _connection;
    RawHttp::Response _handshake;
    int _nextId = 1;
};

#endif
