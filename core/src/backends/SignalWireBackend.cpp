#include "backends/SignalWireBackend.h"
#include "Poco/JSON/Array.h"
#include "Poco/URI.h"
#include "backends/SignalWireOrigins.h"
#include "util/JsonList.h"

namespace rolecall
{

SignalWireBackend::SignalWireBackend(const SignalWireSettings& settings, int maxMembers)
    : _client(settings), _space(settings.space), _maxMembers(maxMembers)
{
}

void SignalWireBackend::ensureRoom(const std::string& room)
{
    std::lock_guard<std::mutex> lock(_roomsMutex);
    if (_knownRooms.count(room))
        return;
    std::string encoded;
    Poco::URI::encode(room, "/?#", encoded); // room names are [A-Za-z0-9_-] already
    const auto found = _client.call("GET", "/api/video/rooms/" + encoded);
    if (found.status == 404)
    {
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        body->set("name", room);
        body->set("display_name", room);
        body->set("max_members", _maxMembers);
        const auto created = _client.call("POST", "/api/video/rooms", body);
        if (created.status == 422)
            throw BackendError(502, SignalWireClient::validationMessage(created));
    }
    else if (found.status == 422)
        throw BackendError(502, SignalWireClient::validationMessage(found));
    _knownRooms.insert(room);
}

Admission SignalWireBackend::admit(const AdmissionRequest& request)
{
    ensureRoom(request.room);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("room_name", request.room);
    body->set("user_name", request.user);
    body->set("permissions", jsonList(request.permissions));
    const auto reply = _client.call("POST", "/api/video/room_tokens", body);
    if (reply.status == 422)
        throw BackendError(502, SignalWireClient::validationMessage(reply));
    if (reply.status == 404)
        throw BackendError(502, "SignalWire answered HTTP 404 for room_tokens");
    if (!reply.body || !reply.body->has("token") || !reply.body->get("token").isString() ||
        reply.body->getValue<std::string>("token").empty())
        throw BackendError(502, "SignalWire's answer had no token");

    Admission admission;
    admission.token = reply.body->getValue<std::string>("token");
    admission.connection->set("space", _space);
    admission.connectTo = SignalWireOrigins::forPage(_space, admission.token);
    return admission;
}

} // namespace rolecall
