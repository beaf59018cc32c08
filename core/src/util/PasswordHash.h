#ifndef rolecall_PasswordHash_INCLUDED
#define rolecall_PasswordHash_INCLUDED

#include <string>

namespace rolecall
{

/// Salted PBKDF2-HMAC-SHA256 password hashes, stored as
/// "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>". Generated
/// random secrets (one-time passwords) get "secret-sha256$<hash base64>"
/// instead: a secret of 128 bits or more needs no stretching, and PBKDF2
/// would cost ~0.25 s of start-up for nothing. Config files take only the
/// PBKDF2 form (formatProblem refuses the other).
class PasswordHash
{
public:
    static constexpr unsigned defaultIterations = 210000;

    /// A new hash of the password with a fresh 16-byte random salt.
    static std::string make(const std::string& password, unsigned iterations = defaultIterations);

    /// The digest form for a random secret of at least 16 bytes' entropy.
    static std::string forRandomSecret(const std::string& secret);

    /// True when the password matches (compared in constant time); false
    /// for a mismatch or a malformed hash.
    static bool verify(const std::string& password, const std::string& encoded);

    /// A well-formed PBKDF2 hash (default iterations) that no password
    /// matches, for checks that must cost what a real one costs.
    static const std::string& placeholder();

    /// Empty when `encoded` is well-formed, else what is wrong with it.
    static std::string formatProblem(const std::string& encoded);
};

} // namespace rolecall

#endif
