#ifndef rolecall_Authenticator_INCLUDED
#define rolecall_Authenticator_INCLUDED

#include "Poco/Net/HTTPRequest.h"
#include "roles/Role.h"
#include <mutex>
#include <string>
#include <unordered_set>

namespace rolecall
{

/// Decides whether a request may take a role: open roles always, protected
/// roles only with HTTP Basic credentials matching one of the role's.
/// PBKDF2 is deliberately slow, so a successful check is remembered (by a
/// SHA-256 digest, never the password itself) and later requests with the
/// same header skip the derivation.
class Authenticator
{
public:
    bool allows(const Role& role, const Poco::Net::HTTPRequest& request);

    /// The WWW-Authenticate value for a 401 on this role.
    static std::string challenge(const Role& role);

private:
    static constexpr std::size_t maxRemembered = 4096;

    std::mutex _mutex;
    std::unordered_set<std::string> _verified;
};

} // namespace rolecall

#endif
