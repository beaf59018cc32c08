#include "support/FakeSignalWire.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JSON/Stringifier.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/MediaType.h"
#include "Poco/String.h"
#include "Poco/URI.h"
#include "Poco/UUIDGenerator.h"
#include "support/FakeHttpsServer.h"
#include "support/TestCa.h"
#include <cctype>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

using Mode = FakeSignalWire::Mode;

struct FakeSignalWire::State
{
    std::string projectId;
    std::string apiToken;

    mutable std::mutex mutex;
    std::condition_variable wake;             // ends Slow mode's wait and holds
    mutable std::condition_variable recorded; // a call arrived
    bool stopping = false;
    Mode mode = Mode::Normal;
    std::chrono::milliseconds delay{5000};
    std::string validationMessage = "Name is invalid";
    std::vector<Call> calls;
    std::map<std::string, std::string> rooms; // name -> room object as JSON text
    std::set<std::string> held;               // rooms whose calls wait
    std::string dropAnswer;                   // "METHOD path" to answer by hanging up
};

namespace
{

using State = FakeSignalWire::State;

const std::string errorCodesUrl = "https://developer.signalwire.com/rest/overview/error-codes#";

struct Answer
{
    int status;
    std::string body;
};

struct FieldError
{
    std::string attribute;
    std::string code;
    std::string message;
};

std::string condensed(const Poco::JSON::Object::Ptr& object)
{
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(object, out);
    return out.str();
}

Answer error(int status, const std::string& message)
{
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("error", message);
    return {status, condensed(body)};
}

Answer unauthorized()
{
    return error(401, "Unauthorized");
}
Answer notFound()
{
    return error(404, "Not Found");
}

/// 422 {"errors":[{"type","code","message","attribute","url"}, ...]}
Answer validationFailure(const std::vector<FieldError>& errors)
{
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& e : errors)
    {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("type", "validation_error");
        item->set("code", e.code);
        item->set("message", e.message);
        item->set("attribute", e.attribute);
        item->set("url", errorCodesUrl + e.code);
        list->add(item);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("errors", list);
    return {422, condensed(body)};
}

bool authorized(const std::string& header, const State& state)
{
    const std::string scheme = "Basic ";
    if (header.size() <= scheme.size() || Poco::icompare(header.substr(0, 6), scheme) != 0)
        return false;
    try
    {
        Poco::Net::HTTPBasicCredentials credentials(header.substr(scheme.size()));
        return credentials.getUsername() == state.projectId &&
               credentials.getPassword() == state.apiToken;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

std::size_t utf8Length(const std::string& text)
{
    std::size_t n = 0;
    for (unsigned char c : text)
        n += (c & 0xC0) != 0x80;
    return n;
}

bool isName(const std::string& text)
{
    for (unsigned char c : text)
        if (!std::isalnum(c) && c != '_' && c != '-')
            return false;
    return true;
}

bool isString(const Poco::JSON::Object& body, const std::string& key)
{
    return body.has(key) && !body.isNull(key) && body.get(key).isString();
}

bool present(const Poco::JSON::Object& body, const std::string& key)
{
    return body.has(key) && !body.isNull(key);
}

/// A required name matching ^[A-Za-z0-9_\-]+$, at most 100 characters.
void checkName(const Poco::JSON::Object& body, const std::string& key, const std::string& label,
               std::vector<FieldError>& errors)
{
    const std::string value = isString(body, key) ? body.getValue<std::string>(key) : "";
    if (!present(body, key) || (isString(body, key) && value.empty()))
        errors.push_back({key, "invalid_parameter", label + " must be present"});
    else if (!isString(body, key) || !isName(value))
        errors.push_back({key, "invalid_parameter", label + " is invalid"});
    else if (value.size() > 100)
        errors.push_back(
            {key, "invalid_parameter", label + " is too long (maximum is 100 characters)"});
}

/// An optional string of at most `maximum` characters.
void checkText(const Poco::JSON::Object& body, const std::string& key, const std::string& label,
               std::size_t maximum, std::vector<FieldError>& errors)
{
    if (!present(body, key))
        return;
    if (!isString(body, key))
        errors.push_back({key, "invalid_parameter", label + " must be a string"});
    else if (utf8Length(body.getValue<std::string>(key)) > maximum)
        errors.push_back(
            {key, "invalid_parameter",
             label + " is too long (maximum is " + std::to_string(maximum) + " characters)"});
}

std::string now()
{
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT);
}

Answer createRoom(State& state, const Poco::JSON::Object& body)
{
    std::vector<FieldError> errors;
    checkName(body, "name", "Name", errors);
    checkText(body, "display_name", "Display name", 200, errors);
    int maxMembers = 20;
    if (present(body, "max_members"))
    {
        const Poco::Dynamic::Var value = body.get("max_members");
        if (!value.isBoolean() && value.isInteger() && value.convert<long long>() >= 1 &&
            value.convert<long long>() <= 300)
            maxMembers = value.convert<int>();
        else
            errors.push_back(
                {"max_members", "invalid_parameter", "Max members must be between 1 and 300"});
    }
    if (!errors.empty())
        return validationFailure(errors);

    const std::string name = body.getValue<std::string>("name");
    const std::string stamp = now();
    Poco::JSON::Object::Ptr room = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    room->set("id", Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
    room->set("name", name);
    room->set("display_name",
              isString(body, "display_name") ? body.getValue<std::string>("display_name") : name);
    room->set("description", Poco::Dynamic::Var());
    room->set("max_members", maxMembers);
    room->set("quality", "720p");
    room->set("layout", "grid-responsive");
    room->set("record_on_start", false);
    room->set("enable_room_previews", false);
    room->set("created_at", stamp);
    room->set("updated_at", stamp);
    const std::string text = condensed(room);

    std::lock_guard<std::mutex> lock(state.mutex);
    if (!state.rooms.emplace(name, text).second)
        return validationFailure(
            {{"name", "has_already_been_taken", "Name has already been taken"}});
    return {201, text};
}

Answer getRoom(const State& state, const std::string& name)
{
    std::lock_guard<std::mutex> lock(state.mutex);
    const auto found = state.rooms.find(name);
    if (found == state.rooms.end())
        return notFound();
    return {200, found->second};
}

Answer createToken(const Poco::JSON::Object& body)
{
    std::vector<FieldError> errors;
    checkName(body, "room_name", "Room name", errors);
    checkText(body, "user_name", "User name", 100, errors);
    Poco::JSON::Array::Ptr permissions = new Poco::JSON::Array;
    if (present(body, "permissions"))
    {
        const Poco::JSON::Array::Ptr given = body.getArray("permissions");
        bool ok = !given.isNull();
        for (std::size_t i = 0; ok && i < given->size(); ++i)
        {
            ok = given->get(i).isString();
            if (ok)
                permissions->add(given->getElement<std::string>(i));
        }
        if (!ok)
            errors.push_back(
                {"permissions", "invalid_parameter", "Permissions must be an array of strings"});
    }
    if (present(body, "auto_create_room") && !body.get("auto_create_room").isBoolean())
        errors.push_back(
            {"auto_create_room", "invalid_parameter", "Auto create room must be a boolean"});
    if (!errors.empty())
        return validationFailure(errors);

    Poco::JWT::Token token;
    token.setType("JWT");
    const Poco::Timestamp issued;
    token.setIssuedAt(issued);
    token.setExpiration(issued + Poco::Timespan(3600, 0));
    token.setId(Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
    token.payload().set("room_name", body.getValue<std::string>("room_name"));
    token.payload().set("user_name",
                        isString(body, "user_name")
                            ? Poco::Dynamic::Var(body.getValue<std::string>("user_name"))
                            : Poco::Dynamic::Var());
    token.payload().set("permissions", permissions);
    token.payload().set("ch", FakeSignalWire::relayHost());
    Poco::JWT::Signer signer(FakeSignalWire::signingKey());
    Poco::JSON::Object::Ptr reply = new Poco::JSON::Object;
    reply->set("token", signer.sign(token, Poco::JWT::Signer::ALGO_HS256));
    return {200, condensed(reply)};
}

bool isJson(const std::string& contentType)
{
    try
    {
        return !contentType.empty() &&
               Poco::Net::MediaType(contentType).matches("application", "json");
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

enum class Route
{
    GetRoom,
    CreateRoom,
    CreateToken,
    None
};

/// The answer to one recorded call, in `mode` (Slow already waited out).
Answer answer(State& state, const FakeSignalWire::Call& call, Mode mode,
              const std::string& validationMessage)
{
    if (mode == Mode::Unauthorized)
        return unauthorized();
    if (mode == Mode::ServerError)
        return error(500, "Internal Server Error");
    if (mode == Mode::BadJson)
        return {200, "not json"};
    if (!authorized(call.authorization, state))
        return unauthorized();

    std::string path;
    try
    {
        path = Poco::URI(call.path).getPath();
    }
    catch (const Poco::Exception&)
    {
        return notFound();
    }
    const std::string roomPrefix = "/api/video/rooms/";
    Route route = Route::None;
    std::string roomName;
    if (call.method == "GET" && path.compare(0, roomPrefix.size(), roomPrefix) == 0)
    {
        roomName = path.substr(roomPrefix.size());
        if (!roomName.empty() && roomName.find('/') == std::string::npos)
            route = Route::GetRoom;
    }
    else if (call.method == "POST" && path == "/api/video/rooms")
        route = Route::CreateRoom;
    else if (call.method == "POST" && path == "/api/video/room_tokens")
        route = Route::CreateToken;
    if (route == Route::None)
        return notFound();

    const std::string attribute = route == Route::CreateToken ? "room_name" : "name";
    if (mode == Mode::Validation)
        return validationFailure({{attribute, "invalid_parameter", validationMessage}});
    if (route == Route::CreateToken && mode == Mode::NoToken)
        return {200, "{}"};
    if (route == Route::GetRoom)
        return getRoom(state, roomName);

    if (!isJson(call.contentType))
        return error(415, "Unsupported Media Type");
    if (!call.json)
        return error(400, "Bad Request");
    return route == Route::CreateRoom ? createRoom(state, *call.json) : createToken(*call.json);
}

/// The room a call is about, "" if none: what holdRoom() matches.
std::string roomOf(const FakeSignalWire::Call& call)
{
    const std::string prefix = "/api/video/rooms/";
    if (call.method == "GET" && call.path.compare(0, prefix.size(), prefix) == 0)
        return call.path.substr(prefix.size());
    const char* key = call.path == "/api/video/rooms"         ? "name"
                      : call.path == "/api/video/room_tokens" ? "room_name"
                                                              : nullptr;
    if (call.method == "POST" && key && call.json && isString(*call.json, key))
        return call.json->getValue<std::string>(key);
    return "";
}

FakeHttpsServer::Response handle(State& state, const FakeHttpsServer::Request& request)
{
    FakeSignalWire::Call call;
    call.method = request.method;
    call.path = request.target;
    call.authorization = request.headers.get("Authorization", "");
    call.contentType = request.headers.get("Content-Type", "");
    call.body = request.body;
    try
    {
        call.json = Poco::JSON::Parser().parse(call.body).extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception&)
    {
    }

    Mode mode;
    std::string validationMessage;
    bool hangUp = false;
    {
        std::unique_lock<std::mutex> lock(state.mutex);
        state.calls.push_back(call);
        hangUp = state.dropAnswer == call.method + " " + call.path;
        if (hangUp)
            state.dropAnswer.clear();
        state.recorded.notify_all();
        mode = state.mode;
        validationMessage = state.validationMessage;
        if (mode == Mode::Slow)
        {
            state.wake.wait_for(lock, state.delay, [&state] { return state.stopping; });
            mode = Mode::Normal;
        }
        const std::string room = roomOf(call);
        state.wake.wait(lock, [&] { return state.stopping || !state.held.count(room); });
    }

    const Answer a = answer(state, call, mode, validationMessage);
    FakeHttpsServer::Response response;
    response.status = a.status;
    response.body = a.body;
    response.hangUp = hangUp;
    if (a.status == 401)
        response.headers.set("WWW-Authenticate", "Basic realm=\"SignalWire\"");
    return response;
}

} // namespace

FakeSignalWire::FakeSignalWire(const TestCa& ca, const std::string& projectId,
                               const std::string& apiToken)
    : _state(std::make_shared<State>()), _caFile(ca.caFile())
{
    _state->projectId = projectId;
    _state->apiToken = apiToken;
    _server = std::make_unique<FakeHttpsServer>(
        ca.serverContext(), [state = _state](const FakeHttpsServer::Request& request)
        { return handle(*state, request); });
}

FakeSignalWire::~FakeSignalWire()
{
    try
    {
        stop();
    }
    catch (...)
    {
    }
}

std::string FakeSignalWire::configSection() const
{
    return "\n[signalwire]\nspace = example.signalwire.com\nbase_url = " + baseUrl() +
           "\nca_file = " + _caFile + "\n";
}

std::map<std::string, std::string> FakeSignalWire::credentials() const
{
    return {{"SIGNALWIRE_PROJECT_KEY", _state->projectId}, {"SIGNALWIRE_TOKEN", _state->apiToken}};
}

unsigned short FakeSignalWire::port() const
{
    return _server->port();
}

std::string FakeSignalWire::baseUrl() const
{
    return "https://127.0.0.1:" + std::to_string(port());
}

void FakeSignalWire::stop()
{
    {
        // First end every wait inside a handler, so the connections can finish.
        std::lock_guard<std::mutex> lock(_state->mutex);
        _state->stopping = true;
    }
    _state->wake.notify_all();
    _server->stop();
}

void FakeSignalWire::holdRoom(const std::string& name)
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    _state->held.insert(name);
}

void FakeSignalWire::releaseRoom(const std::string& name)
{
    {
        std::lock_guard<std::mutex> lock(_state->mutex);
        _state->held.erase(name);
    }
    _state->wake.notify_all();
}

void FakeSignalWire::dropNextAnswer(const std::string& line)
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    _state->dropAnswer = line;
}

bool FakeSignalWire::waitForCalls(const std::function<bool(const std::vector<Call>&)>& ready,
                                  std::chrono::milliseconds timeout) const
{
    std::unique_lock<std::mutex> lock(_state->mutex);
    return _state->recorded.wait_for(lock, timeout, [&] { return ready(_state->calls); });
}

std::size_t FakeSignalWire::count(const std::string& line) const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    std::size_t n = 0;
    for (const auto& call : _state->calls)
        n += call.method + " " + call.path == line;
    return n;
}

std::size_t FakeSignalWire::connectionCount() const
{
    return _server->connections();
}

std::size_t FakeSignalWire::resumedHandshakes() const
{
    return _server->resumedHandshakes();
}

std::size_t FakeSignalWire::closeIdleConnections()
{
    return _server->closeIdleConnections();
}

void FakeSignalWire::setMode(Mode mode)
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    _state->mode = mode;
}

FakeSignalWire::Mode FakeSignalWire::mode() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->mode;
}

void FakeSignalWire::setDelay(std::chrono::milliseconds delay)
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    _state->delay = delay;
}

std::chrono::milliseconds FakeSignalWire::delay() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->delay;
}

void FakeSignalWire::setValidationMessage(const std::string& message)
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    _state->validationMessage = message;
}

std::string FakeSignalWire::validationMessage() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->validationMessage;
}

std::vector<FakeSignalWire::Call> FakeSignalWire::calls() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->calls;
}

void FakeSignalWire::clearCalls()
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    _state->calls.clear();
}

std::size_t FakeSignalWire::roomCount() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->rooms.size();
}

void FakeSignalWire::addRoom(const std::string& name)
{
    Poco::JSON::Object body;
    body.set("name", name);
    createRoom(*_state, body);
}

const std::string& FakeSignalWire::signingKey()
{
    static const std::string key = "fake-signalwire-room-token-key-0123456789";
    return key;
}

const std::string& FakeSignalWire::relayHost()
{
    static const std::string host = "relay.signalwire.invalid";
    return host;
}
