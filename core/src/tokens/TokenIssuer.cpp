#include "tokens/TokenIssuer.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "util/Base64Url.h"
#include "util/Exceptions.h"
#include "util/JsonString.h"
#include "util/SecureRandom.h"
#include <openssl/crypto.h>
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

Poco::JSON::Object::Ptr parseObject(const std::string& json)
{
    try
    {
        Poco::Dynamic::Var value = Poco::JSON::Parser().parse(json);
        if (value.type() == typeid(Poco::JSON::Object::Ptr))
            return value.extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception&)
    {
    }
    throw TokenError("token is malformed");
}

// NumericDate (RFC 7519): seconds since the epoch, possibly fractional, as
// Poco's Token read them.
Poco::Timestamp timeClaim(const Poco::JSON::Object& payload, const std::string& name)
{
    if (!payload.has(name) || !payload.get(name).isNumeric())
        throw TokenError("token lacks the '" + name + "' claim");
    const double seconds = payload.getValue<double>(name);
    if (!(seconds > -1e11 && seconds < 1e11)) // also false for NaN
        throw TokenError("token has an impossible '" + name + "' time");
    return Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(seconds * 1e6));
}

bool booleanClaim(const Poco::JSON::Object& payload, const std::string& name)
{
    if (!payload.has(name))
        return false; // tokens issued before the claim existed
    if (!payload.get(name).isBoolean())
        throw TokenError("token has a '" + name + "' claim that is not true or false");
    return payload.getValue<bool>(name);
}

std::string choiceClaim(const Poco::JSON::Object& payload, const std::string& name,
                        const std::string& fallback, std::initializer_list<const char*> allowed)
{
    if (!payload.has(name))
        return fallback;
    const std::string value = stringClaim(payload, name);
    for (const char* a : allowed)
        if (value == a)
            return value;
    throw TokenError("token has an unknown '" + name + "' value");
}

RoleOptions optionsClaims(const Poco::JSON::Object& claims)
{
    RoleOptions o;
    o.joinAudioMuted = booleanClaim(claims, "join_audio_muted");
    o.joinVideoMuted = booleanClaim(claims, "join_video_muted");
    o.audience = choiceClaim(claims, "join_as", "member", {"member", "audience"}) == "audience";
    o.mediaAllowed =
        choiceClaim(claims, "media_allowed", "all", {"all", "audio-only", "video-only"});
    if (claims.has("remove_after_seconds"))
    {
        if (!claims.get("remove_after_seconds").isInteger())
            throw TokenError("token has a 'remove_after_seconds' claim that is not a number");
        const auto seconds = claims.getValue<long long>("remove_after_seconds");
        if (seconds < 0 || seconds > 86400)
            throw TokenError("token has an impossible 'remove_after_seconds'");
        o.removeAfterSeconds = static_cast<int>(seconds);
    }
    o.endRoomOnLeave = booleanClaim(claims, "end_room_on_leave");
    return o;
}

} // namespace

TokenIssuer::TokenIssuer(const std::string& signingKey, int ttlSeconds)
    : _key(signingKey), _sha256(EVP_sha256()), _ttlSeconds(ttlSeconds)
{
}

std::string TokenIssuer::mac(std::string_view signedPart) const
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLength = 0;
    if (!HMAC(_sha256, _key.data(), static_cast<int>(_key.size()),
              reinterpret_cast<const unsigned char*>(signedPart.data()), signedPart.size(), mac,
              &macLength))
        throw TokenError("HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(mac), macLength);
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
    payload += "]";
    // The role's join options, which the embedded rooms enforce.
    const RoleOptions& o = grant.options;
    payload += o.joinAudioMuted ? R"(,"join_audio_muted":true)" : R"(,"join_audio_muted":false)";
    payload += o.joinVideoMuted ? R"(,"join_video_muted":true)" : R"(,"join_video_muted":false)";
    appendClaim(payload, R"(,"join_as":)", o.audience ? "audience" : "member");
    appendClaim(payload, R"(,"media_allowed":)", o.mediaAllowed);
    appendClaim(payload, R"(,"remove_after_seconds":)", std::time_t(o.removeAfterSeconds));
    payload +=
        o.endRoomOnLeave ? R"(,"end_room_on_leave":true})" : R"(,"end_room_on_leave":false})";

    // base64url('{"alg":"HS256","typ":"JWT"}')
    static constexpr std::string_view header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    std::string jwt;
    jwt.reserve(header.size() + Base64Url::encodedLength(payload.size()) + 2 + 43);
    jwt += header;
    jwt += '.';
    Base64Url::append(jwt, payload);
    const std::string signature = mac(jwt);
    jwt += '.';
    Base64Url::append(jwt, signature);
    return jwt;
}

RoomGrant TokenIssuer::verify(const std::string& jwt, const Poco::Timestamp& now) const
{
    if (jwt.empty() || jwt.size() > maxTokenLength)
        throw TokenError("token is empty or too long");
    // Exactly header.payload.signature, each canonical base64url: a token has
    // one spelling, so nothing appended to a genuine one (".", ".x", "==")
    // and no other spelling of its signature is honoured.
    const auto first = jwt.find('.');
    const auto second = first == std::string::npos ? first : jwt.find('.', first + 1);
    if (second == std::string::npos || jwt.find('.', second + 1) != std::string::npos)
        throw TokenError("token is malformed");
    const std::string_view text(jwt);
    std::string header, payload, signature;
    if (first == 0 || second == first + 1 || !Base64Url::decode(text.substr(0, first), header) ||
        !Base64Url::decode(text.substr(first + 1, second - first - 1), payload) ||
        !Base64Url::decode(text.substr(second + 1), signature))
        throw TokenError("token is malformed");

    const Poco::JSON::Object::Ptr head = parseObject(header);
    if (!head->has("alg") || !head->get("alg").isString() ||
        head->getValue<std::string>("alg") != "HS256")
        throw TokenError("token is not signed with HS256"); // "none" and every other "alg"
    const std::string expected = mac(text.substr(0, second));
    if (signature.size() != expected.size() ||
        CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0)
        throw TokenError("token signature is not valid");

    const Poco::JSON::Object::Ptr claims = parseObject(payload);
    RoomGrant grant;
    grant.issuedAt = timeClaim(*claims, "iat");
    grant.expiresAt = timeClaim(*claims, "exp");
    if (!claims->has("iss") || !claims->get("iss").isString() ||
        claims->getValue<std::string>("iss") != issuerName)
        throw TokenError("token was not issued by rolecall");
    if (grant.expiresAt <= now)
        throw TokenError("token has expired");
    if (claims->has("nbf") && timeClaim(*claims, "nbf") > now)
        throw TokenError("token is not valid yet");
    grant.id = stringClaim(*claims, "jti");
    grant.room = stringClaim(*claims, "room");
    grant.user = stringClaim(*claims, "user");
    grant.role = stringClaim(*claims, "role");
    auto permissions = claims->getArray("permissions");
    if (!permissions)
        throw TokenError("token lacks the 'permissions' claim");
    for (std::size_t i = 0; i < permissions->size(); ++i)
    {
        if (!permissions->get(i).isString())
            throw TokenError("token has a permission that is not a string");
        grant.permissions.push_back(permissions->getElement<std::string>(i));
    }
    grant.options = optionsClaims(*claims);
    return grant;
}

} // namespace rolecall
