#include "auth/Authenticator.h"
#include "Poco/DigestEngine.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/NetException.h"
#include "Poco/SHA2Engine.h"
#include "util/PasswordHash.h"
#include <cmath>
#include <thread>

namespace rolecall
{
namespace
{

std::string rememberKey(const Role& role, const std::string& header)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(role.name + '\n' + header + '\n');
    for (const auto& c : role.credentials) // a changed credential forgets old logins
        sha.update(c.user + ':' + c.passwordHash + '\n');
    return Poco::DigestEngine::digestToHex(sha.digest());
}

unsigned checksAtOnce(const LoginLimits& limits)
{
    if (limits.concurrentChecks > 0)
        return static_cast<unsigned>(limits.concurrentChecks);
    return std::max(1u, std::thread::hardware_concurrency());
}

int wholeSeconds(Poco::Timestamp::TimeDiff us)
{
    return std::max(1, static_cast<int>(std::ceil(static_cast<double>(us) / 1e6)));
}

// A user name as a log can show it: it comes from anyone.
std::string printable(const std::string& user)
{
    std::string out = "'";
    for (std::size_t i = 0; i < user.size() && i < 64; ++i)
    {
        const auto c = static_cast<unsigned char>(user[i]);
        out += c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' ? static_cast<char>(c) : '?';
    }
    return out + (user.size() > 64 ? "...'" : "'");
}

std::string addressKey(const std::string& address)
{
    return "address " + address;
}

std::string userKey(const std::string& user)
{
    return "user " + user;
}

} // namespace

Authenticator::Authenticator(const LoginLimits& limits, Poco::Logger& logger, Verifier verify)
    : _logger(logger), _verify(verify ? std::move(verify) : Verifier(&PasswordHash::verify)),
      _throttle(limits), _slots(checksAtOnce(limits), checksAtOnce(limits))
{
}

Authenticator::Verdict Authenticator::check(const Role& role, const Poco::Net::HTTPRequest& request,
                                            const std::string& clientAddress)
{
    if (!role.requiresLogin)
        return {Verdict::Allowed};
    if (!request.hasCredentials())
        return {Verdict::Denied};
    std::string user, password;
    try
    {
        Poco::Net::HTTPBasicCredentials credentials(request);
        user = credentials.getUsername();
        password = credentials.getPassword();
    }
    catch (const Poco::Exception&)
    {
        return {Verdict::Denied}; // not Basic, or not decodable
    }

    // The throttle comes first, before the remembered logins: a throttled
    // client gets in no other way than a fresh one.
    const auto wait =
        std::max(_throttle.wait(addressKey(clientAddress)), _throttle.wait(userKey(user)));
    if (wait > 0)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_throttledUnlogged;
        if (_throttledLogged.isElapsed(10 * 1000 * 1000LL))
        {
            _throttledLogged.update();
            _logger.warning("login to role %s refused (429) from %s as user %s: too many "
                            "failures, no check for %d s more (%z refused since the last such "
                            "line; logged at most once per 10 s)",
                            role.name, clientAddress, printable(user), wholeSeconds(wait),
                            _throttledUnlogged);
            _throttledUnlogged = 0;
        }
        if (_metrics)
            _metrics->throttled("login");
        return {Verdict::Throttled, wholeSeconds(wait)};
    }

    const std::string key = rememberKey(role, request.get(Poco::Net::HTTPRequest::AUTHORIZATION));
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_verified.count(key))
            return {Verdict::Allowed};
    }

    bool verified = false;
    {
        CheckSlots::Turn turn(_slots);
        if (!turn.held())
        {
            std::lock_guard<std::mutex> lock(_mutex);
            if (_busyLogged.isElapsed(10 * 1000 * 1000LL))
            {
                _busyLogged.update();
                _logger.warning("login to role %s from %s answered 503: too many password checks "
                                "waiting (auth.concurrent_checks); logged once per 10 s",
                                role.name, clientAddress);
            }
            if (_metrics)
                _metrics->throttled("password_checks");
            return {Verdict::Busy, 1};
        }
        verified = verifyOne(role, user, password);
    }
    if (!verified)
    {
        failed(role, user, clientAddress);
        if (_metrics)
            _metrics->loginFailed();
        return {Verdict::Denied};
    }
    _throttle.succeeded(addressKey(clientAddress));
    _throttle.succeeded(userKey(user));
    std::lock_guard<std::mutex> lock(_mutex);
    if (_verified.size() >= maxRemembered)
        _verified.clear();
    _verified.insert(key);
    return {Verdict::Allowed};
}

// Exactly one derivation whether or not the user exists: an unknown user is
// checked against the role's first stored hash (same scheme, iterations and
// salt size) and refused whatever that says.
bool Authenticator::verifyOne(const Role& role, const std::string& user,
                              const std::string& password)
{
    static const std::string fallback = PasswordHash::placeholder();
    const Credential* match = nullptr;
    for (const auto& c : role.credentials)
        if (!match && c.user == user)
            match = &c;
    if (match)
        return _verify(password, match->passwordHash);
    _verify(password, role.credentials.empty() ? fallback : role.credentials.front().passwordHash);
    return false;
}

void Authenticator::failed(const Role& role, const std::string& user, const std::string& address)
{
    const auto byAddress = _throttle.failed(addressKey(address));
    const auto byUser = _throttle.failed(userKey(user));
    if (byAddress == 0 && byUser == 0)
        _logger.information("failed login to role %s from %s as user %s", role.name, address,
                            printable(user));
    else
        _logger.warning("failed login to role %s from %s as user %s: too many failures %s, the "
                        "next check waits %d s",
                        role.name, address, printable(user),
                        std::string(byAddress >= byUser ? "from this address" : "for this user"),
                        wholeSeconds(std::max(byAddress, byUser)));
}

std::string Authenticator::challenge(const Role& role)
{
    return "Basic realm=\"rolecall " + role.name + "\", charset=\"UTF-8\"";
}

} // namespace rolecall
