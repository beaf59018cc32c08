#include "util/SecureRandom.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Exception.h"
#include "Poco/UUID.h"
#include <sstream>
#include <sys/random.h>

namespace rolecall
{
namespace SecureRandom
{

// getrandom(2) blocks only until the kernel pool is first seeded and never
// falls back to a weaker source, unlike Poco::RandomInputStream.
std::string bytes(std::size_t count)
{
    std::string out(count, '\0');
    std::size_t filled = 0;
    while (filled < count)
    {
        const ssize_t n = getrandom(&out[filled], count - filled, 0);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            throw Poco::SystemException("getrandom failed");
        }
        filled += static_cast<std::size_t>(n);
    }
    return out;
}

std::string token(std::size_t count)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes(count);
    encoder.close();
    return out.str();
}

std::string uuid()
{
    // Poco's UUIDGenerator::createRandom() opens /dev/urandom on every call,
    // which showed up as a cost per page; getrandom(2) is one system call.
    std::string b = bytes(16);
    b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
    Poco::UUID id;
    id.copyFrom(b.data());
    return id.toString();
}

} // namespace SecureRandom
} // namespace rolecall
