#ifndef rolecall_TokenIssuer_INCLUDED
#define rolecall_TokenIssuer_INCLUDED

#include "Poco/Crypto/OpenSSLInitializer.h"
#include "Poco/JWT/Signer.h"
#include "tokens/RoomGrant.h"
#include <openssl/types.h>
#include <string>

namespace rolecall
{

/// Signs and verifies the embedded backend's room tokens: HS256 JWTs with
/// claims iss, jti, iat, nbf, exp, room, user, role and permissions.
/// verify() is the one place a token is trusted; it checks what Poco's
/// Signer does not (algorithm pinning aside): issuer, validity period and
/// the shape of every claim.
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
    // Poco 1.11's Signer initialises and tears down OpenSSL per signature
    // through a reference-counted OpenSSLInitializer, and concurrent teardown
    // and setup crash (pocoproject/poco#1739). Holding one reference for the
    // issuer's lifetime keeps OpenSSL initialised and the count above zero.
    // verify() still uses the Signer, so this is still needed.
    Poco::Crypto::OpenSSLInitializer _openssl;
    Poco::JWT::Signer _signer;
    std::string _key;      // the HMAC key, as bytes
    const EVP_MD* _sha256; // looked up once, not per token
    int _ttlSeconds;
};

} // namespace rolecall

#endif
