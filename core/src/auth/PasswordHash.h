#ifndef rolecall_PasswordHash_INCLUDED
#define rolecall_PasswordHash_INCLUDED

#include <string>

namespace rolecall
{

/// Salted PBKDF2-HMAC-SHA256 password hashes, stored as
/// "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>".
class PasswordHash
{
public:
    static constexpr unsigned defaultIterations = 210000;

    /// A new hash of the password with a fresh 16-byte random salt.
    static std::string make(const std::string& password, unsigned iterations = defaultIterations);

    /// True when the password matches; false for a mismatch or a malformed hash.
    static bool verify(const std::string& password, const std::string& encoded);

    /// Empty when `encoded` is well-formed, else what is wrong with it.
    static std::string formatProblem(const std::string& encoded);
};

} // namespace rolecall

#endif
