#ifndef rolecall_TokenIssuer_INCLUDED
#define rolecall_TokenIssuer_INCLUDED

#include "tokens/RoomGrant.h"
#include <openssl/types.h>
#include <string>
#include <string_view>

namespace rolecall
{

/// Signs and verifies the embedded backend's room tokens: HS256 JWTs with
/// claims iss, jti, iat, nbf, exp, room, user, role, permissions and the
/// role's join options (join_audio_muted, join_video_muted, join_as,
/// media_allowed, remove_after_seconds, end_room_on_leave).
/// verify() is the one place a token is trusted: exactly three canonical
/// base64url segments, "alg" HS256 only, the signature compared in constant
/// time, then issuer, validity period and the shape of every claim.
class TokenIssuer
{
public:
    static constexpr const char* issuerName = "rolecall";

    TokenIssuer(const std::string& signingKey, int ttlSeconds);

    /// A token for `grant`; its id, issuedAt and expiresAt are filled in here.
    /// Written directly (fixed header and claim order, one HMAC-SHA256
    /// call), not through Poco's Token and Signer, which cost a JSON tree, a
    /// per-character escaper and several digest look-ups per token.
    std::string issue(RoomGrant& grant) const;

    /// The grant a token carries; throws TokenError for a bad signature,
    /// another algorithm, an expired or not-yet-valid token, or malformed input.
    RoomGrant verify(const std::string& jwt, const Poco::Timestamp& now = Poco::Timestamp()) const;

private:
    /// HMAC-SHA256 of `signedPart` with the key. Computed here, not by Poco's
    /// Signer, whose verify() compares signatures with std::vector's ==
    /// (not constant time) and accepts non-canonical base64.
    std::string mac(std::string_view signedPart) const;

    std::string _key;      // the HMAC key, as bytes
    const EVP_MD* _sha256; // looked up once, not per token
    int _ttlSeconds;
};

} // namespace rolecall

#endif
