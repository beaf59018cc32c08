#include "tokens/LobbyTicketIssuer.h"
#include "Poco/Exception.h"
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

constexpr std::string_view prefix = "lobby1.";
constexpr std::size_t maxTicketLength = 2048;

std::string hmac(std::string_view key, std::string_view data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length))
        throw TokenError("HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(out), length);
}

std::string text(const Poco::JSON::Object& payload, const std::string& name)
{
    if (!payload.has(name) || !payload.get(name).isString() ||
        payload.getValue<std::string>(name).empty())
        throw TokenError("lobby ticket lacks '" + name + "'");
    return payload.getValue<std::string>(name);
}

} // namespace

LobbyTicketIssuer::LobbyTicketIssuer(const std::string& signingKey)
    : _key(hmac(signingKey, "rolecall lobby ticket v1"))
{
}

std::string LobbyTicketIssuer::mac(std::string_view signedPart) const
{
    return hmac(_key, signedPart);
}

std::string LobbyTicketIssuer::issue(LobbyTicket& ticket, int ttlSeconds) const
{
    ticket.id = SecureRandom::uuid();
    ticket.expiresAt = Poco::Timestamp::fromEpochTime(Poco::Timestamp().epochTime() + ttlSeconds);
    std::string payload = R"({"typ":)";
    JsonString::append(payload, ticket.kind == LobbyTicket::Kind::Wait ? "wait" : "watch");
    payload += R"(,"jti":)";
    JsonString::append(payload, ticket.id);
    payload += R"(,"room":)";
    JsonString::append(payload, ticket.room);
    payload += R"(,"user":)";
    JsonString::append(payload, ticket.user);
    payload += R"(,"role":)";
    JsonString::append(payload, ticket.role);
    payload += R"(,"exp":)" + std::to_string(static_cast<long long>(ticket.expiresAt.epochTime()));
    payload += "}";
    std::string out(prefix);
    Base64Url::append(out, payload);
    const std::string signature = mac(out);
    out += '.';
    Base64Url::append(out, signature);
    return out;
}

LobbyTicket LobbyTicketIssuer::verify(const std::string& ticketText,
                                      const Poco::Timestamp& now) const
{
    const std::string_view all(ticketText);
    if (all.size() > maxTicketLength || all.substr(0, prefix.size()) != prefix)
        throw TokenError("this is not a lobby ticket");
    const auto dot = all.find('.', prefix.size());
    if (dot == std::string_view::npos || all.find('.', dot + 1) != std::string_view::npos)
        throw TokenError("lobby ticket is malformed");
    std::string payload, signature;
    if (!Base64Url::decode(all.substr(prefix.size(), dot - prefix.size()), payload) ||
        !Base64Url::decode(all.substr(dot + 1), signature))
        throw TokenError("lobby ticket is malformed");
    const std::string expected = mac(all.substr(0, dot));
    if (signature.size() != expected.size() ||
        CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0)
        throw TokenError("lobby ticket signature is not valid");

    Poco::JSON::Object::Ptr claims;
    try
    {
        const Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(payload);
        if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
            claims = parsed.extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception&)
    {
    }
    if (!claims)
        throw TokenError("lobby ticket is malformed");
    LobbyTicket ticket;
    const std::string kind = text(*claims, "typ");
    if (kind != "wait" && kind != "watch")
        throw TokenError("lobby ticket has an unknown kind");
    ticket.kind = kind == "wait" ? LobbyTicket::Kind::Wait : LobbyTicket::Kind::Watch;
    if (!claims->has("exp") || !claims->get("exp").isInteger())
        throw TokenError("lobby ticket lacks 'exp'");
    const long long expires = claims->getValue<long long>("exp");
    if (expires < 0 || expires > 100000000000LL)
        throw TokenError("lobby ticket has an impossible 'exp'");
    ticket.expiresAt = Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(expires));
    if (ticket.expiresAt <= now)
        throw TokenError("lobby ticket has expired; reload the page");
    ticket.id = text(*claims, "jti");
    ticket.room = text(*claims, "room");
    ticket.user = text(*claims, "user");
    ticket.role = text(*claims, "role");
    return ticket;
}

} // namespace rolecall
