#ifndef rolecall_SignalWireClient_INCLUDED
#define rolecall_SignalWireClient_INCLUDED

#include "Poco/JSON/Object.h"
#include "Poco/Net/Context.h"
#include "Poco/URI.h"
#include "backends/HttpsConnectionPool.h"
#include "config/Settings.h"
#include <memory>
#include <string>

namespace rolecall
{

class Metrics;

/// HTTPS + JSON transport to SignalWire's REST API: HTTP Basic auth with the
/// project id and API token, certificate verification against the system's
/// CA store (or a configured CA file), connect and read timeouts, keep-alive
/// connections from an HttpsConnectionPool. Every failure becomes a
/// BackendError whose message is safe to show: it never contains the
/// credentials.
class SignalWireClient
{
public:
    struct Reply
    {
        int status = 0;
        Poco::JSON::Object::Ptr body; // null when the body is empty
    };

    /// Whether a request may be sent twice. A pooled connection can turn out
    /// to be closed by the server only when it is used; a request that then
    /// failed before any answer may or may not have been processed, so it is
    /// sent again on a new connection only if doing it twice is harmless.
    /// GET is always; a POST only when the caller says so.
    enum class Repeat
    {
        Safe,
        Unsafe
    };

    explicit SignalWireClient(const SignalWireSettings& settings);

    /// Sends one request; answers any status the caller wants to look at
    /// (2xx, 404, 422). 401, other 4xx, 5xx, timeouts, refused connections,
    /// TLS failures and non-JSON bodies throw BackendError. A failure on a
    /// reused connection (other than a timeout) is retried once on a new one
    /// when the request is safe to repeat.
    Reply call(const std::string& method, const std::string& path,
               const Poco::JSON::Object::Ptr& body = nullptr, Repeat repeat = Repeat::Unsafe) const;

    /// "SignalWire refused the request: <messages from a 422 body>".
    static std::string validationMessage(const Reply& reply);

    /// Where calls are counted, by result, with their duration (optional).
    void countIn(Metrics& metrics) { _metrics = &metrics; }

private:
    Reply callOnce(const std::string& method, const std::string& path,
                   const Poco::JSON::Object::Ptr& body, Repeat repeat) const;
    struct Raw
    {
        int status = 0;
        std::string text;
    };
    Raw exchange(Poco::Net::HTTPSClientSession& session, const std::string& method,
                 const std::string& path, const std::string& payload) const;

    SignalWireSettings _settings;
    Poco::URI _base;
    Poco::Net::Context::Ptr _tls;
    std::unique_ptr<HttpsConnectionPool> _pool; // mutable state behind a const call()
    Metrics* _metrics = nullptr;
};

} // namespace rolecall

#endif
