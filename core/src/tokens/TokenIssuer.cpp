#include "tokens/TokenIssuer.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Array.h"
#include "Poco/JWT/JWTException.h"
#include "Poco/JWT/Token.h"
#include "tokens/TokenError.h"
#include "util/JsonList.h"
#include "util/SecureRandom.h"

namespace rolecall
{
namespace
{

constexpr std::size_t maxTokenLength = 8192;

std::string stringClaim(const Poco::JSON::Object& payload, const std::string& name)
{
    if (!payload.has(name) || !payload.get(name).isString())
        throw TokenError("token lacks the '" + name + "' claim");
    return payload.getValue<std::string>(name);
}

} // namespace

TokenIssuer::TokenIssuer(const std::string& signingKey, int ttlSeconds)
    : _signer(signingKey), _ttlSeconds(ttlSeconds)
{
    // Only HS256 is accepted; Poco refuses every other "alg", "none" included.
    _signer.setAlgorithms({Poco::JWT::Signer::ALGO_HS256});
}

std::string TokenIssuer::issue(RoomGrant& grant) const
{
    grant.id = SecureRandom::uuid();
    grant.issuedAt = Poco::Timestamp();
    // JWT times are whole seconds: round so verify() sees what was issued.
    grant.issuedAt = Poco::Timestamp::fromEpochTime(grant.issuedAt.epochTime());
    grant.expiresAt = grant.issuedAt + Poco::Timespan(_ttlSeconds, 0);

    Poco::JWT::Token token;
    token.setType("JWT");
    token.setIssuer(issuerName);
    token.setId(grant.id);
    token.setIssuedAt(grant.issuedAt);
    token.setNotBefore(grant.issuedAt);
    token.setExpiration(grant.expiresAt);
    token.payload().set("room", grant.room);
    token.payload().set("user", grant.user);
    token.payload().set("role", grant.role);
    token.payload().set("permissions", jsonList(grant.permissions));
    return _signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

RoomGrant TokenIssuer::verify(const std::string& jwt, const Poco::Timestamp& now) const
{
    if (jwt.empty() || jwt.size() > maxTokenLength)
        throw TokenError("token is empty or too long");
    Poco::JWT::Token token;
    try
    {
        token = _signer.verify(jwt);
    }
    catch (const Poco::JWT::SignatureVerificationException&)
    {
        throw TokenError("token signature is not valid");
    }
    catch (const Poco::JWT::UnallowedAlgorithmException&)
    {
        throw TokenError("token is not signed with HS256");
    }
    catch (const Poco::JWT::UnsupportedAlgorithmException&)
    {
        throw TokenError("token is not signed with HS256");
    }
    catch (const Poco::Exception&)
    {
        throw TokenError("token is malformed");
    }

    const Poco::JSON::Object& payload = token.payload();
    for (const char* claim : {"iat", "exp"})
        if (!payload.has(claim) || !payload.get(claim).isNumeric())
            throw TokenError(std::string("token lacks the '") + claim + "' claim");
    if (token.getIssuer() != issuerName)
        throw TokenError("token was not issued by rolecall");
    if (token.getExpiration() <= now)
        throw TokenError("token has expired");
    if (payload.has("nbf") && token.getNotBefore() > now)
        throw TokenError("token is not valid yet");

    RoomGrant grant;
    grant.id = stringClaim(payload, "jti");
    grant.room = stringClaim(payload, "room");
    grant.user = stringClaim(payload, "user");
    grant.role = stringClaim(payload, "role");
    grant.issuedAt = token.getIssuedAt();
    grant.expiresAt = token.getExpiration();
    auto permissions = payload.getArray("permissions");
    if (!permissions)
        throw TokenError("token lacks the 'permissions' claim");
    for (std::size_t i = 0; i < permissions->size(); ++i)
    {
        if (!permissions->get(i).isString())
            throw TokenError("token has a permission that is not a string");
        grant.permissions.push_back(permissions->getElement<std::string>(i));
    }
    return grant;
}

} // namespace rolecall
