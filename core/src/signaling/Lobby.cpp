#include "signaling/Lobby.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/JSON/Array.h"
#include "metrics/Metrics.h"
#include "net/BlockingWorker.h"
#include "roles/RoleRegistry.h"
#include "signaling/RoomService.h"
#include "signaling/Rpc.h"
#include "signaling/RpcParams.h"
#include "signaling/RpcRequest.h"
#include "tokens/LobbyTicketIssuer.h"
#include "util/Exceptions.h"
#include "util/JsonList.h"
#include "util/SecureRandom.h"
#include <algorithm>

namespace rolecall
{
namespace
{

// Who may let people in: whoever may remove them again.
const std::string mayAdmit = "room.member.remove";

const std::set<std::string> methods = {"lobby.wait", "lobby.watch", "lobby.list", "lobby.admit",
                                       "lobby.deny"};

bool isLobbyMethod(const std::string& method)
{
    return method.compare(0, 6, "lobby.") == 0;
}

} // namespace

using RpcParams::requiredString;

Lobby::Lobby(const LobbyTicketIssuer* tickets, const RoomService& rooms, Outbox& outbox,
             Limits limits, bool roomsElsewhere, Poco::Logger& logger, Metrics* metrics)
    : _tickets(tickets), _rooms(rooms), _outbox(outbox), _limits(limits),
      _roomsElsewhere(roomsElsewhere), _logger(logger), _metrics(metrics)
{
}

void Lobby::admitThrough(RoomBackend& backend, const RoleRegistry& roles, BlockingWorker* worker)
{
    _backend = &backend;
    _roles = &roles;
    _worker = worker;
}

bool Lobby::holds(ConnectionId connection) const
{
    return _waitingBy.count(connection) > 0 || _watchingBy.count(connection) > 0;
}

std::string Lobby::describe(ConnectionId connection) const
{
    auto waiting = _waitingBy.find(connection);
    if (waiting != _waitingBy.end())
    {
        const Waiting& entry = _waiting.at(waiting->second);
        return entry.user + " (" + entry.role + ") waiting in the lobby of room " + entry.room;
    }
    auto watching = _watchingBy.find(connection);
    if (watching != _watchingBy.end())
        return "a moderator watching the lobby of room " + watching->second;
    return {};
}

bool Lobby::receive(ConnectionId from, const RpcRequest& request)
{
    const std::string& method = request.method();
    // Waiting and watching connections, and every connection of a server
    // whose rooms are elsewhere, are the lobby's whatever they send; the
    // rooms answer the rest as they answer any message.
    if (!holds(from) && !_roomsElsewhere && !(request.isObject() && isLobbyMethod(method)))
        return false;
    const std::string counted = !request.valid()        ? "invalid"
                                : methods.count(method) ? method
                                                        : "unknown";
    request.answer(_outbox, from, _metrics, counted,
                   [&]
                   {
                       if (!isLobbyMethod(method))
                           refuseOther(from, method);
                       return dispatch(from, method, request.params());
                   });
    return true;
}

void Lobby::refuseOther(ConnectionId from, const std::string& method) const
{
    if (_waitingBy.count(from))
        throw RpcError("you are waiting in the lobby: '" + method +
                           "' is refused until a moderator lets you in",
                       403);
    if (_watchingBy.count(from))
        throw RpcError("this connection watches the lobby only", 403);
    throw RpcError("unknown method '" + method +
                       "': this server's rooms are on SignalWire, its /ws serves the lobby only",
                   400);
}

Poco::Dynamic::Var Lobby::dispatch(ConnectionId from, const std::string& method,
                                   const Poco::JSON::Object& params)
{
    if (method == "lobby.wait")
        return wait(from, params);
    if (method == "lobby.watch")
        return watch(from, params);
    if (method == "lobby.admit" || method == "lobby.deny")
        return decide(from, method == "lobby.admit", params);
    if (method == "lobby.list")
    {
        Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
        result->set("waiting", listJson(moderatedRoom(from))->getArray("waiting"));
        return result;
    }
    throw RpcError("unknown method '" + method + "'", 400);
}

LobbyTicket Lobby::ticketFrom(const Poco::JSON::Object& params, LobbyTicket::Kind kind) const
{
    LobbyTicket ticket;
    try
    {
        if (!_tickets)
            throw RpcError("this server has no lobby", 503);
        ticket = _tickets->verify(requiredString(params, "ticket"));
    }
    catch (const TokenError& e)
    {
        throw RpcError(e.what(), 401);
    }
    if (ticket.kind != kind)
        throw RpcError(kind == LobbyTicket::Kind::Wait
                           ? "this ticket watches the lobby; it cannot wait in it"
                           : "this ticket waits in the lobby; it cannot watch it",
                       401);
    return ticket;
}

Poco::Dynamic::Var Lobby::wait(ConnectionId from, const Poco::JSON::Object& params)
{
    if (!_rooms.roomOf(from).empty())
        throw RpcError("already in a room", 400);
    if (_watchingBy.count(from))
        throw RpcError("this connection watches the lobby", 400);
    if (_waitingBy.count(from))
        throw RpcError("already waiting", 400);
    const LobbyTicket ticket = ticketFrom(params, LobbyTicket::Kind::Wait);

    // The same ticket again is the same page reconnecting before its old
    // connection was found dead: it keeps its place (and its wait cap).
    Waiting* entry = nullptr;
    for (auto& [id, w] : _waiting)
        if (w.ticketId == ticket.id)
        {
            entry = &w;
            break;
        }
    if (entry)
    {
        const ConnectionId stale = entry->connection;
        _waitingBy.erase(stale);
        entry->connection = from;
        _waitingBy[from] = entry->id;
        _outbox.close(stale, 4000, "replaced by a newer connection");
    }
    else
    {
        RoomLobby* lobby = nullptr;
        auto found = _lobbies.find(ticket.room);
        if (found != _lobbies.end())
            lobby = &found->second;
        if (lobby && lobby->order.size() >= _limits.maxPerRoom)
            throw RpcError("too many people are waiting to enter room " + ticket.room + " (" +
                               std::to_string(_limits.maxPerRoom) + "); try again later",
                           429);
        if (_waiting.size() >= _limits.maxWaiting)
            throw RpcError("too many people are waiting on this server (" +
                               std::to_string(_limits.maxWaiting) + "); try again later",
                           503);
        Waiting fresh;
        fresh.id = SecureRandom::uuid();
        fresh.ticketId = ticket.id;
        fresh.connection = from;
        fresh.room = ticket.room;
        fresh.user = ticket.user;
        fresh.role = ticket.role;
        entry = &_waiting.emplace(fresh.id, fresh).first->second;
        _waitingBy[from] = entry->id;
        RoomLobby& room = _lobbies[ticket.room];
        if (room.order.empty())
            room.moderatorTold = moderatorPresent(ticket.room);
        room.order.push_back(entry->id);
        notifyModerators(entry->room, "lobby.waiting", entryJson(*entry));
        _logger.information("%s (%s) waits in the lobby of room %s", entry->user, entry->role,
                            entry->room);
    }
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("id", entry->id);
    result->set("room", entry->room);
    result->set("moderator_present", _lobbies.at(entry->room).moderatorTold);
    result->set("max_wait_seconds", _limits.maxWaitSeconds);
    return result;
}

Poco::Dynamic::Var Lobby::watch(ConnectionId from, const Poco::JSON::Object& params)
{
    if (!_rooms.roomOf(from).empty())
        throw RpcError("already in a room: its connection is told about the lobby", 400);
    if (_waitingBy.count(from))
        throw RpcError("this connection waits in the lobby", 400);
    if (_watchingBy.count(from))
        throw RpcError("already watching", 400);
    const LobbyTicket ticket = ticketFrom(params, LobbyTicket::Kind::Watch);
    auto found = _lobbies.find(ticket.room);
    if (found != _lobbies.end() && found->second.watchers.size() >= _limits.maxWatchersPerRoom)
        throw RpcError("too many moderators watch the lobby of room " + ticket.room, 429);
    _lobbies[ticket.room].watchers.insert(from);
    _watchingBy[from] = ticket.room;
    updatePresence(ticket.room);
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("room", ticket.room);
    result->set("waiting", listJson(ticket.room)->getArray("waiting"));
    return result;
}

std::string Lobby::moderatedRoom(ConnectionId from) const
{
    auto watching = _watchingBy.find(from);
    if (watching != _watchingBy.end())
        return watching->second;
    if (_waitingBy.count(from))
        throw RpcError("you are waiting in the lobby yourself", 403);
    const std::string room = _rooms.roomOf(from);
    if (room.empty())
        throw RpcError("join the room first (room.join with a token)", 401);
    const auto holders = _rooms.holders(room, mayAdmit);
    if (std::find(holders.begin(), holders.end(), from) == holders.end())
        throw RpcError("permission '" + mayAdmit + "' is required", 403);
    return room;
}

Poco::Dynamic::Var Lobby::decide(ConnectionId from, bool admit, const Poco::JSON::Object& params)
{
    const std::string room = moderatedRoom(from);
    const std::string target = requiredString(params, "id");
    std::vector<std::string> ids;
    auto lobby = _lobbies.find(room);
    if (target == "all")
    {
        if (lobby != _lobbies.end())
            ids = lobby->second.order;
    }
    else
    {
        auto found = _waiting.find(target);
        if (found == _waiting.end() || found->second.room != room)
            throw RpcError("nobody '" + target + "' waits in the lobby of this room", 404);
        ids.push_back(target);
    }
    std::vector<std::string> done;
    for (const std::string& id : ids)
    {
        auto found = _waiting.find(id);
        if (found == _waiting.end())
            continue;
        if (admit)
        {
            try
            {
                startAdmission(found->second);
            }
            catch (const RpcError&)
            {
                if (target != "all" || done.empty())
                    throw; // the server is too busy to ask SignalWire
                break;     // those started go on; the rest keep waiting
            }
        }
        else
        {
            Poco::JSON::Object::Ptr denied = new Poco::JSON::Object;
            denied->set("room", room);
            notify(found->second.connection, "lobby.denied", denied);
            _outbox.close(found->second.connection, 1000, "denied by a moderator");
            _logger.information("%s (%s) was denied entry to room %s", found->second.user,
                                found->second.role, room);
            remove(id, "denied");
        }
        done.push_back(id);
    }
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("ids", jsonList(done));
    return result;
}

void Lobby::startAdmission(Waiting& entry)
{
    if (entry.admitting)
        return;
    if (!_backend || !_roles)
        throw RpcError("admission is not set up on this server", 503);
    const auto roles = _roles->current();
    const Role* role = roles->byName(entry.role);
    if (!role)
    {
        admissionFailed(entry.id, "the role '" + entry.role + "' is no longer served here");
        return;
    }
    // The role as served now: a reload since the page was made counts.
    AdmissionRequest request{entry.room,        entry.user,    role->name,
                             role->permissions, role->options, role->requiresLogin};
    const std::string id = entry.id;
    if (!_worker)
    {
        try
        {
            admitted(id, _backend->admit(request));
        }
        catch (const std::exception& e)
        {
            admissionFailed(id, e.what());
        }
        return;
    }
    // A SignalWire token request blocks for as long as the cloud takes:
    // made on the worker, its outcome handed back to the loop.
    RoomBackend* backend = _backend;
    const bool queued = _worker->submit(
        [this, backend, request, id]() -> BlockingWorker::Continuation
        {
            try
            {
                Admission admission = backend->admit(request);
                return [this, id, admission] { admitted(id, admission); };
            }
            catch (const std::exception& e)
            {
                const std::string message = e.what();
                return [this, id, message] { admissionFailed(id, message); };
            }
            catch (...)
            {
                return [this, id] { admissionFailed(id, "the backend failed"); };
            }
        });
    if (!queued)
        throw RpcError("the server is too busy to let anyone in; try again", 503);
    entry.admitting = true;
}

void Lobby::admitted(const std::string& id, const Admission& admission)
{
    auto found = _waiting.find(id);
    if (found == _waiting.end())
        return; // left meanwhile: a token nobody receives grants nothing
    const Waiting& entry = found->second;
    Poco::JSON::Object::Ptr event = new Poco::JSON::Object;
    event->set("token", admission.token);
    event->set("connection", admission.connection);
    event->set("room", entry.room);
    event->set("user", entry.user);
    event->set("role", entry.role);
    notify(entry.connection, "lobby.admitted", event);
    // The lobby connection's work is done; the page joins on a room connection.
    _outbox.close(entry.connection, 1000, "admitted");
    _logger.information("%s (%s) was let into room %s", entry.user, entry.role, entry.room);
    remove(id, "admitted");
}

void Lobby::admissionFailed(const std::string& id, const std::string& message)
{
    auto found = _waiting.find(id);
    if (found == _waiting.end())
        return;
    Waiting& entry = found->second;
    entry.admitting = false;
    _logger.warning("could not let %s (%s) into room %s: %s", entry.user, entry.role, entry.room,
                    message);
    Poco::JSON::Object::Ptr event = entryJson(entry);
    event->set("message", message);
    notifyModerators(entry.room, "lobby.admit_failed", event);
}

void Lobby::remove(const std::string& id, const std::string& reason)
{
    auto found = _waiting.find(id);
    if (found == _waiting.end())
        return;
    const Waiting entry = found->second;
    _waiting.erase(found);
    _waitingBy.erase(entry.connection);
    auto lobby = _lobbies.find(entry.room);
    if (lobby != _lobbies.end())
    {
        auto& order = lobby->second.order;
        order.erase(std::remove(order.begin(), order.end(), id), order.end());
    }
    Poco::JSON::Object::Ptr left = new Poco::JSON::Object;
    left->set("id", id);
    left->set("name", entry.user);
    left->set("reason", reason);
    notifyModerators(entry.room, "lobby.left", left);
    forgetRoomIfEmpty(entry.room);
}

void Lobby::joined(ConnectionId connection)
{
    const std::string room = _rooms.roomOf(connection);
    auto lobby = _lobbies.find(room);
    if (room.empty() || lobby == _lobbies.end())
        return;
    const auto holders = _rooms.holders(room, mayAdmit);
    if (std::find(holders.begin(), holders.end(), connection) == holders.end())
        return;
    if (!lobby->second.order.empty())
        notify(connection, "lobby.list", listJson(room));
    updatePresence(room);
}

void Lobby::closed(ConnectionId connection)
{
    auto waiting = _waitingBy.find(connection);
    if (waiting != _waitingBy.end())
    {
        const std::string id = waiting->second;
        const Waiting& entry = _waiting.at(id);
        _logger.information("%s (%s) left the lobby of room %s", entry.user, entry.role,
                            entry.room);
        remove(id, "left");
        return;
    }
    auto watching = _watchingBy.find(connection);
    if (watching != _watchingBy.end())
    {
        const std::string room = watching->second;
        _watchingBy.erase(watching);
        auto lobby = _lobbies.find(room);
        if (lobby != _lobbies.end())
            lobby->second.watchers.erase(connection);
        updatePresence(room);
        forgetRoomIfEmpty(room);
    }
}

void Lobby::tick(const Poco::Timestamp& now)
{
    const Poco::Timestamp::TimeDiff cap = _limits.maxWaitSeconds * 1000000LL;
    std::vector<std::string> expired;
    for (const auto& [id, entry] : _waiting)
        if (!entry.admitting && now - entry.since > cap)
            expired.push_back(id);
    for (const std::string& id : expired)
    {
        const Waiting& entry = _waiting.at(id);
        Poco::JSON::Object::Ptr event = new Poco::JSON::Object;
        event->set("max_wait_seconds", _limits.maxWaitSeconds);
        notify(entry.connection, "lobby.timeout", event);
        _outbox.close(entry.connection, 1000, "nobody let you in in time");
        _logger.information("%s (%s) waited too long in the lobby of room %s", entry.user,
                            entry.role, entry.room);
        remove(id, "timeout");
    }
    // Moderators come and go with the rooms (joins, leaves, removals): look.
    std::vector<std::string> rooms;
    for (const auto& [room, lobby] : _lobbies)
        if (!lobby.order.empty())
            rooms.push_back(room);
    for (const std::string& room : rooms)
        updatePresence(room);
}

bool Lobby::moderatorPresent(const std::string& room) const
{
    auto lobby = _lobbies.find(room);
    if (lobby != _lobbies.end() && !lobby->second.watchers.empty())
        return true;
    return !_rooms.holders(room, mayAdmit).empty();
}

void Lobby::updatePresence(const std::string& room)
{
    auto lobby = _lobbies.find(room);
    if (lobby == _lobbies.end())
        return;
    const bool present = moderatorPresent(room);
    if (present == lobby->second.moderatorTold)
        return;
    lobby->second.moderatorTold = present;
    Poco::JSON::Object::Ptr event = new Poco::JSON::Object;
    event->set("present", present);
    const std::string text = Rpc::notification("lobby.moderator", event);
    for (const std::string& id : lobby->second.order)
        _outbox.send(_waiting.at(id).connection, text);
}

void Lobby::notifyModerators(const std::string& room, const std::string& method,
                             const Poco::JSON::Object::Ptr& params)
{
    const std::string text = Rpc::notification(method, params);
    for (ConnectionId c : _rooms.holders(room, mayAdmit))
        _outbox.send(c, text);
    auto lobby = _lobbies.find(room);
    if (lobby != _lobbies.end())
        for (ConnectionId c : lobby->second.watchers)
            _outbox.send(c, text);
}

void Lobby::notify(ConnectionId to, const std::string& method,
                   const Poco::JSON::Object::Ptr& params)
{
    _outbox.send(to, Rpc::notification(method, params));
}

Poco::JSON::Object::Ptr Lobby::entryJson(const Waiting& entry) const
{
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", entry.id);
    json->set("name", entry.user);
    json->set("role", entry.role);
    json->set("since", Poco::DateTimeFormatter::format(entry.since,
                                                       Poco::DateTimeFormat::ISO8601_FRAC_FORMAT));
    return json;
}

Poco::JSON::Object::Ptr Lobby::listJson(const std::string& room) const
{
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    auto lobby = _lobbies.find(room);
    if (lobby != _lobbies.end())
        for (const std::string& id : lobby->second.order)
            list->add(entryJson(_waiting.at(id)));
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("room", room);
    json->set("waiting", list);
    return json;
}

void Lobby::forgetRoomIfEmpty(const std::string& room)
{
    auto lobby = _lobbies.find(room);
    if (lobby != _lobbies.end() && lobby->second.order.empty() && lobby->second.watchers.empty())
        _lobbies.erase(lobby);
}

} // namespace rolecall
