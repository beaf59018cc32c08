#include "signaling/SignalingServer.h"
#include "Poco/Buffer.h"
#include "Poco/NObserver.h"
#include "Poco/Net/NetException.h"
#include "Poco/Util/Application.h"
#include "signaling/Rpc.h"

namespace rolecall
{

using Poco::Net::WebSocket;

struct SignalingServer::Connection
{
    ConnectionId id = 0;
    WebSocket socket;
    Poco::Timestamp opened;
    Poco::Timestamp lastHeard;
    Poco::Timestamp lastPing;
    std::string partial; // a fragmented message so far
    double allowance = 0;
    Poco::Timestamp lastRefill;
    int strikes = 0;
    bool closing = false;
    bool broken = false; // nothing more can be sent
    int closeCode = WebSocket::WS_NORMAL_CLOSE;
    std::string closeReason;
    std::string leaveReason = "disconnected";

    explicit Connection(WebSocket ws) : socket(std::move(ws)) {}
};

/// Runs the server's housekeeping on the reactor thread between polls, so
/// that nothing but that thread ever touches the rooms.
class SignalingServer::Reactor : public Poco::Net::SocketReactor
{
public:
    // A short poll timeout: Poco 1.11's reactor sleeps a whole timeout when it
    // has no socket, and adding one does not wake it, so the first member of
    // an idle server would wait up to this long.
    explicit Reactor(SignalingServer& owner)
        : SocketReactor(Poco::Timespan(0, 10 * 1000)), _owner(owner)
    {
    }
    void onBusy() override { _owner.maintain(); }
    void onTimeout() override { _owner.maintain(); }

private:
    SignalingServer& _owner;
};

namespace
{
using ReadableObserver = Poco::NObserver<SignalingServer, Poco::Net::ReadableNotification>;
}

SignalingServer::SignalingServer(const TokenIssuer& issuer, int maxParticipants, Limits limits)
    : _limits(limits), _rooms(issuer, maxParticipants, *this), _reactor(new Reactor(*this))
{
}

SignalingServer::~SignalingServer()
{
    stop();
}

void SignalingServer::start()
{
    _running = true;
    _thread.setName("signaling");
    _thread.start(*_reactor);
}

void SignalingServer::stop()
{
    if (!_running)
        return;
    _running = false;
    _reactor->stop();
    _thread.join();
    for (auto& [id, c] : _connections)
    {
        try
        {
            c->socket.shutdown(WebSocket::WS_ENDPOINT_GOING_AWAY, "server stopping");
            c->socket.close();
        }
        catch (const Poco::Exception&)
        {
        }
    }
    _connections.clear();
    _bySocket.clear();
}

void SignalingServer::adopt(WebSocket socket)
{
    socket.setMaxPayloadSize(_limits.maxMessageBytes);
    socket.setReceiveTimeout(Poco::Timespan(0, _limits.ioTimeoutMs * 1000));
    socket.setSendTimeout(Poco::Timespan(0, _limits.ioTimeoutMs * 1000));
    socket.setNoDelay(true);
    {
        std::lock_guard<std::mutex> lock(_pendingMutex);
        _pending.push_back(socket);
    }
    // Registered from this thread: the reactor's poll set takes additions
    // while it waits, and onReadable() adopts pending sockets before use.
    _reactor->addEventHandler(socket, ReadableObserver(*this, &SignalingServer::onReadable));
}

void SignalingServer::takePending()
{
    std::lock_guard<std::mutex> lock(_pendingMutex);
    for (WebSocket& socket : _pending)
    {
        auto connection = std::make_unique<Connection>(socket);
        connection->id = _nextId++;
        connection->allowance = _limits.messagesPerSecond;
        // Spread heartbeats: members that join together are not all pinged
        // in the same pass forever after. (k/1000 of the interval, in µs.)
        connection->lastPing -= (_nextId * 7919 % 1000) * _limits.pingIntervalMs;
        _bySocket[socket.impl()] = connection->id;
        _connections[connection->id] = std::move(connection);
    }
    _pending.clear();
}

void SignalingServer::onReadable(const Poco::AutoPtr<Poco::Net::ReadableNotification>& notification)
{
    takePending();
    auto found = _bySocket.find(notification->socket().impl());
    if (found == _bySocket.end())
        return;
    Connection& connection = *_connections.at(found->second);
    if (!connection.closing)
        readFrom(connection);
    settle();
}

void SignalingServer::readFrom(Connection& c)
{
    Poco::Buffer<char> buffer(0);
    int flags = 0;
    int n = 0;
    try
    {
        n = c.socket.receiveFrame(buffer, flags);
    }
    catch (const Poco::Net::WebSocketException& e)
    {
        const bool tooBig = e.code() == WebSocket::WS_ERR_PAYLOAD_TOO_BIG;
        drop(c, "disconnected",
             tooBig ? WebSocket::WS_PAYLOAD_TOO_BIG : WebSocket::WS_PROTOCOL_ERROR,
             tooBig ? "message too big" : "malformed frame");
        return;
    }
    catch (const Poco::TimeoutException&)
    {
        drop(c, "disconnected", WebSocket::WS_PROTOCOL_ERROR, "incomplete frame");
        return;
    }
    catch (const Poco::Exception&)
    {
        c.broken = true;
        drop(c, "disconnected", WebSocket::WS_RESERVED_ABNORMAL_CLOSE, "");
        return;
    }
    c.lastHeard.update();
    const int opcode = flags & WebSocket::FRAME_OP_BITMASK;
    const bool final = (flags & WebSocket::FRAME_FLAG_FIN) != 0;
    if (n == 0 && flags == 0)
    {
        c.broken = true; // the peer closed TCP without a close frame
        drop(c, "disconnected", WebSocket::WS_RESERVED_ABNORMAL_CLOSE, "");
        return;
    }
    const std::string payload(buffer.begin(), static_cast<std::size_t>(n));
    switch (opcode)
    {
    case WebSocket::FRAME_OP_CLOSE:
        drop(c, "left", WebSocket::WS_NORMAL_CLOSE, ""); // our close frame is the echo
        break;
    case WebSocket::FRAME_OP_PING:
        try
        {
            c.socket.sendFrame(payload.data(), n,
                               WebSocket::FRAME_FLAG_FIN | WebSocket::FRAME_OP_PONG);
        }
        catch (const Poco::Exception&)
        {
            c.broken = true;
            drop(c, "disconnected", WebSocket::WS_RESERVED_ABNORMAL_CLOSE, "");
        }
        break;
    case WebSocket::FRAME_OP_PONG:
        break;
    case WebSocket::FRAME_OP_TEXT:
        if (final)
            handleText(c, payload);
        else
            c.partial = payload;
        break;
    case WebSocket::FRAME_OP_CONT:
        if (c.partial.empty() ||
            c.partial.size() + payload.size() > static_cast<std::size_t>(_limits.maxMessageBytes))
        {
            drop(c, "disconnected", WebSocket::WS_PAYLOAD_TOO_BIG,
                 "message too big or out of order");
            break;
        }
        c.partial += payload;
        if (final)
        {
            const std::string text = std::move(c.partial);
            c.partial.clear();
            handleText(c, text);
        }
        break;
    default:
        drop(c, "disconnected", WebSocket::WS_PAYLOAD_NOT_ACCEPTABLE,
             "only text frames are accepted");
    }
}

void SignalingServer::handleText(Connection& c, const std::string& text)
{
    // Token bucket: refill at the sustained rate, hold at most two seconds' worth.
    const double elapsed = static_cast<double>(c.lastRefill.elapsed()) / 1e6;
    c.lastRefill.update();
    c.allowance =
        std::min(2 * _limits.messagesPerSecond, c.allowance + elapsed * _limits.messagesPerSecond);
    if (c.allowance < 1)
    {
        if (++c.strikes > 3 * _limits.messagesPerSecond)
            drop(c, "disconnected", WebSocket::WS_POLICY_VIOLATION, "too many requests");
        else
            send(c.id, Rpc::error(Poco::Dynamic::Var(), "429", "too many requests; slow down"));
        return;
    }
    c.allowance -= 1;
    _rooms.receive(c.id, text);
}

void SignalingServer::send(ConnectionId to, const std::string& text)
{
    auto found = _connections.find(to);
    if (found == _connections.end() || found->second->broken)
        return;
    Connection& c = *found->second;
    try
    {
        c.socket.sendFrame(text.data(), static_cast<int>(text.size()), WebSocket::FRAME_TEXT);
    }
    catch (const Poco::Exception&)
    {
        // A member that does not read would stall everyone: it is dropped.
        c.broken = true;
        drop(c, "disconnected", WebSocket::WS_RESERVED_ABNORMAL_CLOSE, "");
    }
}

void SignalingServer::close(ConnectionId to, int code, const std::string& reason)
{
    auto found = _connections.find(to);
    if (found != _connections.end())
        drop(*found->second, "left", code, reason);
}

void SignalingServer::drop(Connection& c, const std::string& reason, int code,
                           const std::string& closeReason)
{
    if (c.closing)
        return;
    c.closing = true;
    _closing.push_back(c.id);
    c.leaveReason = reason;
    c.closeCode = code;
    c.closeReason = closeReason;
}

// Closes what was marked for closing (only those: this runs after every
// frame). Announcing a member as left can make another send fail and mark
// one more, hence the loop until none is left.
void SignalingServer::settle()
{
    while (!_closing.empty())
    {
        const ConnectionId id = _closing.back();
        _closing.pop_back();
        auto found = _connections.find(id);
        if (found == _connections.end())
            continue;
        Connection& c = *found->second;
        _rooms.disconnected(c.id, c.leaveReason); // may mark more for closing
        try
        {
            if (!c.broken)
                c.socket.shutdown(static_cast<Poco::UInt16>(c.closeCode), c.closeReason);
        }
        catch (const Poco::Exception&)
        {
        }
        _reactor->removeEventHandler(c.socket,
                                     ReadableObserver(*this, &SignalingServer::onReadable));
        _bySocket.erase(c.socket.impl());
        try
        {
            c.socket.close();
        }
        catch (const Poco::Exception&)
        {
        }
        _connections.erase(found);
    }
}

void SignalingServer::maintain()
{
    takePending();
    if (_lastMaintenance.elapsed() < 250 * 1000)
        return;
    _lastMaintenance.update();
    const Poco::Timestamp::TimeDiff ping = _limits.pingIntervalMs * 1000LL;
    for (auto& [id, c] : _connections)
    {
        if (c->closing)
            continue;
        if (!_rooms.hasJoined(id) && c->opened.elapsed() > _limits.joinTimeoutMs * 1000LL)
            drop(*c, "disconnected", WebSocket::WS_POLICY_VIOLATION, "no room.join in time");
        else if (c->lastHeard.elapsed() > 3 * ping)
        {
            c->broken = true;
            drop(*c, "disconnected", WebSocket::WS_RESERVED_ABNORMAL_CLOSE, "");
        }
        else if (c->lastPing.elapsed() > ping && c->lastHeard.elapsed() > ping)
        {
            c->lastPing.update();
            try
            {
                c->socket.sendFrame("", 0, WebSocket::FRAME_FLAG_FIN | WebSocket::FRAME_OP_PING);
            }
            catch (const Poco::Exception&)
            {
                c->broken = true;
                drop(*c, "disconnected", WebSocket::WS_RESERVED_ABNORMAL_CLOSE, "");
            }
        }
    }
    if (_lastPurge.elapsed() > 60 * 1000 * 1000LL)
    {
        _lastPurge.update();
        _rooms.purgeRevocations();
    }
    settle();
}

} // namespace rolecall
