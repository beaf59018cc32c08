#include "backends/SignalWireBackend.h"
#include "Poco/JSON/Array.h"
#include "Poco/URI.h"
#include "backends/SignalWireOrigins.h"
#include "util/JsonList.h"
#include <condition_variable>

namespace rolecall
{

using Repeat = SignalWireClient::Repeat;
using CreateRooms = SignalWireSettings::CreateRooms;

/// One lookup (and maybe creation) of a room in progress; later callers for
/// the same room wait for its outcome instead of calling SignalWire again.
struct SignalWireBackend::Flight
{
    std::mutex mutex;
    std::condition_variable landed;
    bool createWanted = false; // a caller who may create joined a lookup-only flight
    bool done = false;
    bool exists = false;
    std::exception_ptr error;
};

SignalWireBackend::SignalWireBackend(const SignalWireSettings& settings, int maxMembers)
    : _client(settings), _space(settings.space), _maxMembers(maxMembers),
      _createRooms(settings.createRooms), _allowed(settings.rooms.begin(), settings.rooms.end()),
      _knownRooms(static_cast<long>(settings.roomCacheSize))
{
}

bool SignalWireBackend::mayCreate(const AdmissionRequest& request) const
{
    return _createRooms == CreateRooms::Always ||
           (_createRooms == CreateRooms::Authenticated && request.authenticated);
}

bool SignalWireBackend::exists(const std::string& room)
{
    std::string encoded;
    Poco::URI::encode(room, "/?#", encoded); // room names are [A-Za-z0-9_-] already
    const auto found = _client.call("GET", "/api/video/rooms/" + encoded);
    if (found.status == 422)
        throw BackendError(SignalWireClient::validationMessage(found), 502);
    return found.status != 404;
}

void SignalWireBackend::create(const std::string& room)
{
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("name", room);
    body->set("display_name", room);
    body->set("max_members", _maxMembers);
    // Safe to send twice: a room is created by name, so a repeat cannot make a
    // second room; it is refused with a 422 (name taken), handled below.
    const auto created = _client.call("POST", "/api/video/rooms", body, Repeat::Safe);
    if (created.status == 404)
        throw BackendError("SignalWire answered HTTP 404 for rooms", 502);
    // A 422 also answers a name already taken (by our own repeated POST, or by
    // another server on the same project); SignalWire does not document that
    // error's code, so look: if the room is there now, it is as good as made.
    if (created.status == 422 && !exists(room))
        throw BackendError(SignalWireClient::validationMessage(created), 502);
}

bool SignalWireBackend::lookUpOrCreate(const std::string& room, bool mayCreate, Flight& flight)
{
    if (exists(room))
        return true;
    if (!mayCreate)
    {
        // Created on behalf of a caller who may, waiting on this flight.
        std::lock_guard<std::mutex> lock(flight.mutex);
        mayCreate = flight.createWanted;
    }
    if (!mayCreate)
        return false;
    create(room);
    return true;
}

void SignalWireBackend::ensureRoom(const std::string& room, bool mayCreate)
{
    // Each pass waits for one finished lookup, ours or another caller's. A
    // caller who may create asks the flight it joins to create; if it joined
    // too late for that and the room is missing, it goes round again.
    for (;;)
    {
        if (!_knownRooms.get(room).isNull()) // also marks it recently used
            return;
        std::shared_ptr<Flight> flight;
        bool leader = false;
        {
            std::lock_guard<std::mutex> lock(_flightsMutex);
            auto& slot = _flights[room];
            if (!slot)
            {
                slot = std::make_shared<Flight>();
                leader = true;
            }
            flight = slot;
        }
        if (leader)
        {
            bool found = false;
            std::exception_ptr error;
            try
            {
                found = lookUpOrCreate(room, mayCreate, *flight);
            }
            catch (...)
            {
                error = std::current_exception();
            }
            if (found)
                _knownRooms.add(room, true);
            {
                std::lock_guard<std::mutex> lock(_flightsMutex);
                _flights.erase(room);
            }
            {
                std::lock_guard<std::mutex> lock(flight->mutex);
                flight->done = true;
                flight->exists = found;
                flight->error = error;
            }
            flight->landed.notify_all();
        }
        else
        {
            // Bounded: the leader's calls each end within timeout_ms.
            std::unique_lock<std::mutex> lock(flight->mutex);
            flight->createWanted = flight->createWanted || mayCreate;
            flight->landed.wait(lock, [&] { return flight->done; });
        }
        if (flight->error)
            std::rethrow_exception(flight->error);
        if (flight->exists)
            return;
        if (!mayCreate)
            throw BackendError(_createRooms == CreateRooms::Never
                                   ? "Room '" + room +
                                         "' does not exist. This server does not create "
                                         "rooms; they are made in SignalWire beforehand."
                                   : "Room '" + room +
                                         "' does not exist yet: it has not been opened by "
                                         "a moderator. Try again once they have joined.",
                               404);
    }
}

std::vector<std::string> SignalWireBackend::prepareLobby(const AdmissionRequest& request)
{
    if (!_allowed.empty() && !_allowed.count(request.room))
        throw BackendError("Room '" + request.room + "' is not one of this server's rooms.", 403);
    // The relay a token names ("ch") is known only once the token is made,
    // after this page has loaded: SignalWire's own hosts are allowed instead.
    std::vector<std::string> origins = SignalWireOrigins::forPage(_space, "");
    origins.push_back("wss://*.signalwire.com");
    return origins;
}

Admission SignalWireBackend::admit(const AdmissionRequest& request)
{
    if (!_allowed.empty() && !_allowed.count(request.room))
        throw BackendError("Room '" + request.room + "' is not one of this server's rooms.", 403);
    const bool create = mayCreate(request);
    ensureRoom(request.room, create);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("room_name", request.room);
    body->set("user_name", request.user);
    body->set("permissions", jsonList(request.permissions));
    // SignalWire hands member meta to every page: how others learn this
    // member's role (and so its label) without asking us.
    Poco::JSON::Object::Ptr meta = new Poco::JSON::Object;
    meta->set("role", request.role);
    body->set("meta", meta);
    // The role's join options, under SignalWire's names.
    const RoleOptions& options = request.options;
    body->set("join_audio_muted", options.joinAudioMuted || !options.maySendAudio());
    body->set("join_video_muted", options.joinVideoMuted || !options.maySendVideo());
    body->set("join_as", options.audience ? "audience" : "member");
    body->set("media_allowed", options.mediaAllowed);
    if (options.removeAfterSeconds > 0)
        body->set("remove_after_seconds_elapsed", options.removeAfterSeconds);
    body->set("end_room_session_on_leave", options.endRoomOnLeave);
    // SignalWire would otherwise create a missing room when the token is
    // used, for anyone holding one.
    body->set("auto_create_room", create);
    // Safe to send twice: a token nobody receives grants nothing.
    const auto reply = _client.call("POST", "/api/video/room_tokens", body, Repeat::Safe);
    if (reply.status == 422)
        throw BackendError(SignalWireClient::validationMessage(reply), 502);
    if (reply.status == 404)
        throw BackendError("SignalWire answered HTTP 404 for room_tokens", 502);
    if (!reply.body || !reply.body->has("token") || !reply.body->get("token").isString() ||
        reply.body->getValue<std::string>("token").empty())
        throw BackendError("SignalWire's answer had no token", 502);

    Admission admission;
    admission.token = reply.body->getValue<std::string>("token");
    admission.connection->set("space", _space);
    admission.connectTo = SignalWireOrigins::forPage(_space, admission.token);
    return admission;
}

} // namespace rolecall
