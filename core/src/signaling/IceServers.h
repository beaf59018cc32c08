#ifndef rolecall_IceServers_INCLUDED
#define rolecall_IceServers_INCLUDED

#include "Poco/JSON/Array.h"
#include "Poco/Timestamp.h"
#include <string>
#include <vector>

namespace rolecall
{

/// The STUN and TURN servers a member's browser uses to reach the others
/// through NATs ([ice] in the config). TURN credentials follow the TURN REST
/// API that coturn implements (use-auth-secret): username
/// "<expiry unix time>:<member id>", credential base64(HMAC-SHA1(secret,
/// username)), so coturn checks them with the shared secret alone and they
/// lapse with the member's room token. Made fresh for every join and sent
/// only in the room.join result, never in a page.
class IceServers
{
public:
    struct Config
    {
        std::vector<std::string> stun;       // stun: URLs
        std::vector<std::string> turn;       // turn: / turns: URLs
        std::string turnSecret;              // secret: never logged
        std::string transportPolicy = "all"; // "all" or "relay"
    };

    IceServers() = default;
    explicit IceServers(Config config) : _config(std::move(config)) {}

    bool empty() const { return _config.stun.empty() && _config.turn.empty(); }
    const std::string& transportPolicy() const { return _config.transportPolicy; }

    /// RTCPeerConnection's iceServers for one member whose token expires at `expires`.
    Poco::JSON::Array::Ptr forMember(const std::string& memberId,
                                     const Poco::Timestamp& expires) const;

    /// base64(HMAC-SHA1(secret, username)).
    static std::string turnCredential(const std::string& secret, const std::string& username);

private:
    Config _config;
};

} // namespace rolecall

#endif
