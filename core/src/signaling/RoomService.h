#ifndef rolecall_RoomService_INCLUDED
#define rolecall_RoomService_INCLUDED

#include "Poco/JSON/Object.h"
#include "signaling/IceServers.h"
#include "signaling/Outbox.h"
#include "signaling/Room.h"
#include "signaling/RpcRequest.h"
#include "tokens/RevocationList.h"
#include "tokens/RoomGrant.h"
#include <map>
#include <string>
#include <unordered_map>

namespace rolecall
{

class Metrics;
class TokenIssuer;

/// The embedded rooms' rules: JSON-RPC 2.0 requests in, results, errors and
/// notifications out, named as SignalWire names them so pages work alike on
/// both backends. The server is the authority: every request is checked
/// against the permissions of the member's verified token, and a request
/// that fails changes nothing. Not thread-safe: SignalingServer calls it
/// from the event loop's thread only.
class RoomService
{
public:
    /// Server-wide caps: joined members in all rooms, and rooms.
    struct Caps
    {
        std::size_t maxMembers = 10000;
        std::size_t maxRooms = 2000;
    };

    RoomService(const TokenIssuer& issuer, int maxParticipants, Outbox& outbox);
    /// `revoked`: removed members' tokens, already loaded (RevocationList::load).
    /// `metrics` (optional) counts joins, leaves and requests.
    RoomService(const TokenIssuer& issuer, int maxParticipants, Caps caps, Outbox& outbox,
                IceServers ice = {}, RevocationList revoked = RevocationList(),
                Metrics* metrics = nullptr);

    /// One message from a connection, read (SignalingServer reads it once for
    /// the lobby and the rooms), or as text.
    void receive(ConnectionId from, const RpcRequest& request);
    void receive(ConnectionId from, const std::string& text) { receive(from, RpcRequest(text)); }

    /// The connection is gone (closed, timed out, cut); announces the member as left.
    void disconnected(ConnectionId from, const std::string& reason);

    bool hasJoined(ConnectionId connection) const { return _where.count(connection) > 0; }

    /// "member ID (NAME) in room ROOM" for log lines, or "" if not joined.
    std::string describe(ConnectionId connection) const;

    /// Removes members whose role's remove_after_seconds has run out.
    void expire(const Poco::Timestamp& now = Poco::Timestamp());

    /// The room a joined connection is in, or "" (for the lobby).
    std::string roomOf(ConnectionId connection) const;

    /// The connections of `room`'s members (screen shares and extra cameras
    /// left out) who may do `permission` now; none when the room is not
    /// open (for the lobby: who may admit).
    std::vector<ConnectionId> holders(const std::string& room, const std::string& permission) const;

    /// Forgets revoked tokens that have expired anyway.
    void purgeRevocations(const Poco::Timestamp& now = Poco::Timestamp());

private:
    struct Location
    {
        std::string room;
        std::uint64_t seq;
    };

    Poco::Dynamic::Var dispatch(ConnectionId from, const std::string& method,
                                const Poco::JSON::Object& params);
    Poco::Dynamic::Var join(ConnectionId from, const Poco::JSON::Object& params);
    /// Where a join is refused: banned, locked, full, or over a server cap.
    void checkRoomAdmits(const RoomGrant& grant, bool secondary);
    /// The verified, unrevoked grant of `token`, allowed to join as `type`
    /// ("member", "screen" or "device").
    RoomGrant grantFor(const std::string& token, const std::string& type) const;
    void replaceStale(const RoomGrant& grant, const std::string& type);
    /// A new member's fields from its grant (not its connection).
    static void fill(Member& member, const RoomGrant& grant, const std::string& type);
    /// A member.* state change (MemberMethods) on oneself, one member or all.
    Poco::Dynamic::Var changeMembers(Member& actor, Room& room, const std::string& method,
                                     const Poco::JSON::Object& params);
    /// A room.* state change (RoomMethods).
    Poco::Dynamic::Var changeRoom(Member& actor, Room& room, const std::string& method,
                                  const Poco::JSON::Object& params);
    /// room.set_position: several members' places at once.
    Poco::Dynamic::Var setPositions(Member& actor, Room& room, const Poco::JSON::Object& params);
    /// member.updated to the room for `keys` of `member`, naming who did it.
    void announceMember(const Room& room, const Member& member,
                        const std::vector<std::string>& keys, const std::string& by);
    Poco::Dynamic::Var remove(Member& actor, Room& room, const Poco::JSON::Object& params);
    /// Ends these members' stay: their tokens revoked first (kept across
    /// restarts; throws RpcError 503 if that fails and removes no one), then
    /// room.left with `reason` and the connection closed.
    void removeMembers(const std::vector<ConnectionId>& connections, const std::string& reason,
                       const std::string& closeReason);
    /// The page's own voice detection, told to the room as SignalWire does.
    Poco::Dynamic::Var setTalking(Member& actor, Room& room, const Poco::JSON::Object& params);
    /// member.talking to the room, when it changes.
    void announceTalking(const Room& room, Member& member, bool talking);
    Poco::Dynamic::Var signal(Member& actor, Room& room, const Poco::JSON::Object& params);
    void leave(ConnectionId connection, const std::string& reason);

    void notify(ConnectionId to, const std::string& method, const Poco::JSON::Object::Ptr& params);
    void notifyRoom(const Room& room, const std::string& method,
                    const Poco::JSON::Object::Ptr& params, const std::string& exceptMember = "");

    const TokenIssuer& _issuer;
    const std::size_t _maxParticipants;
    const Caps _caps;
    const IceServers _ice;
    Outbox& _outbox;
    Metrics* const _metrics;
    std::map<std::string, Room> _rooms;
    std::unordered_map<ConnectionId, Location> _where;
    RevocationList _revoked;
    std::uint64_t _nextSeq = 1;
};

} // namespace rolecall

#endif
