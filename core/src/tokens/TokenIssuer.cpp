#include "tokens/TokenIssuer.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Array.h"
#include "Poco/JWT/JWTException.h"
#include "Poco/JWT/Token.h"
#include "tokens/TokenError.h"
#include "util/JsonString.h"
#include "util/SecureRandom.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

// RFC 4648 section 5 (URL and file name safe), without padding, as JWS wants.
void appendBase64Url(std::string& out, const unsigned char* data, std::size_t size)
{
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::size_t i = 0;
    for (; i + 3 <= size; i += 3)
    {
        const std::uint32_t n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        const char quad[4] = {alphabet[n >> 18], alphabet[(n >> 12) & 63], alphabet[(n >> 6) & 63],
                              alphabet[n & 63]};
        out.append(quad, 4);
    }
    if (size - i == 1)
    {
        const std::uint32_t n = data[i] << 16;
        out += alphabet[n >> 18];
        out += alphabet[(n >> 12) & 63];
    }
    else if (size - i == 2)
    {
        const std::uint32_t n = (data[i] << 16) | (data[i + 1] << 8);
        out += alphabet[n >> 18];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
    }
}

void appendBase64Url(std::string& out, std::string_view bytes)
{
    appendBase64Url(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::size_t base64UrlLength(std::size_t size)
{
    return (size * 4 + 2) / 3;
}

void appendClaim(std::string& out, const char* name, std::string_view value)
{
    out += name;
    JsonString::append(out, value);
}

void appendClaim(std::string& out, const char* name, std::time_t value)
{
    out += name;
    out += std::to_string(static_cast<long long>(value));
}

} // namespace

TokenIssuer::TokenIssuer(const std::string& signingKey, int ttlSeconds)
    : _signer(signingKey), _key(signingKey), _sha256(EVP_sha256()), _ttlSeconds(ttlSeconds)
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

    // The same claims, names and JSON types Poco's Token wrote (times as
    // whole seconds), in a fixed order.
    std::string payload;
    std::size_t size =
        160 + grant.id.size() + grant.room.size() + grant.user.size() + grant.role.size();
    for (const auto& p : grant.permissions)
        size += p.size() + 3;
    payload.reserve(size);
    appendClaim(payload, R"({"iss":)", issuerName);
    appendClaim(payload, R"(,"jti":)", grant.id);
    appendClaim(payload, R"(,"iat":)", grant.issuedAt.epochTime());
    appendClaim(payload, R"(,"nbf":)", grant.issuedAt.epochTime());
    appendClaim(payload, R"(,"exp":)", grant.expiresAt.epochTime());
    appendClaim(payload, R"(,"room":)", grant.room);
    appendClaim(payload, R"(,"user":)", grant.user);
    appendClaim(payload, R"(,"role":)", grant.role);
    payload += R"(,"permissions":[)";
    for (std::size_t i = 0; i < grant.permissions.size(); ++i)
    {
        if (i > 0)
            payload += ',';
        JsonString::append(payload, grant.permissions[i]);
    }
    payload += "]}";

    // base64url('{"alg":"HS256","typ":"JWT"}')
    static constexpr std::string_view header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    std::string jwt;
    jwt.reserve(header.size() + base64UrlLength(payload.size()) + 2 + 43);
    jwt += header;
    jwt += '.';
    appendBase64Url(jwt, payload);

    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLength = 0;
    if (!HMAC(_sha256, _key.data(), static_cast<int>(_key.size()),
              reinterpret_cast<const unsigned char*>(jwt.data()), jwt.size(), mac, &macLength))
        throw TokenError("token could not be signed (HMAC-SHA256 failed)");
    jwt += '.';
    appendBase64Url(jwt, mac, macLength);
    return jwt;
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
