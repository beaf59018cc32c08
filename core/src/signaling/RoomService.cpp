#include "signaling/RoomService.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "metrics/Metrics.h"
#include "signaling/Rpc.h"
#include "signaling/RpcError.h"
#include "tokens/TokenError.h"
#include "tokens/TokenIssuer.h"
#include "util/JsonList.h"
#include "util/SecureRandom.h"
#include <algorithm>
#include <set>

namespace rolecall
{
namespace
{

struct MuteMethod
{
    const char* action; // permission suffix: room.self.<action> / room.member.<action>
    bool Member::*field;
    bool value;
    const char* key;
};

const std::map<std::string, MuteMethod> muteMethods = {
    {"member.audio_mute", {"audio_mute", &Member::audioMuted, true, "audio_muted"}},
    {"member.audio_unmute", {"audio_unmute", &Member::audioMuted, false, "audio_muted"}},
    {"member.video_mute", {"video_mute", &Member::videoMuted, true, "video_muted"}},
    {"member.video_unmute", {"video_unmute", &Member::videoMuted, false, "video_muted"}},
};
const std::set<std::string> otherMethods = {"room.join", "room.leave", "member.remove",
                                            "member.talking", "webrtc.signal"};

std::string newId()
{
    return SecureRandom::uuid();
}

/// The optional string parameter `name`; "" when absent.
std::string optionalString(const Poco::JSON::Object& params, const std::string& name)
{
    if (!params.has(name) || params.isNull(name))
        return {};
    if (!params.get(name).isString())
        throw RpcError("400", "'" + name + "' must be a string");
    return params.getValue<std::string>(name);
}

std::string requiredString(const Poco::JSON::Object& params, const std::string& name)
{
    const std::string value = optionalString(params, name);
    if (value.empty())
        throw RpcError("400", "'" + name + "' is required");
    return value;
}

} // namespace

RoomService::RoomService(const TokenIssuer& issuer, int maxParticipants, Outbox& outbox)
    : RoomService(issuer, maxParticipants, Caps(), outbox)
{
}

RoomService::RoomService(const TokenIssuer& issuer, int maxParticipants, Caps caps, Outbox& outbox,
                         IceServers ice, RevocationList revoked, Metrics* metrics)
    : _issuer(issuer), _maxParticipants(static_cast<std::size_t>(maxParticipants)), _caps(caps),
      _ice(std::move(ice)), _outbox(outbox), _metrics(metrics), _revoked(std::move(revoked))
{
}

std::string RoomService::describe(ConnectionId connection) const
{
    auto where = _where.find(connection);
    if (where == _where.end())
        return {};
    const Room& room = _rooms.at(where->second.room);
    const Member& member = room.members.at(where->second.seq);
    return "member " + member.id + " (" + member.name + ") in room " + room.name;
}

void RoomService::receive(ConnectionId from, const std::string& text)
{
    Poco::Dynamic::Var id;
    // A method name from the wire is counted only if it is one of ours.
    std::string counted = "invalid";
    try
    {
        Poco::Dynamic::Var parsed;
        try
        {
            parsed = Poco::JSON::Parser().parse(text);
        }
        catch (const Poco::Exception&)
        {
            throw RpcError("400", "message is not valid JSON");
        }
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
            throw RpcError("400", "message must be a JSON-RPC 2.0 object");
        const Poco::JSON::Object& message = *parsed.extract<Poco::JSON::Object::Ptr>();
        if (message.has("id") && (message.get("id").isString() || message.get("id").isNumeric()))
            id = message.get("id");
        if (message.optValue<std::string>("jsonrpc", "") != "2.0")
            throw RpcError("400", "'jsonrpc' must be \"2.0\"");
        const std::string method = requiredString(message, "method");
        counted = muteMethods.count(method) || otherMethods.count(method) ? method : "unknown";
        Poco::JSON::Object::Ptr params = message.getObject("params");
        if (message.has("params") && !params)
            throw RpcError("400", "'params' must be an object");
        const Poco::Dynamic::Var result =
            dispatch(from, method, params ? *params : Poco::JSON::Object());
        if (!id.isEmpty())
            _outbox.send(from, Rpc::result(id, result));
        if (_metrics)
            _metrics->signalingMessage(counted, "200");
    }
    catch (const RpcError& e)
    {
        _outbox.send(from, Rpc::error(id, e.code(), e.what()));
        if (_metrics)
            _metrics->signalingMessage(counted, e.code());
    }
}

Poco::Dynamic::Var RoomService::dispatch(ConnectionId from, const std::string& method,
                                         const Poco::JSON::Object& params)
{
    if (method == "room.join")
        return join(from, params);
    auto where = _where.find(from);
    if (where == _where.end())
        throw RpcError("401", "join the room first (room.join with a token)");
    Room& room = _rooms.at(where->second.room);
    Member& actor = room.members.at(where->second.seq);
    if (muteMethods.count(method))
        return setMute(actor, room, method, params);
    if (method == "member.remove")
        return remove(actor, room, params);
    if (method == "webrtc.signal")
        return signal(actor, room, params);
    if (method == "member.talking")
        return setTalking(actor, room, params);
    if (method == "room.leave")
    {
        leave(from, "left");
        _outbox.close(from, 1000, "left");
        return Poco::JSON::Object::Ptr(new Poco::JSON::Object);
    }
    throw RpcError("400", "unknown method '" + method + "'");
}

Poco::Dynamic::Var RoomService::join(ConnectionId from, const Poco::JSON::Object& params)
{
    if (hasJoined(from))
        throw RpcError("400", "already joined");
    RoomGrant grant;
    try
    {
        grant = _issuer.verify(requiredString(params, "token"));
    }
    catch (const TokenError& e)
    {
        throw RpcError("401", e.what());
    }
    if (_revoked.contains(grant.id))
        throw RpcError("401", "this token was revoked when its member was removed");
    // A screen share joins as a member of its own, announced only with the right.
    const bool screen = params.optValue<bool>("screen", false);
    if (screen && std::find(grant.permissions.begin(), grant.permissions.end(),
                            "room.self.screenshare") == grant.permissions.end())
        throw RpcError("403", "permission 'room.self.screenshare' is required");
    auto existing = _rooms.find(grant.room);
    // The same token again is the same page reconnecting before its old
    // connection was found dead: the stale member goes, so it is not listed twice.
    if (existing != _rooms.end())
        for (const auto& [seq, m] : existing->second.members)
            if (m.tokenId == grant.id && m.screen == screen)
            {
                const ConnectionId stale = m.connection;
                leave(stale, "disconnected");
                _outbox.close(stale, 4000, "replaced by a newer connection");
                break;
            }
    existing = _rooms.find(grant.room); // leave() may have closed the room
    // Screen shares do not take a participant's place.
    if (existing != _rooms.end() && !screen &&
        std::count_if(existing->second.members.begin(), existing->second.members.end(),
                      [](const auto& entry) { return !entry.second.screen; }) >=
            static_cast<std::ptrdiff_t>(_maxParticipants))
        throw RpcError("409", "room is full (" + std::to_string(_maxParticipants) + " members)");

    // Server-wide caps, so one client cannot hold the server's memory and
    // descriptors with members or rooms.
    if (_where.size() >= _caps.maxMembers)
        throw RpcError("503", "the server is full (" + std::to_string(_caps.maxMembers) +
                                  " members); try again later");
    if (existing == _rooms.end() && _rooms.size() >= _caps.maxRooms)
        throw RpcError("503", "too many rooms on this server (" + std::to_string(_caps.maxRooms) +
                                  "); try again later");

    Room& room = _rooms[grant.room];
    const bool opened = room.sessionId.empty();
    if (opened)
    {
        room.sessionId = newId();
        room.name = grant.room;
    }
    if (_metrics)
        _metrics->memberJoined(opened);
    const std::uint64_t seq = _nextSeq++;
    Member& member = room.members[seq];
    member.id = newId();
    member.name = screen ? grant.user + " (screen)" : grant.user;
    member.screen = screen;
    member.role = grant.role;
    member.permissions = grant.permissions;
    member.tokenId = grant.id;
    member.tokenExpires = grant.expiresAt;
    member.connection = from;
    _where[from] = {grant.room, seq};

    Poco::JSON::Object::Ptr joined = new Poco::JSON::Object;
    joined->set("room_session_id", room.sessionId);
    joined->set("member", member.toJson());
    notifyRoom(room, "member.joined", joined, member.id);

    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("room_session", room.toJson());
    result->set("member_id", member.id);
    result->set("permissions", jsonList(member.permissions));
    // How to reach the others through NATs: fresh credentials for this member,
    // valid as long as its token.
    if (!_ice.empty())
    {
        result->set("ice_servers", _ice.forMember(member.id, member.tokenExpires));
        result->set("ice_transport_policy", _ice.transportPolicy());
    }
    return result;
}

Poco::Dynamic::Var RoomService::setMute(Member& actor, Room& room, const std::string& method,
                                        const Poco::JSON::Object& params)
{
    const MuteMethod& how = muteMethods.at(method);
    const std::string target = optionalString(params, "member_id");
    std::vector<Member*> targets;
    std::string permission;
    if (target.empty() || target == actor.id)
    {
        permission = std::string("room.self.") + how.action;
        targets.push_back(&actor);
    }
    else
    {
        permission = std::string("room.member.") + how.action;
        if (target == "all")
        {
            for (auto& [seq, m] : room.members)
                if (m.id != actor.id)
                    targets.push_back(&m);
        }
        else if (Member* m = room.find(target))
            targets.push_back(m);
        else
            throw RpcError("404", "no member '" + target + "' in this room");
    }
    if (!actor.may(permission))
        throw RpcError("403", "permission '" + permission + "' is required");

    std::vector<std::string> affected;
    for (Member* m : targets)
    {
        affected.push_back(m->id);
        if (m->*how.field == how.value)
            continue; // already so: nothing to announce
        m->*how.field = how.value;
        Poco::JSON::Object::Ptr change = new Poco::JSON::Object;
        change->set("id", m->id);
        change->set(how.key, how.value);
        change->set("updated", jsonList({how.key}));
        Poco::JSON::Object::Ptr update = new Poco::JSON::Object;
        update->set("room_session_id", room.sessionId);
        update->set("member", change);
        update->set("by", actor.id); // so the page can say who muted whom
        notifyRoom(room, "member.updated", update);
        if (m->audioMuted)
            announceTalking(room, *m, false);
    }
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("member_ids", jsonList(affected));
    return result;
}

Poco::Dynamic::Var RoomService::setTalking(Member& actor, Room& room,
                                           const Poco::JSON::Object& params)
{
    if (!params.has("talking") || !params.get("talking").isBoolean())
        throw RpcError("400", "'talking' must be true or false");
    // A muted microphone is heard by no one, whatever its page measures.
    announceTalking(room, actor, params.getValue<bool>("talking") && !actor.audioMuted);
    return Poco::JSON::Object::Ptr(new Poco::JSON::Object);
}

void RoomService::announceTalking(const Room& room, Member& member, bool talking)
{
    if (member.talking == talking)
        return;
    member.talking = talking;
    Poco::JSON::Object::Ptr change = new Poco::JSON::Object;
    change->set("id", member.id);
    change->set("talking", talking);
    Poco::JSON::Object::Ptr event = new Poco::JSON::Object;
    event->set("room_session_id", room.sessionId);
    event->set("member", change);
    notifyRoom(room, "member.talking", event);
}

Poco::Dynamic::Var RoomService::remove(Member& actor, Room& room, const Poco::JSON::Object& params)
{
    const std::string target = requiredString(params, "member_id");
    if (target == actor.id)
        throw RpcError("400", "to leave the room, use room.leave");
    std::vector<ConnectionId> targets;
    std::vector<std::string> ids;
    if (target == "all")
    {
        for (auto& [seq, m] : room.members)
            if (m.id != actor.id)
                targets.push_back(m.connection), ids.push_back(m.id);
    }
    else if (Member* m = room.find(target))
        targets.push_back(m->connection), ids.push_back(m->id);
    else
        throw RpcError("404", "no member '" + target + "' in this room");
    if (!actor.may("room.member.remove"))
        throw RpcError("403", "permission 'room.member.remove' is required");

    // Revoked first, and kept across restarts: if that fails, no one is removed.
    std::vector<RevocationList::Entry> revoked;
    for (ConnectionId connection : targets)
    {
        const Location& where = _where.at(connection);
        const Member& m = _rooms.at(where.room).members.at(where.seq);
        revoked.emplace_back(m.tokenId, m.tokenExpires);
    }
    if (!_revoked.add(revoked))
        throw RpcError("503", "too many removed members' tokens are still valid; try again later");

    const std::string roomName = room.name; // `room` may vanish below
    for (ConnectionId connection : targets)
    {
        Poco::JSON::Object::Ptr left = new Poco::JSON::Object;
        left->set("reason", "removed");
        notify(connection, "room.left", left);
        leave(connection, "removed");
        _outbox.close(connection, 1000, "removed by a moderator");
    }
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("member_ids", jsonList(ids));
    return result;
}

Poco::Dynamic::Var RoomService::signal(Member& actor, Room& room, const Poco::JSON::Object& params)
{
    const std::string to = requiredString(params, "to");
    Poco::JSON::Object::Ptr data = params.getObject("data");
    if (!data)
        throw RpcError("400", "'data' must be an object");
    Member* peer = room.find(to);
    if (!peer || peer->id == actor.id)
        throw RpcError("404", "no other member '" + to + "' in this room");
    Poco::JSON::Object::Ptr relayed = new Poco::JSON::Object;
    relayed->set("from", actor.id);
    relayed->set("data", data);
    notify(peer->connection, "webrtc.signal", relayed);
    return Poco::JSON::Object::Ptr(new Poco::JSON::Object);
}

void RoomService::disconnected(ConnectionId from, const std::string& reason)
{
    leave(from, reason);
}

void RoomService::leave(ConnectionId connection, const std::string& reason)
{
    auto where = _where.find(connection);
    if (where == _where.end())
        return;
    auto room = _rooms.find(where->second.room);
    auto member = room->second.members.find(where->second.seq);
    Poco::JSON::Object::Ptr left = new Poco::JSON::Object;
    left->set("room_session_id", room->second.sessionId);
    left->set("member", member->second.toJson());
    left->set("reason", reason);
    room->second.members.erase(member);
    _where.erase(where);
    const bool closed = room->second.members.empty();
    if (_metrics)
        _metrics->memberLeft(reason, closed);
    if (closed)
        _rooms.erase(room);
    else
        notifyRoom(room->second, "member.left", left);
}

void RoomService::purgeRevocations(const Poco::Timestamp& now)
{
    _revoked.purge(now);
}

void RoomService::notify(ConnectionId to, const std::string& method,
                         const Poco::JSON::Object::Ptr& params)
{
    _outbox.send(to, Rpc::notification(method, params));
}

void RoomService::notifyRoom(const Room& room, const std::string& method,
                             const Poco::JSON::Object::Ptr& params, const std::string& exceptMember)
{
    const std::string text = Rpc::notification(method, params);
    for (const auto& [seq, m] : room.members)
        if (m.id != exceptMember)
            _outbox.send(m.connection, text);
}

} // namespace rolecall
