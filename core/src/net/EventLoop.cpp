#include "net/EventLoop.h"
#include "Poco/Net/StreamSocketImpl.h"
#include "net/HttpService.h"
#include "net/WebSocketFrame.h"
#include "net/WebSocketHandshake.h"
#include "net/WebSocketListener.h"
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <random>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace rolecall
{
namespace
{

constexpr ConnectionId wakeTag = 1;
constexpr ConnectionId firstListenerTag = 2; // listeners 2..15, connections from 16
constexpr std::size_t maxListeners = 14;
constexpr int sweepMs = 100;
constexpr int lingerMs = 2000;      // to flush a goodbye and see the peer's FIN
constexpr int refusedReadMs = 1000; // for a connection over a cap to send its request
constexpr int maxRefusedInFlight = 1024;
constexpr int descriptorReserve = 64; // files, plugins, SignalWire calls, logs
constexpr std::size_t readChunk = 64 * 1024;
constexpr std::size_t readBudget = 256 * 1024; // per readiness event, for fairness
constexpr int maxUnansweredPings = 3;
constexpr int limitLinesPerSecond = 10;

std::int64_t steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Raises the soft descriptor limit to the hard one; returns what is in force.
rlim_t raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    if (limit.rlim_cur < limit.rlim_max)
    {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur;
}

// "GET /" and the like: what a browser sends when told http:// for an https port.
bool looksLikeHttp(const char* data, std::size_t size)
{
    std::size_t i = 0;
    while (i < size && i < 8 && data[i] >= 'A' && data[i] <= 'Z')
        ++i;
    return i >= 3 && i < size && data[i] == ' ';
}

std::string addressOf(const sockaddr_storage& peer)
{
    char text[INET6_ADDRSTRLEN] = "";
    if (peer.ss_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(peer).sin_addr, text,
                    sizeof text);
    else if (peer.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(peer).sin6_addr, text,
                    sizeof text);
    return text;
}

} // namespace

EventLoop::EventLoop(const ConnectionLimits& limits, HttpService& service, Poco::Logger& logger,
                     TrustedProxies proxies)
    : _limits(limits), _service(service), _logger(logger),
      _parser(static_cast<std::size_t>(limits.maxHeaderBytes)), _proxies(std::move(proxies))
{
    _epoll = ::epoll_create1(EPOLL_CLOEXEC);
    _wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (_epoll < 0 || _wakeFd < 0)
        throw Poco::SystemException("cannot create the event loop", std::strerror(errno));
    epoll_event wake{};
    // Edge-triggered: every write is a new edge, so the counter need not be
    // read back (one system call less per wake-up).
    wake.events = EPOLLIN | EPOLLET;
    wake.data.u64 = wakeTag;
    ::epoll_ctl(_epoll, EPOLL_CTL_ADD, _wakeFd, &wake);
    const rlim_t descriptors = raiseDescriptorLimit();
    _connectionCap = static_cast<int>(std::min<rlim_t>(
        static_cast<rlim_t>(limits.maxConnections),
        descriptors > 2 * descriptorReserve ? descriptors - descriptorReserve : descriptors / 2));
    _reserveFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    _pool = std::make_unique<WorkerPool>(limits.workers, limits.workerQueue,
                                         [this]
                                         {
                                             const std::uint64_t one = 1;
                                             [[maybe_unused]] auto n =
                                                 ::write(_wakeFd, &one, sizeof one);
                                         });
    if (_connectionCap < limits.maxConnections)
        _logger.warning("connection cap lowered from %d to %d: the open files limit is %lu",
                        limits.maxConnections, _connectionCap,
                        static_cast<unsigned long>(descriptors));
}

EventLoop::~EventLoop()
{
    stop();
    _pool->stop();
    for (auto& [id, c] : _connections)
        c->socket.close();
    _connections.clear();
    if (_epoll >= 0)
        ::close(_epoll);
    if (_wakeFd >= 0)
        ::close(_wakeFd);
    if (_reserveFd >= 0)
        ::close(_reserveFd);
}

unsigned short EventLoop::listen(const Poco::Net::SocketAddress& address,
                                 Poco::Net::Context::Ptr tls)
{
    Listener listener;
    listener.tls = std::move(tls);
    return addListener(std::move(listener), address);
}

unsigned short EventLoop::listenRedirect(const Poco::Net::SocketAddress& address,
                                         unsigned short httpsPort)
{
    Listener listener;
    listener.redirectTo = httpsPort;
    return addListener(std::move(listener), address);
}

unsigned short EventLoop::addListener(Listener listener, const Poco::Net::SocketAddress& address)
{
    if (_listeners.size() >= maxListeners)
        throw Poco::InvalidArgumentException("too many listening sockets");
    listener.socket.bind(address, true);
    listener.socket.listen(1024);
    listener.socket.setBlocking(false);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = firstListenerTag + _listeners.size();
    ::epoll_ctl(_epoll, EPOLL_CTL_ADD, listener.socket.impl()->sockfd(), &event);
    _listeners.push_back(std::move(listener));
    return _listeners.back().socket.address().port();
}

void EventLoop::setTls(Poco::Net::Context::Ptr tls)
{
    std::lock_guard<std::mutex> lock(_tlsMutex);
    for (auto& listener : _listeners)
        if (listener.tls)
            listener.tls = tls;
}

void EventLoop::post(std::function<void()> task)
{
    {
        std::lock_guard<std::mutex> lock(_postedMutex);
        _posted.push_back(std::move(task));
        _hasPosted.store(true, std::memory_order_release);
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(_wakeFd, &one, sizeof one);
}

void EventLoop::runPosted()
{
    if (!_hasPosted.load(std::memory_order_acquire))
        return; // the common case, on every pass: no lock
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard<std::mutex> lock(_postedMutex);
        tasks.swap(_posted);
        _hasPosted.store(false, std::memory_order_relaxed);
    }
    for (auto& task : tasks)
    {
        try
        {
            task();
        }
        catch (const std::exception& e)
        {
            _logger.error("a task posted to the event loop failed: %s", std::string(e.what()));
        }
        catch (...)
        {
            _logger.error("a task posted to the event loop failed");
        }
    }
}

void EventLoop::addTicking(WebSocketListener& listener)
{
    _ticking.push_back(&listener);
}

void EventLoop::start()
{
    _running = true;
    _thread = std::thread([this] { run(); });
}

void EventLoop::stop()
{
    if (!_running.exchange(false))
        return;
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(_wakeFd, &one, sizeof one);
    _thread.join();
    // A last word to every member, without waiting for anyone.
    for (auto& [id, c] : _connections)
        if (c->listener && !c->closeQueued)
        {
            const std::string payload = WebSocketFrame::closePayload(1001, "server stopping");
            std::string frame;
            WebSocketFrame::write(frame, WebSocketFrame::Close, payload.data(), payload.size());
            if (c->tls)
            {
                c->tls->send(frame);
                frame.clear();
                c->tls->takeOutput(frame);
            }
            [[maybe_unused]] auto sent =
                ::send(fdOf(*c), frame.data(), frame.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        }
}

void EventLoop::run()
{
    ::pthread_setname_np(::pthread_self(), "event-loop");
    std::vector<epoll_event> events(512);
    _now = steadyMs();
    _nextSweep = _now + sweepMs;
    while (_running)
    {
        // While work waits in the pool, look again soon: it may need another thread.
        const std::int64_t wait = _workQueued ? 1 : _nextSweep - _now;
        const int timeout = static_cast<int>(std::max<std::int64_t>(0, wait));
        const int n = ::epoll_wait(_epoll, events.data(), static_cast<int>(events.size()), timeout);
        _now = steadyMs();
        for (int i = 0; i < n; ++i)
        {
            const ConnectionId tag = events[i].data.u64;
            if (tag >= firstListenerTag && tag < firstListenerTag + _listeners.size())
                acceptAll(_listeners[tag - firstListenerTag]);
            else if (tag != wakeTag) // a wake-up only ends the wait
                onEvent(tag, events[i].events);
        }
        takeFinishedWork();
        while (waitingForWorkers() && _pool->awaitDone())
            takeFinishedWork();
        runPosted();
        _workQueued = _pool->nudge();
        if (_now >= _nextSweep)
        {
            sweep();
            _nextSweep = _now + sweepMs;
        }
        reap();
        flushDirty();
        reap(); // a failed write closes
        for (ConnectionId id : _doomed)
            destroy(id);
        _doomed.clear();
    }
}

void EventLoop::acceptAll(const Listener& listener)
{
    for (;;)
    {
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        const int fd =
            ::accept4(listener.socket.impl()->sockfd(), reinterpret_cast<sockaddr*>(&peer), &length,
                      SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
        {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if ((errno == EMFILE || errno == ENFILE) && _reserveFd >= 0)
            {
                // Out of descriptors: use the reserve to take the connection
                // off the backlog and close it, so it is not retried forever.
                ::close(_reserveFd);
                const int taken =
                    ::accept4(listener.socket.impl()->sockfd(), nullptr, nullptr, SOCK_CLOEXEC);
                if (taken >= 0)
                    ::close(taken);
                _reserveFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
                logLimit("connection refused: out of file descriptors");
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                _logger.error("accept failed: %s", std::string(std::strerror(errno)));
            return;
        }
        auto c = std::make_unique<Connection>();
        c->id = _nextId++;
        c->socket = Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fd));
        c->socket.setBlocking(false);
        c->address = addressOf(peer);
        c->deadline = _now + _limits.headerTimeoutMs; // a TLS handshake included
        c->deadlineFor = "request head";
        {
            // The session holds its own reference to the SSL_CTX, so a
            // reloaded certificate leaves this connection's alone.
            std::lock_guard<std::mutex> lock(_tlsMutex);
            if (listener.tls)
                c->tls = std::make_unique<TlsSession>(listener.tls->sslContext());
        }
        c->redirectTo = listener.redirectTo;
        if (peer.ss_family != AF_UNIX)
            c->socket.setNoDelay(true);
        Connection& conn = *c;
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u64 = conn.id;
        conn.events = EPOLLIN;
        ::epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &event);
        _connections.emplace(conn.id, std::move(c));

        int& fromAddress = _perAddress[conn.address];
        if (_counted >= _connectionCap)
            refuse(conn, "the server's connection cap (limits.max_connections = " +
                             std::to_string(_connectionCap) + ")");
        else if (fromAddress >= _limits.maxConnectionsPerAddress)
            refuse(conn, "the per-address cap (limits.max_connections_per_address = " +
                             std::to_string(_limits.maxConnectionsPerAddress) + ")");
        else
        {
            ++fromAddress;
            ++_counted;
        }
        if (fromAddress == 0)
            _perAddress.erase(conn.address);
    }
}

// A connection over a cap is still read briefly, so that it gets a clear
// 503 with Retry-After, and so that /healthz keeps answering when the server
// is full (a monitor must tell "full" from "dead"). Bounded in number and time.
void EventLoop::refuse(Connection& c, const std::string& why)
{
    c.refused = true;
    logLimit("connection from " + c.address + " refused: " + why);
    if (++_refusedInFlight > maxRefusedInFlight)
    {
        closeConnection(c, "refused", 1000, "", true); // too many to answer each
        return;
    }
    c.deadline = _now + refusedReadMs;
}

void EventLoop::logLimit(const std::string& text)
{
    // Every limit that bites is logged, but a flood must not become a flood of
    // log lines: ten a second, then a count.
    if (_now - _limitLogWindow >= 1000)
    {
        if (_limitLinesSilenced > 0)
            _logger.warning("... and %d more such lines in that second (limits hit)",
                            _limitLinesSilenced);
        _limitLogWindow = _now;
        _limitLinesLogged = 0;
        _limitLinesSilenced = 0;
    }
    if (_limitLinesLogged++ < limitLinesPerSecond)
        _logger.warning(text);
    else
        ++_limitLinesSilenced;
}

Connection* EventLoop::find(ConnectionId id)
{
    auto found = _connections.find(id);
    return found == _connections.end() ? nullptr : found->second.get();
}

void EventLoop::onEvent(ConnectionId id, std::uint32_t events)
{
    Connection* c = find(id);
    if (!c)
        return;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
    {
        readAvailable(*c);
        process(*c);
    }
    if (events & (EPOLLHUP | EPOLLERR))
    {
        // Both directions are gone: nothing can be answered or flushed.
        if (c->state == Connection::State::Closing)
            _doomed.push_back(c->id);
        closeConnection(*c, "connection lost", 1006, "", true);
        return;
    }
    if ((events & EPOLLOUT) && !c->broken)
        flush(*c);
    if (c->state == Connection::State::Working && !c->in.empty() && !c->inputHeld)
    {
        c->inputHeld = true; // its answer may be out without the loop knowing yet
        _heldInput.push_back(c->id);
    }
    updateInterest(*c);
}

void EventLoop::readAvailable(Connection& c)
{
    if (c.broken || c.peerClosed)
        return;
    static thread_local char chunk[readChunk];
    std::size_t total = 0;
    while (total < readBudget && c.in.size() < inputCap())
    {
        const ssize_t n = ::recv(fdOf(c), chunk, sizeof chunk, 0);
        if (n > 0)
        {
            total += static_cast<std::size_t>(n);
            if (c.state == Connection::State::Closing)
                continue; // a closing one's input is dropped
            if (!c.tls)
            {
                c.in.append(chunk, static_cast<std::size_t>(n));
                continue;
            }
            bool ended = false;
            const bool fine = c.tls->receive(chunk, static_cast<std::size_t>(n), c.in, ended);
            std::string records; // handshake answers, alerts
            c.tls->takeOutput(records);
            queueBytes(c, std::move(records));
            if (!fine)
            {
                logLimit("TLS with " + c.address + " failed: " + c.tls->problem());
                if (!c.tls->handshakeDone() && looksLikeHttp(chunk, static_cast<std::size_t>(n)))
                {
                    // Plain HTTP on the HTTPS port: say so, in plain HTTP.
                    c.tls.reset();
                    c.out = OutputQueue();
                    Response wrongScheme = _service.failure(
                        400, "This port speaks HTTPS only: use an https:// address.");
                    queueBytes(c, wrongScheme.serialize(false, false));
                    closeConnection(c, "plain HTTP on the HTTPS port");
                    return;
                }
                c.peerClosed = true;
                c.broken = true;
                return;
            }
            if (ended)
            {
                c.peerClosed = true;
                return;
            }
            continue;
        }
        if (n == 0)
            c.peerClosed = true;
        else if (errno == EINTR)
            continue;
        else if (errno != EAGAIN && errno != EWOULDBLOCK)
        {
            c.peerClosed = true;
            c.broken = true;
        }
        return;
    }
}

std::size_t EventLoop::inputCap() const
{
    return static_cast<std::size_t>(_limits.maxHeaderBytes) +
           static_cast<std::size_t>(std::max(_limits.maxBodyBytes, _limits.maxMessageBytes)) +
           readChunk;
}

void EventLoop::process(Connection& c)
{
    switch (c.state)
    {
    case Connection::State::Head:
    case Connection::State::Body:
        processHttp(c);
        break;
    case Connection::State::Open:
        processFrames(c);
        break;
    case Connection::State::Working:
        if (c.broken)
            closeConnection(c, "connection lost while working", 1000, "", true);
        break;
    case Connection::State::Closing:
        if (c.peerClosed && c.closeQueued && c.out.empty())
            _doomed.push_back(c.id);
        break;
    }
}

void EventLoop::enqueue(Connection& c, std::string bytes)
{
    if (bytes.empty() || c.broken)
        return;
    if (c.tls)
    {
        c.tls->send(bytes);
        bytes.clear();
        c.tls->takeOutput(bytes);
    }
    queueBytes(c, std::move(bytes));
}

// Bytes as they go on the wire (already encrypted on TLS connections).
void EventLoop::queueBytes(Connection& c, std::string bytes)
{
    if (bytes.empty() || c.broken)
        return;
    if (c.out.empty())
        c.lastWrite = _now;
    c.out.push(std::move(bytes));
    if (!c.dirty)
    {
        c.dirty = true;
        _dirty.push_back(c.id);
    }
}

void EventLoop::flushDirty()
{
    for (std::size_t i = 0; i < _dirty.size(); ++i) // flush() may add more
    {
        Connection* c = find(_dirty[i]);
        if (!c)
            continue;
        c->dirty = false;
        flush(*c);
    }
    _dirty.clear();
}

void EventLoop::flush(Connection& c)
{
    while (!c.out.empty() && !c.broken)
    {
        iovec parts[64];
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = static_cast<std::size_t>(c.out.fill(parts, 64));
        const ssize_t n = ::sendmsg(fdOf(c), &message, MSG_NOSIGNAL);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
            {
                c.writeBlocked = true;
                break;
            }
            c.broken = true;
            closeConnection(c, "connection lost (write failed)", 1006, "", true);
            return;
        }
        c.lastWrite = _now;
        c.out.consume(static_cast<std::size_t>(n));
        c.writeBlocked = false;
    }
    if (c.broken)
        return;
    if (c.out.empty() && c.state == Connection::State::Closing && c.closeQueued)
    {
        if (c.peerClosed)
            _doomed.push_back(c.id);
        else
            ::shutdown(fdOf(c), SHUT_WR); // then linger for the peer's FIN
    }
    updateInterest(c);
    if (c.out.empty() && c.state == Connection::State::Head && !c.in.empty())
        processHttp(c); // a pipelined request waited for this answer to go out
}

