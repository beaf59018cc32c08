#ifndef rolecall_SecureRandom_INCLUDED
#define rolecall_SecureRandom_INCLUDED

#include <string>

namespace rolecall
{

/// Bytes from the operating system's CSPRNG, for keys, salts and passwords.
namespace SecureRandom
{

std::string bytes(std::size_t count);

/// `count` random bytes as URL-safe base64 without padding.
std::string token(std::size_t count);

/// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string uuid();

} // namespace SecureRandom

} // namespace rolecall

#endif
