#ifndef rolecall_test_FakeSignalWire_INCLUDED
#define rolecall_test_FakeSignalWire_INCLUDED

#include "Poco/JSON/Object.h"
#include <chrono>
#include <memory>
#include <string>
#include <vector>

class TestCa;

namespace Poco
{
class ThreadPool;
namespace Net
{
class HTTPServer;
}
} // namespace Poco

/// SignalWire's Video REST API, faked in the test process over real HTTPS
/// (a Poco HTTPServer on 127.0.0.1, an ephemeral port, the TestCa's server
/// certificate), speaking the real wire format:
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
/// Every request is recorded; failure modes can be switched at any time.
/// All methods are thread-safe.
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

    unsigned short port() const { return _port; }
    /// "https://127.0.0.1:<port>"
    std::string baseUrl() const;
    /// Stops accepting, cuts Slow mode's wait short and waits for the
    /// server's threads; later connections are refused. Safe to call twice.
    void stop();

    void setMode(Mode mode);
    Mode mode() const;
    /// How long Slow mode waits before answering (default 5 s).
    void setDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds delay() const;
    /// The message of Validation mode's 422 (default "Name is invalid").
    void setValidationMessage(const std::string& message);
    std::string validationMessage() const;

    /// Every request received so far, oldest first.
    std::vector<Call> calls() const;
    void clearCalls();
    /// Rooms created so far.
    std::size_t roomCount() const;

    /// The HS256 key the fake signs room tokens with.
    static const std::string& signingKey();
    /// The `ch` claim of every token: a host no browser can reach.
    static const std::string& relayHost();

    struct State;

private:
    std::shared_ptr<State> _state;
    std::unique_ptr<Poco::ThreadPool> _pool;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    unsigned short _port = 0;
};

#endif
