#ifndef rolecall_EventLoop_INCLUDED
#define rolecall_EventLoop_INCLUDED

#include "Poco/Logger.h"
#include "Poco/Net/Context.h"
#include "Poco/Net/ServerSocket.h"
#include "net/Connection.h"
#include "net/ConnectionLimits.h"
#include "net/HttpRequestParser.h"
#include "net/TrustedProxies.h"
#include "net/WebSocketSink.h"
#include "net/WorkerPool.h"
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace rolecall
{

class HttpService;
class WebSocketListener;

/// The one network core: every client socket of the server, HTTP and
/// WebSocket, lives on one thread that never waits for any peer.
///
/// Shape (the one nginx and Janus's WebSocket transport share): one epoll
/// loop over non-blocking Poco StreamSockets, plus a bounded WorkerPool.
/// - Bytes are read when the kernel says they are there, into a buffer per
///   connection; a request head or WebSocket frame is parsed only once it is
///   complete, so a peer that trickles bytes costs one buffer, not a thread.
/// - Output goes into a queue per connection and is written when the socket
///   takes it. A WebSocket whose queue passes `sendQueueBytes` is closed
///   (1008); one that makes no write progress for `idleTimeoutMs` too.
/// - Each connection has one deadline for what it waits on (head, body,
///   keep-alive idle, frame completion) and WebSockets are pinged; a sweep
///   every 100 ms enforces them. Liveness counts unanswered pings, which
///   only a running loop sends, and reads what is readable before judging,
///   so a stalled or starved loop never counts against members.
/// - Request work that may be slow (logins, SignalWire calls, plugin hooks,
///   files) runs on the WorkerPool. The worker writes a plain connection's
///   answer itself and reports back (through an eventfd when the loop has
///   something to do). A full pool is answered 503 with Retry-After at once.
/// - Caps on connections in all and per address answer 503; descriptors are
///   raised to the hard limit at start, with a reserve so the listener keeps
///   working when the process runs out.
/// - Request bodies are read and discarded (no route takes one), never
///   parsed as requests.
/// Why one loop and not one per core: the rooms are single-threaded by
/// design (RoomService needs no locks), and the loop itself does little
/// beyond system calls; the CPU-heavy work is what the pool takes.
///
/// TLS sits between the socket and the buffers (TlsSession, on OpenSSL
/// memory BIOs, its SSL_CTX from Poco NetSSL's Context): received bytes are
/// decrypted into `in`, and what is queued is encrypted on the way to `out`,
/// so parsing, deadlines and queues are the same for HTTP and HTTPS. On TLS
/// the loop, not the worker, writes answers (the session is the loop's).
class EventLoop : public WebSocketSink
{
public:
    EventLoop(const ConnectionLimits& limits, HttpService& service, Poco::Logger& logger,
              TrustedProxies proxies = {});
    ~EventLoop() override;

    /// Binds and listens; returns the port (useful with port 0). With `tls`,
    /// the port speaks HTTPS and WSS only.
    unsigned short listen(const Poco::Net::SocketAddress& address,
                          Poco::Net::Context::Ptr tls = nullptr);

    /// A plain-HTTP port that answers every request with 308 to the same
    /// path on https://<host>:<httpsPort>.
    unsigned short listenRedirect(const Poco::Net::SocketAddress& address,
                                  unsigned short httpsPort);

    /// Gets a tick() about every 100 ms, on the loop thread.
    void addTicking(WebSocketListener& listener);

    void start();
    void stop();

    /// New TLS handshakes on the HTTPS port use `tls` from now on (a reloaded
    /// certificate); open connections keep theirs. Any thread.
    void setTls(Poco::Net::Context::Ptr tls);

    /// Runs `task` on the loop thread on its next pass (any thread may call
    /// this; it wakes the loop). A task posted once the loop has stopped is
    /// dropped. How blocking work done elsewhere reports back (BlockingWorker).
    void post(std::function<void()> task);

    /// The connection cap in force (the configured one, lowered to fit the
    /// descriptor limit).
    int connectionCap() const { return _connectionCap; }

    // WebSocketSink: loop thread only.
    void sendText(ConnectionId id, const std::string& text) override;
    void close(ConnectionId id, int code, const std::string& reason) override;

private:
    void run();
    struct Listener
    {
        Poco::Net::ServerSocket socket;
        Poco::Net::Context::Ptr tls;
        unsigned short redirectTo = 0; // the https port, for a redirecting listener
    };

    unsigned short addListener(Listener listener, const Poco::Net::SocketAddress& address);
    void acceptAll(const Listener& listener);
    void redirect(Connection& c, unsigned short httpsPort);
    void queueBytes(Connection& c, std::string bytes);
    void refuse(Connection& c, const std::string& why);
    Response busy();
    void onEvent(ConnectionId id, std::uint32_t events);
    void takeFinishedWork();
    void runPosted();
    bool waitingForWorkers();
    void readAvailable(Connection& c);
    std::size_t inputCap() const;
    void process(Connection& c);
    void processHttp(Connection& c);
    void processFrames(Connection& c);
    void dispatch(Connection& c);
    void upgrade(Connection& c, WebSocketListener& listener);
    void respond(Connection& c, const Response& response);
    void finishRequest(Connection& c, bool keepAlive);
    void respondAndClose(Connection& c, int status, const std::string& message,
                         const std::string& reason);
    void enqueue(Connection& c, std::string bytes);
    void sendFrame(Connection& c, int opcode, const std::string& payload);
    void flush(Connection& c);
    void flushDirty();
    void updateInterest(Connection& c);
    void closeConnection(Connection& c, const std::string& reason, int code = 1000,
                         const std::string& message = "", bool broken = false);
    void reap();
    void destroy(ConnectionId id);
    void sweep();
    void logLimit(const std::string& text);
    Connection* find(ConnectionId id);
    static int fdOf(const Connection& c) { return c.socket.impl()->sockfd(); }

    const ConnectionLimits _limits;
    HttpService& _service;
    Poco::Logger& _logger;
    HttpRequestParser _parser;
    const TrustedProxies _proxies;
    std::unique_ptr<WorkerPool> _pool;
    std::vector<Listener> _listeners;
    std::mutex _tlsMutex; // guards the listeners' `tls` after start
    std::mutex _postedMutex;
    std::vector<std::function<void()>> _posted; // guarded by _postedMutex
    std::atomic<bool> _hasPosted{false};        // !_posted.empty(), read without the lock
    int _epoll = -1;
    int _wakeFd = -1;
    int _reserveFd = -1;
    int _connectionCap = 0;
    std::atomic<bool> _running{false};
    std::thread _thread;
    std::int64_t _now = 0;
    std::int64_t _nextSweep = 0;
    bool _workQueued = false;
    ConnectionId _nextId = 16; // lower numbers tag the listener and the wake fd
    std::unordered_map<ConnectionId, std::unique_ptr<Connection>> _connections;
    std::unordered_map<std::string, int> _perAddress;
    int _counted = 0;
    int _refusedInFlight = 0;
    std::vector<ConnectionId> _dirty;
    std::vector<ConnectionId> _closing;
    std::vector<ConnectionId> _doomed;
    std::vector<ConnectionId> _heldInput; // Working, with the next request already in
    std::vector<WebSocketListener*> _ticking;
    std::vector<WorkerPool::Done> _finished;
    std::int64_t _limitLogWindow = 0;
    int _limitLinesLogged = 0;
    int _limitLinesSilenced = 0;
};

} // namespace rolecall

#endif
