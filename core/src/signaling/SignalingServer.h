#ifndef rolecall_SignalingServer_INCLUDED
#define rolecall_SignalingServer_INCLUDED

#include "Poco/Logger.h"
#include "Poco/Timestamp.h"
#include "net/WebSocketListener.h"
#include "net/WebSocketSink.h"
#include "signaling/Lobby.h"
#include "signaling/Outbox.h"
#include "signaling/RoomService.h"
#include <unordered_map>
#include <unordered_set>

namespace rolecall
{

class LobbyTicketIssuer;
class TokenIssuer;

/// The embedded rooms on top of the event loop's WebSockets: turns each text
/// message into a RoomService call, RoomService's output into messages, and
/// keeps the per-connection rules the rooms do not know: a message rate
/// limit, a deadline to join, and one log line for every member that goes.
/// lobby.* methods, and everything from a connection that waits in (or
/// watches) a lobby, go to the Lobby instead, which the rooms never see; a
/// lobby connection has no join deadline, only the lobby's wait cap. On the
/// signalwire backend the rooms are elsewhere and /ws serves the lobby only.
/// Everything runs on the event loop's thread, so RoomService stays
/// single-threaded and lock-free. Frames, pings, queues and socket deadlines
/// are the loop's business (net/EventLoop.h).
class SignalingServer : public WebSocketListener, public Outbox
{
public:
    struct Limits
    {
        double messagesPerSecond = 50; // sustained; bursts of twice that pass
        int joinTimeoutMs = 10000;     // a connection must join within this
        RoomService::Caps caps;
        IceServers ice;
        Metrics* metrics = nullptr; // optional: counts joins, leaves, closes, requests
        /// Where removed members' revoked tokens are kept across restarts;
        /// "" keeps them in memory only.
        std::string revocationsFile;
        /// The lobby's tickets (null: no lobby) and caps.
        const LobbyTicketIssuer* lobbyTickets = nullptr;
        Lobby::Limits lobby;
        /// The rooms are on SignalWire: every method but the lobby's is refused.
        bool roomsElsewhere = false;
    };

    SignalingServer(const TokenIssuer& issuer, int maxParticipants, Limits limits,
                    Poco::Logger& logger);

    /// Where messages go; set before the loop starts.
    void attach(WebSocketSink& sink) { _sink = &sink; }

    /// The lobby, to be told how to admit (Lobby::admitThrough) before the loop starts.
    Lobby& lobby() { return _lobby; }

    // WebSocketListener
    void opened(ConnectionId id, const Request& upgrade) override;
    void message(ConnectionId id, const std::string& text) override;
    void closed(ConnectionId id, const std::string& reason) override;
    void tick() override;

    // Outbox, called by RoomService.
    void send(ConnectionId to, const std::string& text) override;
    void close(ConnectionId to, int code, const std::string& reason) override;

private:
    struct Peer
    {
        std::string address;
        Poco::Timestamp opened;
        double allowance = 0;
        Poco::Timestamp lastRefill;
        int strikes = 0;
        std::string who; // the member, captured before RoomService forgets it
    };

    const Limits _limits;
    Poco::Logger& _logger;
    RoomService _rooms;
    Lobby _lobby;
    WebSocketSink* _sink = nullptr;
    std::unordered_map<ConnectionId, Peer> _peers;
    std::unordered_set<ConnectionId> _unjoined;
    Poco::Timestamp _lastPurge;
};

} // namespace rolecall

#endif
