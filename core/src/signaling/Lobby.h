#ifndef rolecall_Lobby_INCLUDED
#define rolecall_Lobby_INCLUDED

#include "Poco/Dynamic/Var.h"
#include "Poco/JSON/Object.h"
#include "Poco/Logger.h"
#include "Poco/Timestamp.h"
#include "net/ConnectionId.h"
#include "rooms/RoomBackend.h"
#include "signaling/Outbox.h"
#include "signaling/RpcRequest.h"
#include "tokens/LobbyTicket.h"
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace rolecall
{

class BlockingWorker;
class LobbyTicketIssuer;
class Metrics;
class RoleRegistry;
class RoomService;

/// The waiting room in front of rooms, for roles with `lobby = true`: their
/// pages carry no room token, only a lobby ticket, and wait on /ws until a
/// member who may remove others (room.member.remove) admits or denies them.
/// Only then is a room token made, for the role as it is served at that
/// moment, by the backend (signed here on embedded; a SignalWire token
/// request on a BlockingWorker, off the event loop, on signalwire).
///
/// JSON-RPC 2.0, as the rooms speak it:
///   lobby.wait {ticket}      a waiting page: {id, moderator_present, max_wait_seconds}
///   lobby.watch {ticket}     a moderator whose room is elsewhere (SignalWire): {waiting}
///   lobby.list {}            {waiting: [{id, name, role, since}]}
///   lobby.admit {id|"all"}   {ids}; the waiting page gets lobby.admitted {token, connection}
///   lobby.deny {id|"all"}    {ids}; the waiting page gets lobby.denied, then is closed
/// Moderators (joined embedded members who may admit, and watchers) are
/// told lobby.waiting {id, name, role, since}, lobby.left {id, name, reason}
/// and lobby.admit_failed {id, name, message}; a joining moderator gets
/// lobby.list when anyone waits. Waiting pages are told lobby.moderator
/// {present} when the last moderator leaves or the first arrives, and
/// lobby.timeout when the wait cap passes.
///
/// Errors: 400 malformed, 401 bad ticket or not joined, 403 not allowed
/// (a waiting page asking for anything but the lobby, a member without
/// room.member.remove), 404 nobody of that id waits in this room, 429 this
/// room's lobby is full, 503 every lobby of the server is full or the
/// server is too busy to ask SignalWire.
///
/// Event loop thread only, like RoomService (whose rooms it reads, never
/// changes).
class Lobby
{
public:
    struct Limits
    {
        std::size_t maxPerRoom = 20;  // waiting in one room's lobby
        std::size_t maxWaiting = 500; // waiting in all lobbies
        int maxWaitSeconds = 900;     // then the page is told so and closed
        std::size_t maxWatchersPerRoom = 32;
    };

    /// `roomsElsewhere`: the rooms are not on this server (SignalWire), so
    /// every method but the lobby's is refused.
    /// Without `tickets`, nobody can wait or watch (503).
    Lobby(const LobbyTicketIssuer* tickets, const RoomService& rooms, Outbox& outbox, Limits limits,
          bool roomsElsewhere, Poco::Logger& logger, Metrics* metrics = nullptr);

    /// How admitted members get their room tokens: `backend.admit()` for
    /// their role in `roles` as served at that moment. With a `worker`, the
    /// call runs there (it may block) and its outcome comes back through
    /// the worker's post; without, it runs inline (the embedded backend
    /// only signs). Set before the loop starts.
    void admitThrough(RoomBackend& backend, const RoleRegistry& roles,
                      BlockingWorker* worker = nullptr);

    /// One text message. True when the lobby answered it: a lobby.* method,
    /// or anything at all from a connection that waits or watches (or on a
    /// server whose rooms are elsewhere). False: it is for the rooms.
    bool receive(ConnectionId from, const RpcRequest& request);

    /// Waiting or watching: such a connection has no join deadline, and
    /// nothing it sends reaches the rooms.
    bool holds(ConnectionId connection) const;

    /// "NAME (ROLE) waiting in the lobby of ROOM" or "... watching ...", for
    /// log lines; "" for other connections.
    std::string describe(ConnectionId connection) const;

    /// A connection just joined an embedded room: a moderator is told who waits.
    void joined(ConnectionId connection);

    /// The connection is gone.
    void closed(ConnectionId connection);

    /// About every 100 ms: the wait cap, and who may admit where.
    void tick(const Poco::Timestamp& now = Poco::Timestamp());

private:
    struct Waiting
    {
        std::string id; // told to moderators; not the ticket's id
        std::string ticketId;
        ConnectionId connection = 0;
        std::string room;
        std::string user;
        std::string role;
        Poco::Timestamp since;
        bool admitting = false; // a token is being made
    };

    struct RoomLobby
    {
        std::vector<std::string> order; // waiting ids, first come first
        std::set<ConnectionId> watchers;
        bool moderatorTold = false; // what the waiting pages were last told
    };

    /// Throws the RpcError for a method that is not the lobby's.
    void refuseOther(ConnectionId from, const std::string& method) const;
    Poco::Dynamic::Var dispatch(ConnectionId from, const std::string& method,
                                const Poco::JSON::Object& params);
    /// The request's verified ticket of this kind; RpcError 401/503 otherwise.
    LobbyTicket ticketFrom(const Poco::JSON::Object& params, LobbyTicket::Kind kind) const;
    Poco::Dynamic::Var wait(ConnectionId from, const Poco::JSON::Object& params);
    Poco::Dynamic::Var watch(ConnectionId from, const Poco::JSON::Object& params);
    Poco::Dynamic::Var decide(ConnectionId from, bool admit, const Poco::JSON::Object& params);
    /// The room whose lobby `from` may act on; throws RpcError if none.
    std::string moderatedRoom(ConnectionId from) const;
    void startAdmission(Waiting& entry);
    void admitted(const std::string& id, const Admission& admission);
    void admissionFailed(const std::string& id, const std::string& message);
    /// Removes the entry; moderators are told lobby.left with `reason`.
    void remove(const std::string& id, const std::string& reason);
    bool moderatorPresent(const std::string& room) const;
    /// Tells the waiting pages of `room` when whether anyone may admit changed.
    void updatePresence(const std::string& room);
    void notifyModerators(const std::string& room, const std::string& method,
                          const Poco::JSON::Object::Ptr& params);
    void notify(ConnectionId to, const std::string& method, const Poco::JSON::Object::Ptr& params);
    Poco::JSON::Object::Ptr entryJson(const Waiting& entry) const;
    Poco::JSON::Object::Ptr listJson(const std::string& room) const;
    void forgetRoomIfEmpty(const std::string& room);

    const LobbyTicketIssuer* const _tickets;
    const RoomService& _rooms;
    Outbox& _outbox;
    const Limits _limits;
    const bool _roomsElsewhere;
    Poco::Logger& _logger;
    Metrics* const _metrics;
    RoomBackend* _backend = nullptr;
    const RoleRegistry* _roles = nullptr;
    BlockingWorker* _worker = nullptr;

    std::unordered_map<std::string, Waiting> _waiting;         // by id
    std::unordered_map<ConnectionId, std::string> _waitingBy;  // connection -> id
    std::unordered_map<ConnectionId, std::string> _watchingBy; // connection -> room
    std::map<std::string, RoomLobby> _lobbies;                 // while anyone waits or watches
};

} // namespace rolecall

#endif
