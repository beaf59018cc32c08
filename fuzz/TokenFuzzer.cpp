// TokenIssuer::verify. The first byte picks how the rest is used:
//  even: the rest is the token text, as a client would send it;
//  odd:  the rest is "HEADER\0PAYLOAD" (JSON, or anything), encoded and signed
//        with the server's key, so the claim checks past the signature are
//        reached too.
// Invariants: verify only ever throws TokenError; an accepted token is within
// its validity period; a token signed with another
// key is never accepted.
#include "FuzzCheck.h"
#include "Poco/Base64Encoder.h"
#include "tokens/TokenIssuer.h"
#include "util/Exceptions.h"
#include <cstdint>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sstream>

using namespace rolecall;

namespace
{

const std::string key = "fuzzing-signing-key-0123456789abcdef";
// A fixed "now" keeps runs reproducible: 2030-01-01T00:00:00Z.
const Poco::Timestamp now = Poco::Timestamp::fromEpochTime(1893456000);

std::string base64Url(const std::string& bytes)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::string sign(const std::string& header, const std::string& payload, const std::string& with)
{
    const std::string signingInput = base64Url(header) + "." + base64Url(payload);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), with.data(), static_cast<int>(with.size()),
         reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size(), mac,
         &length);
    return signingInput + "." + base64Url(std::string(reinterpret_cast<char*>(mac), length));
}

// true if accepted; the grant is checked here.
bool accepts(const TokenIssuer& issuer, const std::string& jwt)
{
    try
    {
        const RoomGrant grant = issuer.verify(jwt, now);
        FUZZ_CHECK(grant.expiresAt > now);
        return true;
    }
    catch (const TokenError& e)
    {
        FUZZ_CHECK(*e.what() != '\0');
        return false;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const TokenIssuer issuer(key, 3600);
    static const TokenIssuer otherIssuer("another-key-entirely-0123456789abcdef", 3600);
    if (size < 1)
        return 0;
    const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    if ((data[0] & 1) == 0)
    {
        accepts(issuer, rest);
        return 0;
    }
    const std::size_t split = rest.find('\0');
    const std::string header = rest.substr(0, split);
    const std::string payload = split == std::string::npos ? std::string() : rest.substr(split + 1);
    const std::string jwt = sign(header, payload, key);
    if (accepts(issuer, jwt))
        FUZZ_CHECK(!accepts(otherIssuer, jwt));
    return 0;
}