void EventLoop::updateInterest(Connection& c)
{
    if (c.broken)
        return;
    std::uint32_t wanted = 0;
    // Reading goes on while a worker answers (no epoll change per request),
    // up to a bounded buffer: a pipelining client waits in its own buffer.
    if (!c.peerClosed && c.in.size() < inputCap())
        wanted |= EPOLLIN;
    if (c.writeBlocked)
        wanted |= EPOLLOUT; // only once the socket refused bytes: no epoll change per answer
    if (wanted == c.events)
        return;
    epoll_event event{};
    event.events = wanted;
    event.data.u64 = c.id;
    ::epoll_ctl(_epoll, EPOLL_CTL_MOD, fdOf(c), &event);
    c.events = wanted;
}

void EventLoop::closeConnection(Connection& c, const std::string& reason, int code,
                                const std::string& message, bool broken)
{
    if (broken)
        c.broken = true;
    if (c.state == Connection::State::Closing)
        return;
    c.state = Connection::State::Closing;
    c.reason = reason;
    c.closeCode = code;
    c.closeMessage = message;
    c.deadline = 0;
    c.lingerUntil = _now + lingerMs;
    _closing.push_back(c.id);
}

// Carries out the closes decided since the last call. A listener told of a
// close may close others (a member left, a send overflowed), hence the loop.
void EventLoop::reap()
{
    for (std::size_t i = 0; i < _closing.size(); ++i)
    {
        Connection* c = find(_closing[i]);
        if (!c)
            continue;
        if (WebSocketListener* listener = c->listener)
        {
            listener->closed(c->id, c->reason);
            if (!c->broken && !c->closeQueued && c->closeCode != 1006)
                sendFrame(*c, WebSocketFrame::Close,
                          WebSocketFrame::closePayload(c->closeCode, c->closeMessage));
        }
        else if (c->reason != "answered" && c->reason != "peer closed")
            _logger.debug("connection " + std::to_string(c->id) + " from " + c->address +
                          " closed: " + c->reason);
        c->closeQueued = true;
        if (c->tls && !c->broken)
        {
            c->tls->shutdown(); // close_notify, so the peer sees a clean end
            std::string records;
            c->tls->takeOutput(records);
            queueBytes(*c, std::move(records));
        }
        if (c->broken)
            _doomed.push_back(c->id);
        else
            flush(*c);
    }
    _closing.clear();
}

