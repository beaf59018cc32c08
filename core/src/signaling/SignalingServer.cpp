#include "signaling/SignalingServer.h"
#include "Poco/Dynamic/Var.h"
#include "metrics/Metrics.h"
#include "signaling/Rpc.h"
#include "signaling/RpcRequest.h"

namespace rolecall
{
namespace
{

RevocationList loadRevocations(const std::string& file, Poco::Logger& logger)
{
    RevocationList revoked(file, RevocationList::defaultCapacity, &logger);
    revoked.load();
    if (revoked.size() > 0)
        logger.information("%z removed members' tokens stay revoked (%s)", revoked.size(), file);
    return revoked;
}

} // namespace

SignalingServer::SignalingServer(const TokenIssuer& issuer, int maxParticipants, Limits limits,
                                 Poco::Logger& logger)
    : _limits(limits), _logger(logger),
      _rooms(issuer, maxParticipants, limits.caps, *this, limits.ice,
             loadRevocations(limits.revocationsFile, logger), limits.metrics),
      _lobby(limits.lobbyTickets, _rooms, *this, limits.lobby, limits.roomsElsewhere, logger,
             limits.metrics)
{
}

void SignalingServer::opened(ConnectionId id, const Request& upgrade)
{
    Peer& peer = _peers[id];
    peer.address = upgrade.clientAddress;
    peer.allowance = _limits.messagesPerSecond;
    _unjoined.insert(id);
}

void SignalingServer::message(ConnectionId id, const std::string& text)
{
    auto found = _peers.find(id);
    if (found == _peers.end())
        return;
    Peer& peer = found->second;
    // Token bucket: refill at the sustained rate, hold at most two seconds' worth.
    const double elapsed = static_cast<double>(peer.lastRefill.elapsed()) / 1e6;
    peer.lastRefill.update();
    peer.allowance = std::min(2 * _limits.messagesPerSecond,
                              peer.allowance + elapsed * _limits.messagesPerSecond);
    if (peer.allowance < 1)
    {
        if (_limits.metrics)
            _limits.metrics->throttled("signaling_rate");
        if (++peer.strikes > 3 * _limits.messagesPerSecond)
            _sink->close(id, 1008, "too many requests");
        else
            send(id, Rpc::error(Poco::Dynamic::Var(), 429, "too many requests; slow down"));
        return;
    }
    peer.allowance -= 1;
    try
    {
        const RpcRequest request(text); // parsed once, for the lobby or the rooms
        if (!_lobby.receive(id, request))
            _rooms.receive(id, request);
    }
    catch (const std::exception& e)
    {
        // RoomService answers its own errors; anything else is a bug, which
        // must cost this request, not the server.
        _logger.error("signaling message from %s failed: %s", peer.address, std::string(e.what()));
        send(id, Rpc::error(Poco::Dynamic::Var(), 500, "the server failed on this message"));
    }
    catch (...)
    {
        _logger.error("signaling message from %s failed", peer.address);
        send(id, Rpc::error(Poco::Dynamic::Var(), 500, "the server failed on this message"));
    }
    if (_unjoined.count(id) && _rooms.hasJoined(id))
    {
        _unjoined.erase(id);
        peer.who = _rooms.describe(id);
        _logger.information("%s joined from %s", peer.who, peer.address);
        _lobby.joined(id);
    }
    else if (_unjoined.count(id) && _lobby.holds(id))
    {
        _unjoined.erase(id); // the lobby's wait cap, not the join deadline, bounds it now
        peer.who = _lobby.describe(id);
    }
}

void SignalingServer::closed(ConnectionId id, const std::string& reason)
{
    auto found = _peers.find(id);
    if (found == _peers.end())
        return;
    const std::string who = found->second.who.empty()
                                ? "connection from " + found->second.address + " (not joined)"
                                : found->second.who;
    _rooms.disconnected(id, reason == "left" ? "left" : "disconnected");
    _lobby.closed(id);
    if (_limits.metrics)
        _limits.metrics->connectionClosed(reason);
    _logger.information("%s closed: %s", who, reason);
    _unjoined.erase(id);
    _peers.erase(found);
}

void SignalingServer::tick()
{
    const Poco::Timestamp::TimeDiff limit = _limits.joinTimeoutMs * 1000LL;
    for (auto it = _unjoined.begin(); it != _unjoined.end();)
    {
        const ConnectionId id = *it++;
        auto peer = _peers.find(id);
        if (peer != _peers.end() && peer->second.opened.elapsed() > limit)
            _sink->close(id, 1008, "no room.join in time"); // closed() comes later
    }
    _rooms.expire();
    _lobby.tick();
    if (_lastPurge.elapsed() > 60 * 1000 * 1000LL)
    {
        _lastPurge.update();
        _rooms.purgeRevocations();
    }
}

void SignalingServer::send(ConnectionId to, const std::string& text)
{
    _sink->sendText(to, text);
}

void SignalingServer::close(ConnectionId to, int code, const std::string& reason)
{
    auto peer = _peers.find(to);
    if (peer != _peers.end() && peer->second.who.empty())
        peer->second.who = _rooms.describe(to);
    if (peer != _peers.end() && peer->second.who.empty())
        peer->second.who = _lobby.describe(to);
    _sink->close(to, code, reason);
}

} // namespace rolecall
