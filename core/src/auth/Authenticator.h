#ifndef rolecall_Authenticator_INCLUDED
#define rolecall_Authenticator_INCLUDED

#include "Poco/Logger.h"
#include "Poco/Net/HTTPRequest.h"
#include "auth/CheckSlots.h"
#include "auth/LoginThrottle.h"
#include "config/LoginLimits.h"
#include "metrics/Metrics.h"
#include "roles/Role.h"
#include <functional>
#include <mutex>
#include <string>
#include <unordered_set>

namespace rolecall
{

/// Decides whether a request may take a role: open roles always, protected
/// roles only with HTTP Basic credentials matching one of the role's.
///
/// Guessing is throttled: failures are counted per client address and per
/// user name (LoginThrottle), and while either must wait, no check runs at
/// all. PBKDF2 is deliberately slow, so checks run on workers, at most
/// LoginLimits::concurrentChecks at once (CheckSlots), and an unknown user
/// costs one derivation too, so timing does not tell which names exist. A
/// successful check is remembered (by a SHA-256 digest, never the password)
/// and later requests with the same header skip the derivation, but not the
/// throttle.
class Authenticator
{
public:
    /// Checks a password against a stored hash (PasswordHash::verify; tests count calls).
    using Verifier = std::function<bool(const std::string& password, const std::string& encoded)>;

    struct Verdict
    {
        enum Outcome
        {
            Allowed,
            Denied,    // 401 with challenge()
            Throttled, // 429: too many failures, wait retryAfter seconds
            Busy       // 503: too many checks queued already
        };
        Outcome outcome = Denied;
        int retryAfter = 0; // seconds, for Throttled and Busy
    };

    explicit Authenticator(const LoginLimits& limits, Poco::Logger& logger,
                           Verifier verify = Verifier());

    /// Where refused logins and throttled checks are counted (optional).
    void countIn(Metrics& metrics) { _metrics = &metrics; }

    /// `clientAddress`: the real client (behind trusted proxies, the one they name).
    Verdict check(const Role& role, const Poco::Net::HTTPRequest& request,
                  const std::string& clientAddress);

    /// The WWW-Authenticate value for a 401 on this role.
    static std::string challenge(const Role& role);

private:
    static constexpr std::size_t maxRemembered = 4096;

    bool verifyOne(const Role& role, const std::string& user, const std::string& password);
    void failed(const Role& role, const std::string& user, const std::string& address);

    Poco::Logger& _logger;
    Metrics* _metrics = nullptr;
    Verifier _verify;
    LoginThrottle _throttle;
    CheckSlots _slots;
    std::mutex _mutex;
    std::unordered_set<std::string> _verified;
    Poco::Timestamp _busyLogged{0};
    Poco::Timestamp _throttledLogged{0};
    std::size_t _throttledUnlogged = 0;
};

} // namespace rolecall

#endif
