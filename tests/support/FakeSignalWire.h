#ifndef rolecall_test_FakeSignalWire_INCLUDED
#define rolecall_test_FakeSignalWire_INCLUDED

#include "Poco/JSON/Object.h"
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

class TestCa;
class FakeHttpsServer;

/// SignalWire's Video REST API, faked in the test process over real HTTPS
/// (FakeHttpsServer on 127.0.0.1, an ephemeral port, the TestCa's server
/// certificate, keep-alive and TLS resumption), speaking the real wire format:
///
///   GET  /api/video/rooms/{name}  200 room object, or 404 {"error":"Not Found"}
///   POST /api/video/rooms         201 room object; 422 on invalid or taken name
///   POST /api/video/room_tokens   200 {"token":"<HS256 JWT>"}; 422 on invalid input
///   anything else                 404 {"error":"Not Found"}
///
/// Every call needs HTTP Basic auth project_id:api_token, else 401
/// {"error":"Unauthorized"}. POST bodies need Content-Type application/json
/// (else 415) and must be a JSON object (else 400). A 422 body is
/// {"errors":[{"type":"validation_error","code":...,"message":...,
/// "attribute":...,"url":...}]}. Tokens are signed with signingKey() and carry
/// room_name, user_name, permissions, iat, exp and ch =
/// "relay.signalwire.invalid", so no browser can reach a real relay with one.
///
/// room_tokens takes SignalWire's optional `auto_create_room` (a boolean,
/// else 422); the fake records it and issues the token either way.
///
/// Every request is recorded; failure modes can be switched at any time; one
/// room's calls can be held while others are answered; connections and TLS
/// resumptions are counted. All methods are thread-safe.
class FakeSignalWire
{
public:
    /// What the fake answers from now on.
    enum class Mode
    {
        Normal,
        Unauthorized, ///< every call: 401 {"error":"Unauthorized"}
        ServerError,  ///< every call: 500 {"error":"Internal Server Error"}
        Slow,         ///< every call waits delay() first, then is answered as Normal
        BadJson,      ///< every call: 200, Content-Type application/json, body "not json"
        NoToken,      ///< room_tokens (once authenticated): 200 {} without a token
        Validation,   ///< GET/POST rooms and room_tokens (once authenticated):
                      ///< 422 with validationMessage()
    };

    /// One request as it arrived.
    struct Call
    {
        std::string method;
        std::string path;          ///< the request target as sent (path and any query)
        std::string authorization; ///< the Authorization header, "" if none
        std::string contentType;   ///< "" if none
        std::string body;
        Poco::JSON::Object::Ptr json; ///< the body parsed, null unless a JSON object
    };

    /// Starts serving on 127.0.0.1 with `ca`'s server certificate; answers
    /// only to Basic auth `projectId`:`apiToken`.
    FakeSignalWire(const TestCa& ca, const std::string& projectId, const std::string& apiToken);
    /// Stops serving.
    ~FakeSignalWire();
    FakeSignalWire(const FakeSignalWire&) = delete;
    FakeSignalWire& operator=(const FakeSignalWire&) = delete;

    unsigned short port() const;
    /// "https://127.0.0.1:<port>"
    std::string baseUrl() const;
    /// A config file's [signalwire] section pointing rolecall here (space,
    /// base_url, ca_file); callers append their own lines to it.
    std::string configSection() const;
    /// The environment that hands rolecall this fake's credentials.
    std::map<std::string, std::string> credentials() const;
    /// Stops accepting, cuts Slow mode's wait and any hold short and waits
    /// for the server's threads; later connections are refused. Safe to call
    /// twice.
    void stop();

    void setMode(Mode mode);
    Mode mode() const;
    /// How long Slow mode waits before answering (default 5 s).
    void setDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds delay() const;
    /// The message of Validation mode's 422 (default "Name is invalid").
    void setValidationMessage(const std::string& message);
    std::string validationMessage() const;

    /// Calls about room `name` (GET /rooms/name, POST /rooms with that name,
    /// room_tokens for it) are recorded, then wait until releaseRoom(name).
    void holdRoom(const std::string& name);
    void releaseRoom(const std::string& name);

    /// The next call whose "METHOD path" is `line` is carried out, then its
    /// connection is closed without an answer (a connection lost in transit).
    void dropNextAnswer(const std::string& line);

    /// Every request received so far, oldest first.
    std::vector<Call> calls() const;
    void clearCalls();
    /// Waits until `ready(calls())` holds, at most `timeout`; answers whether it did.
    bool waitForCalls(const std::function<bool(const std::vector<Call>&)>& ready,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    /// Calls so far whose "METHOD path" is `line`, e.g. "POST /api/video/rooms".
    std::size_t count(const std::string& line) const;

    /// TLS connections accepted so far, and how many of them resumed a session.
    std::size_t connectionCount() const;
    std::size_t resumedHandshakes() const;
    /// Closes the connections waiting for their next request, as a server's
    /// keep-alive timeout does; answers how many.
    std::size_t closeIdleConnections();
    /// Rooms created so far.
    std::size_t roomCount() const;
    /// Makes a room as the SignalWire dashboard would (no call recorded).
    void addRoom(const std::string& name);

    /// The HS256 key the fake signs room tokens with.
    static const std::string& signingKey();
    /// The `ch` claim of every token: a host no browser can reach.
    static const std::string& relayHost();

    struct State;

private:
    std::shared_ptr<State> _state;
    std::string _caFile;
    std::unique_ptr<FakeHttpsServer> _server;
};

#endif
