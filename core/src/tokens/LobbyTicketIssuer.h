#ifndef rolecall_LobbyTicketIssuer_INCLUDED
#define rolecall_LobbyTicketIssuer_INCLUDED

#include "tokens/LobbyTicket.h"
#include <string>
#include <string_view>

namespace rolecall
{

/// Signs and verifies lobby tickets with the server's signing key. The
/// format is our own and deliberately not a JWT, so that no ticket can ever
/// pass for a room token and no room token for a ticket:
///
///     lobby1.<base64url payload>.<base64url HMAC-SHA256>
///
/// The MAC is keyed with HMAC-SHA256(signing key, "rolecall lobby ticket
/// v1"), a key derived for tickets only, so a room token's signature is
/// never a ticket's. The payload is {"typ": "wait"|"watch", "jti", "room",
/// "user", "role", "exp"}. TokenIssuer::verify() refuses a ticket (its first
/// segment is no JSON header), and verify() here refuses a room token.
class LobbyTicketIssuer
{
public:
    /// How long a waiting page's ticket may be presented (lobby.wait); the
    /// wait itself is capped separately (lobby.max_wait_seconds).
    static constexpr int waitSeconds = 300;

    explicit LobbyTicketIssuer(const std::string& signingKey);

    /// A ticket for `ticket`, valid `ttlSeconds`; its id and expiresAt are filled in.
    std::string issue(LobbyTicket& ticket, int ttlSeconds) const;

    /// The ticket `text` carries; throws TokenError when it is malformed,
    /// not signed with this server's key, or expired.
    LobbyTicket verify(const std::string& text,
                       const Poco::Timestamp& now = Poco::Timestamp()) const;

private:
    std::string mac(std::string_view signedPart) const;

    std::string _key; // the derived ticket key
};

} // namespace rolecall

#endif
