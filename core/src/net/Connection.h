#ifndef rolecall_Connection_INCLUDED
#define rolecall_Connection_INCLUDED

#include "Poco/Net/StreamSocket.h"
#include "net/ConnectionId.h"
#include "net/OutputQueue.h"
#include "net/Request.h"
#include "net/TlsSession.h"
#include <cstdint>
#include <memory>
#include <string>

namespace rolecall
{

class WebSocketListener;

/// One client connection's state, owned and driven by the EventLoop: bytes
/// in, bytes queued out, where it is in its protocol, and its deadline.
struct Connection
{
    enum class State
    {
        Head,    // waiting for (the rest of) a request head
        Body,    // reading a request body to discard it
        Working, // a worker is producing the response
        Open,    // an upgraded WebSocket
        Closing  // flushing what is queued, then lingering for the peer's FIN
    };

    ConnectionId id = 0;
    Poco::Net::StreamSocket socket;
    std::string address;             // the client's IP address
    bool refused = false;            // over a cap: only /healthz is answered, the rest 503
    std::unique_ptr<TlsSession> tls; // on an HTTPS port
    unsigned short redirectTo = 0;   // on a redirecting port: the https port
    State state = State::Head;
    std::uint32_t events = 0; // the epoll interest registered now

    std::string in; // received, not yet consumed
    OutputQueue out;
    bool dirty = false;        // has output waiting for this iteration's flush
    bool writeBlocked = false; // the socket took no more: wait for EPOLLOUT
    bool peerClosed = false;

    // One deadline at a time: what it guards names it in the log.
    std::int64_t deadline = 0; // steady ms, 0 for none
    const char* deadlineFor = "";
    std::int64_t lastWrite = 0; // steady ms of the last progress while output waited

    // HTTP
    std::shared_ptr<Request> request; // the one being read or answered
    bool atWorker = false;            // a worker owns the writing side until it reports back
    bool destroyWhenBack = false;     // gone meanwhile: close the descriptor once it does
    bool inputHeld = false;           // listed in the loop's held input
    std::size_t bodyLeft = 0;
    bool keepAlive = true;
    bool headOnly = false;

    // WebSocket
    WebSocketListener* listener = nullptr;
    std::string message; // a fragmented message so far
    bool fragmented = false;
    std::int64_t frameStarted = 0; // when the incomplete frame in `in` began, or 0
    int unansweredPings = 0;
    std::int64_t nextPing = 0;

    // Closing
    bool closeQueued = false; // nothing more is accepted for sending
    bool broken = false;      // the socket is unusable: no flushing, no linger
    int closeCode = 1000;     // WebSocket close code to send
    std::string closeMessage; // WebSocket close reason to send
    std::string reason;       // why it closes, for the log
    std::int64_t lingerUntil = 0;
};

} // namespace rolecall

#endif
