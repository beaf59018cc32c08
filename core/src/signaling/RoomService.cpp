#include "signaling/RoomService.h"
#include "Poco/JSON/Array.h"
#include "metrics/Metrics.h"
#include "rolecall/Permissions.h"
#include "signaling/MemberMethods.h"
#include "signaling/RoomMethods.h"
#include "signaling/Rpc.h"
#include "signaling/RpcParams.h"
#include "signaling/RpcRequest.h"
#include "tokens/TokenIssuer.h"
#include "util/Exceptions.h"
#include "util/JsonList.h"
#include "util/SecureRandom.h"
#include <algorithm>
#include <set>

namespace rolecall
{
namespace
{

const std::set<std::string> otherMethods = {"room.join",
                                            "room.leave",
                                            "member.remove",
                                            "member.talking",
                                            "webrtc.signal",
                                            "room.set_position",
                                            "room.list_available_layouts"};

using RpcParams::optionalString;
using RpcParams::requiredString;

std::string newId()
{
    return SecureRandom::uuid();
}

void require(const Member& actor, const std::string& permission)
{
    if (!actor.may(permission))
        throw RpcError(actor.type == "audience" ? "the audience may do nothing until promoted"
                                                : "permission '" + permission + "' is required",
                       403);
}

// {id, the new value of each key, "updated": keys}: what a page applies to
// its copy of a member or the room.
Poco::JSON::Object::Ptr changed(const Poco::JSON::Object& now, const std::string& id,
                                const std::vector<std::string>& keys)
{
    Poco::JSON::Object::Ptr change = new Poco::JSON::Object;
    change->set("id", id);
    for (const auto& key : keys)
        change->set(key, now.get(key));
    change->set("updated", jsonList(keys));
    return change;
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

std::string RoomService::roomOf(ConnectionId connection) const
{
    auto where = _where.find(connection);
    return where == _where.end() ? std::string() : where->second.room;
}

std::vector<ConnectionId> RoomService::holders(const std::string& room,
                                               const std::string& permission) const
{
    std::vector<ConnectionId> found;
    auto open = _rooms.find(room);
    if (open != _rooms.end())
        for (const auto& [seq, m] : open->second.members)
            if (!m.secondary() && m.may(permission))
                found.push_back(m.connection);
    return found;
}

void RoomService::receive(ConnectionId from, const RpcRequest& request)
{
    const std::string& method = request.method();
    const bool known =
        MemberMethods::find(method) || RoomMethods::find(method) || otherMethods.count(method);
    request.answer(_outbox, from, _metrics,
                   !request.valid() ? "invalid"
                   : known          ? method
                                    : "unknown",
                   [&] { return dispatch(from, method, request.params()); });
}

Poco::Dynamic::Var RoomService::dispatch(ConnectionId from, const std::string& method,
                                         const Poco::JSON::Object& params)
{
    if (method == "room.join")
        return join(from, params);
    auto where = _where.find(from);
    if (where == _where.end())
        throw RpcError("join the room first (room.join with a token)", 401);
    Room& room = _rooms.at(where->second.room);
    Member& actor = room.members.at(where->second.seq);
    if (MemberMethods::find(method))
        return changeMembers(actor, room, method, params);
    if (RoomMethods::find(method))
        return changeRoom(actor, room, method, params);
    if (method == "room.set_position")
        return setPositions(actor, room, params);
    if (method == "room.list_available_layouts")
    {
        require(actor, "room.list_available_layouts");
        Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
        result->set("layouts", jsonList(RoomMethods::layouts()));
        return result;
    }
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
    throw RpcError("unknown method '" + method + "'", 400);
}

Poco::Dynamic::Var RoomService::join(ConnectionId from, const Poco::JSON::Object& params)
{
    if (hasJoined(from))
        throw RpcError("already joined", 400);
    // A screen share or an additional camera joins as a member of its own,
    // announced only with the right.
    const bool screen = RpcParams::optionalBoolean(params, "screen");
    const bool device = RpcParams::optionalBoolean(params, "device");
    const std::string type = screen ? "screen" : device ? "device" : "member";
    const RoomGrant grant = grantFor(requiredString(params, "token"), type);
    replaceStale(grant, type);
    checkRoomAdmits(grant, type != "member");

    Room& room = _rooms[grant.room];
    const bool opened = room.sessionId.empty();
    if (opened)
    {
        room.sessionId = newId();
        room.name = grant.room;
    }
    room.admittedTokens.insert(grant.id);
    if (_metrics)
        _metrics->memberJoined(opened);
    const std::uint64_t seq = _nextSeq++;
    Member& member = room.members[seq];
    fill(member, grant, type);
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

RoomGrant RoomService::grantFor(const std::string& token, const std::string& type) const
{
    RoomGrant grant;
    try
    {
        grant = _issuer.verify(token);
    }
    catch (const TokenError& e)
    {
        throw RpcError(e.message(), 401);
    }
    if (_revoked.contains(grant.id))
        throw RpcError("this token was revoked when its member was removed", 401);
    if (type != "member")
    {
        const std::string permission =
            type == "screen" ? "room.self.screenshare" : "room.self.additional_source";
        if (!hasPermission(grant.permissions, permission) || grant.options.audience)
            throw RpcError("permission '" + permission + "' is required", 403);
        if (!grant.options.maySendVideo())
            throw RpcError(
                "this role may not send video (media_allowed = " + grant.options.mediaAllowed + ")",
                403);
    }
    return grant;
}

// The same token again is the same page reconnecting before its old
// connection was found dead: the stale member goes, so it is not listed twice.
void RoomService::replaceStale(const RoomGrant& grant, const std::string& type)
{
    auto existing = _rooms.find(grant.room);
    if (existing == _rooms.end())
        return;
    for (const auto& [seq, m] : existing->second.members)
        if (m.tokenId == grant.id && m.secondary() == (type != "member") &&
            (!m.secondary() || m.type == type))
        {
            const ConnectionId stale = m.connection;
            leave(stale, "replaced");
            _outbox.close(stale, 4000, "replaced by a newer connection");
            return;
        }
}

void RoomService::fill(Member& member, const RoomGrant& grant, const std::string& type)
{
    member.id = newId();
    member.user = grant.user;
    member.name = type == "screen"   ? grant.user + " (screen)"
                  : type == "device" ? grant.user + " (camera)"
                                     : grant.user;
    member.type = grant.options.audience && type == "member" ? "audience" : type;
    member.role = grant.role;
    member.permissions = grant.permissions;
    member.options = grant.options;
    member.tokenId = grant.id;
    member.tokenExpires = grant.expiresAt;
    if (!member.secondary())
    {
        // What the role joins with, and what it may never send, start muted.
        member.audioMuted = grant.options.joinAudioMuted || !member.maySend("audio");
        member.videoMuted = grant.options.joinVideoMuted || !member.maySend("video");
    }
    if (grant.options.removeAfterSeconds > 0)
        member.removeAt = member.joinedAt.epochMicroseconds() +
                          Poco::Timestamp::TimeVal(grant.options.removeAfterSeconds) * 1000000;
}

void RoomService::checkRoomAdmits(const RoomGrant& grant, bool secondary)
{
    auto existing = _rooms.find(grant.room);
    if (existing != _rooms.end())
    {
        const Room& room = existing->second;
        if (room.banned.count(grant.user))
            throw RpcError("'" + grant.user + "' was removed from this room and may not rejoin it",
                           403);
        // Those who may unlock it, and those already in before it was
        // locked (reconnecting, or sharing a screen), still get in.
        if (room.locked && !room.admittedTokens.count(grant.id) &&
            !(hasPermission(grant.permissions, "room.unlock") && !grant.options.audience))
            throw RpcError("this room is locked; a moderator can unlock it", 423);
        // Screen shares and additional cameras do not take a participant's place.
        if (!secondary && std::count_if(room.members.begin(), room.members.end(),
                                        [](const auto& entry) {
                                            return !entry.second.secondary();
                                        }) >= static_cast<std::ptrdiff_t>(_maxParticipants))
            throw RpcError("room is full (" + std::to_string(_maxParticipants) + " members)", 409);
    }
    // Server-wide caps, so one client cannot hold the server's memory and
    // descriptors with members or rooms.
    if (_where.size() >= _caps.maxMembers)
        throw RpcError("the server is full (" + std::to_string(_caps.maxMembers) +
                           " members); try again later",
                       503);
    if (existing == _rooms.end() && _rooms.size() >= _caps.maxRooms)
        throw RpcError("too many rooms on this server (" + std::to_string(_caps.maxRooms) +
                           "); try again later",
                       503);
}

Poco::Dynamic::Var RoomService::changeMembers(Member& actor, Room& room, const std::string& method,
                                              const Poco::JSON::Object& params)
{
    const MemberMethod& how = *MemberMethods::find(method);
    const std::string target = optionalString(params, "member_id");
    std::vector<Member*> targets;
    std::string permission;
    if ((target.empty() || target == actor.id) && how.self)
    {
        permission = std::string("room.self.") + how.action;
        targets.push_back(&actor);
    }
    else
    {
        if (target.empty() || target == actor.id)
            throw RpcError("'member_id' must name another member", 400);
        permission = std::string("room.member.") + how.action;
        if (target == "all" && how.all)
        {
            for (auto& [seq, m] : room.members)
                if (m.id != actor.id)
                    targets.push_back(&m);
        }
        else if (Member* m = room.find(target))
            targets.push_back(m);
        else
            throw RpcError("no member '" + target + "' in this room", 404);
    }
    require(actor, permission);
    how.check(params);

    std::vector<std::string> affected;
    for (Member* m : targets)
    {
        std::vector<std::string> keys;
        try
        {
            keys = how.apply(*m, room, params);
        }
        catch (const RpcError&)
        {
            if (targets.size() == 1)
                throw;
            continue; // "all": those it cannot apply to stay as they are
        }
        affected.push_back(m->id);
        if (keys.empty())
            continue; // already so: nothing to announce
        announceMember(room, *m, keys, actor.id);
        if (m->audioMuted)
            announceTalking(room, *m, false);
    }
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("member_ids", jsonList(affected));
    return result;
}

void RoomService::announceMember(const Room& room, const Member& member,
                                 const std::vector<std::string>& keys, const std::string& by)
{
    Poco::JSON::Object::Ptr update = new Poco::JSON::Object;
    update->set("room_session_id", room.sessionId);
    update->set("member", changed(*member.toJson(), member.id, keys));
    update->set("by", by); // so the page can say who muted whom
    notifyRoom(room, "member.updated", update);
}

Poco::Dynamic::Var RoomService::changeRoom(Member& actor, Room& room, const std::string& method,
                                           const Poco::JSON::Object& params)
{
    const RoomMethod& how = *RoomMethods::find(method);
    require(actor, how.permission);
    const std::vector<std::string> keys = how.apply(room, params);
    if (!keys.empty())
    {
        Poco::JSON::Object::Ptr update = new Poco::JSON::Object;
        update->set("room_session", changed(*room.toJson(), room.sessionId, keys));
        update->set("by", actor.id);
        notifyRoom(room, "room.updated", update);
    }
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("updated", jsonList(keys));
    return result;
}

Poco::Dynamic::Var RoomService::setPositions(Member& actor, Room& room,
                                             const Poco::JSON::Object& params)
{
    Poco::JSON::Object::Ptr positions = params.getObject("positions");
    if (!positions || positions->size() == 0 || positions->size() > _maxParticipants * 2)
        throw RpcError("'positions' must be an object of member ids to positions", 400);
    std::vector<std::pair<Member*, std::string>> changes;
    for (const auto& [id, value] : *positions)
    {
        Member* m = room.find(id);
        if (!m)
            throw RpcError("no member '" + id + "' in this room", 404);
        if (!value.isString() || !MemberMethods::validPosition(value.toString()))
            throw RpcError("position for '" + id +
                               "' must be auto, off-canvas, reserved-N or standard-N",
                           400);
        changes.emplace_back(m, value.toString());
    }
    require(actor, "room.set_position");
    std::vector<std::string> affected;
    for (auto& [m, position] : changes)
    {
        affected.push_back(m->id);
        if (m->position == position)
            continue;
        m->position = position;
        announceMember(room, *m, {"position"}, actor.id);
    }
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("member_ids", jsonList(affected));
    return result;
}

Poco::Dynamic::Var RoomService::setTalking(Member& actor, Room& room,
                                           const Poco::JSON::Object& params)
{
    if (!params.has("talking") || !params.get("talking").isBoolean())
        throw RpcError("'talking' must be true or false", 400);
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
        throw RpcError("to leave the room, use room.leave", 400);
    bool ban = false;
    if (params.has("ban"))
        ban = RpcParams::requiredBoolean(params, "ban");
    std::set<std::string> tokens; // a member's screen share and camera go with it
    if (target == "all")
    {
        for (auto& [seq, m] : room.members)
            if (m.tokenId != actor.tokenId)
                tokens.insert(m.tokenId);
    }
    else if (Member* m = room.find(target))
        tokens.insert(m->tokenId);
    else
        throw RpcError("no member '" + target + "' in this room", 404);
    if (tokens.count(actor.tokenId))
        throw RpcError("to leave the room, use room.leave", 400);
    require(actor, "room.member.remove");

    std::vector<ConnectionId> targets;
    std::vector<std::string> ids;
    for (auto& [seq, m] : room.members)
        if (tokens.count(m.tokenId))
        {
            targets.push_back(m.connection), ids.push_back(m.id);
            if (ban)
                room.banned.insert(m.user);
        }
    removeMembers(targets, "removed", "removed by a moderator");
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("member_ids", jsonList(ids));
    return result;
}

void RoomService::removeMembers(const std::vector<ConnectionId>& connections,
                                const std::string& reason, const std::string& closeReason)
{
    // Revoked first, and kept across restarts: if that fails, no one is removed.
    std::vector<RevocationList::Entry> revoked;
    for (ConnectionId connection : connections)
    {
        const Location& where = _where.at(connection);
        const Member& m = _rooms.at(where.room).members.at(where.seq);
        revoked.emplace_back(m.tokenId, m.tokenExpires);
    }
    if (!_revoked.add(revoked))
        throw RpcError("too many removed members' tokens are still valid; try again later", 503);
    for (ConnectionId connection : connections)
    {
        Poco::JSON::Object::Ptr left = new Poco::JSON::Object;
        left->set("reason", reason);
        notify(connection, "room.left", left);
        leave(connection, reason);
        _outbox.close(connection, 1000, closeReason);
    }
}

void RoomService::expire(const Poco::Timestamp& now)
{
    std::vector<ConnectionId> due;
    for (const auto& [name, room] : _rooms)
        for (const auto& [seq, m] : room.members)
            if (m.removeAt != 0 && m.removeAt <= now.epochMicroseconds())
                due.push_back(m.connection);
    if (due.empty())
        return;
    try
    {
        removeMembers(due, "time_limit", "this role's time in the room is up");
    }
    catch (const RpcError&)
    {
        // Revocations full: they go anyway; their tokens may bring them back.
        for (ConnectionId connection : due)
            if (hasJoined(connection))
            {
                leave(connection, "time_limit");
                _outbox.close(connection, 1000, "this role's time in the room is up");
            }
    }
}

Poco::Dynamic::Var RoomService::signal(Member& actor, Room& room, const Poco::JSON::Object& params)
{
    const std::string to = requiredString(params, "to");
    Poco::JSON::Object::Ptr data = params.getObject("data");
    if (!data)
        throw RpcError("'data' must be an object", 400);
    Member* peer = room.find(to);
    if (!peer || peer->id == actor.id)
        throw RpcError("no other member '" + to + "' in this room", 404);
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
    // end_room_on_leave: the member going ends the room for everyone, unless
    // it is only its own page reconnecting.
    const bool ends = member->second.options.endRoomOnLeave && !member->second.secondary() &&
                      reason != "replaced" && reason != "ended";
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
    {
        _rooms.erase(room);
        return;
    }
    notifyRoom(room->second, "member.left", left);
    if (!ends)
        return;
    std::vector<ConnectionId> others;
    for (const auto& [seq, m] : room->second.members)
        others.push_back(m.connection);
    for (ConnectionId other : others)
    {
        Poco::JSON::Object::Ptr ended = new Poco::JSON::Object;
        ended->set("reason", "ended");
        notify(other, "room.left", ended);
        leave(other, "ended");
        _outbox.close(other, 1000, "the room ended");
    }
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
