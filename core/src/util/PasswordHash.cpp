#include "util/PasswordHash.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/HMACEngine.h"
#include "Poco/NumberParser.h"
#include "Poco/PBKDF2Engine.h"
#include "Poco/SHA2Engine.h"
#include "Poco/StringTokenizer.h"
#include "util/SecureRandom.h"
#include "util/Sha256Engine.h"
#include <openssl/crypto.h>
#include <sstream>

namespace rolecall
{
namespace
{

const char* const scheme = "pbkdf2-sha256";
const std::string secretScheme = "secret-sha256$";

std::string derive(const std::string& password, const std::string& salt, unsigned iterations)
{
    Poco::PBKDF2Engine<Poco::HMACEngine<Sha256Engine>> engine(salt, iterations, 32);
    engine.update(password);
    const auto& digest = engine.digest();
    return std::string(digest.begin(), digest.end());
}

std::string sha256(const std::string& text)
{
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text);
    const auto& digest = engine.digest();
    return std::string(digest.begin(), digest.end());
}

std::string toBase64(const std::string& bytes)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

bool fromBase64(const std::string& text, std::string& bytes)
{
    try
    {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        bytes.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
        return !bytes.empty();
    }
    catch (...)
    {
        return false;
    }
}

struct Parts
{
    unsigned iterations = 0;
    std::string salt;
    std::string hash;
};

std::string parse(const std::string& encoded, Parts& parts)
{
    Poco::StringTokenizer fields(encoded, "$");
    if (fields.count() != 4 || fields[0] != scheme)
        return "expected pbkdf2-sha256$<iterations>$<salt>$<hash> (make one with 'rolecall "
               "passwd')";
    if (!Poco::NumberParser::tryParseUnsigned(fields[1], parts.iterations) ||
        parts.iterations < 1000)
        return "iteration count must be a number of at least 1000";
    if (!fromBase64(fields[2], parts.salt) || parts.salt.size() < 8)
        return "salt must be base64 of at least 8 bytes";
    if (!fromBase64(fields[3], parts.hash) || parts.hash.size() != 32)
        return "hash must be base64 of 32 bytes";
    return {};
}

} // namespace

std::string PasswordHash::make(const std::string& password, unsigned iterations)
{
    const std::string salt = SecureRandom::bytes(16);
    return std::string(scheme) + "$" + std::to_string(iterations) + "$" + toBase64(salt) + "$" +
           toBase64(derive(password, salt, iterations));
}

std::string PasswordHash::forRandomSecret(const std::string& secret)
{
    return secretScheme + toBase64(sha256(secret));
}

bool PasswordHash::verify(const std::string& password, const std::string& encoded)
{
    std::string actual, expected;
    if (encoded.compare(0, secretScheme.size(), secretScheme) == 0)
    {
        if (!fromBase64(encoded.substr(secretScheme.size()), expected))
            return false;
        actual = sha256(password);
    }
    else
    {
        Parts parts;
        if (!parse(encoded, parts).empty())
            return false;
        actual = derive(password, parts.salt, parts.iterations);
        expected = parts.hash;
    }
    return actual.size() == expected.size() &&
           CRYPTO_memcmp(actual.data(), expected.data(), actual.size()) == 0;
}

const std::string& PasswordHash::placeholder()
{
    // An all-zero derived key: finding a password for it would break SHA-256.
    static const std::string hash = std::string(scheme) + "$" + std::to_string(defaultIterations) +
                                    "$" + toBase64(std::string(16, 'p')) + "$" +
                                    toBase64(std::string(32, '\0'));
    return hash;
}

std::string PasswordHash::formatProblem(const std::string& encoded)
{
    Parts parts;
    return parse(encoded, parts);
}

} // namespace rolecall
