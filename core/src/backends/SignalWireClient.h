#ifndef rolecall_SignalWireClient_INCLUDED
#define rolecall_SignalWireClient_INCLUDED

#include "Poco/JSON/Object.h"
#include "Poco/Net/Context.h"
#include "Poco/URI.h"
#include "config/Settings.h"
#include <string>

namespace rolecall
{

/// HTTPS + JSON transport to SignalWire's REST API: HTTP Basic auth with the
/// project id and API token, certificate verification against the system's
/// CA store (or a configured CA file), connect and read timeouts. Every
/// failure becomes a BackendError whose message is safe to show: it never
/// contains the credentials.
class SignalWireClient
{
public:
    struct Reply
    {
        int status = 0;
        Poco::JSON::Object::Ptr body; // null when the body is empty
    };

    explicit SignalWireClient(const SignalWireSettings& settings);

    /// Sends one request; answers any status the caller wants to look at
    /// (2xx, 404, 422). 401, other 4xx, 5xx, timeouts, refused connections,
    /// TLS failures and non-JSON bodies throw BackendError.
    Reply call(const std::string& method, const std::string& path,
               const Poco::JSON::Object::Ptr& body = nullptr) const;

    /// "SignalWire refused the request: <messages from a 422 body>".
    static std::string validationMessage(const Reply& reply);

private:
    SignalWireSettings _settings;
    Poco::URI _base;
    Poco::Net::Context::Ptr _tls;
};

} // namespace rolecall

#endif