void EventLoop::destroy(ConnectionId id)
{
    auto found = _connections.find(id);
    if (found == _connections.end())
        return;
    Connection& c = *found->second;
    ::epoll_ctl(_epoll, EPOLL_CTL_DEL, fdOf(c), nullptr);
    if (c.atWorker)
    {
        // A worker may be writing to the descriptor: closing it now could
        // hand its number to a new client, who would get this answer.
        c.destroyWhenBack = true;
        return;
    }
    try
    {
        c.socket.close();
    }
    catch (const Poco::Exception&)
    {
    }
    if (!c.refused)
    {
        --_counted;
        auto per = _perAddress.find(c.address);
        if (per != _perAddress.end() && --per->second <= 0)
            _perAddress.erase(per);
    }
    else
        --_refusedInFlight;
    _connections.erase(found);
}

void EventLoop::sweep()
{
    for (auto& [id, conn] : _connections)
    {
        Connection& c = *conn;
        if (c.state == Connection::State::Closing)
        {
            if (_now >= c.lingerUntil)
                _doomed.push_back(id);
            continue;
        }
        if (!c.out.empty() && _now - c.lastWrite > _limits.idleTimeoutMs)
        {
            logLimit("closing connection " + std::to_string(id) + " from " + c.address +
                     ": no write progress for " + std::to_string(_limits.idleTimeoutMs) +
                     " ms (limits.idle_timeout_ms)");
            closeConnection(c, "stopped reading (no write progress)", 1008, "", true);
            continue;
        }
        if (c.state == Connection::State::Head || c.state == Connection::State::Body)
        {
            if (c.deadline == 0 || _now < c.deadline)
                continue;
            if (c.refused)
            {
                c.keepAlive = false;
                respond(c, busy());
            }
            else if (c.deadlineFor == std::string("keep-alive idle") && c.in.empty())
                closeConnection(c, "keep-alive idle");
            else
                respondAndClose(c, 408, "The request did not arrive in time.",
                                std::string(c.deadlineFor) + " not complete in time");
        }
        else if (c.state == Connection::State::Open)
        {
            if (c.frameStarted != 0 && _now - c.frameStarted > _limits.frameTimeoutMs)
            {
                closeConnection(c, "a frame was not completed in time (limits.frame_timeout_ms)",
                                1008, "frame not completed in time");
                continue;
            }
            if (_now < c.nextPing)
                continue;
            if (c.unansweredPings >= maxUnansweredPings)
            {
                // Read what is there before judging: an answer may be waiting.
                readAvailable(c);
                processFrames(c);
                if (c.state == Connection::State::Open && c.unansweredPings >= maxUnansweredPings)
                    closeConnection(c, "silent (3 pings unanswered)", 1001, "no answer to pings");
                continue;
            }
            ++c.unansweredPings;
            c.nextPing = _now + _limits.pingIntervalMs;
            sendFrame(c, WebSocketFrame::Ping, std::string());
        }
    }
    for (WebSocketListener* listener : _ticking)
        listener->tick();
}

} // namespace rolecall
