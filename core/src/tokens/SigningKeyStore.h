#ifndef rolecall_SigningKeyStore_INCLUDED
#define rolecall_SigningKeyStore_INCLUDED

#include <string>

namespace rolecall
{

/// Where the token signing key comes from when the config and environment
/// give none: a file in the state folder, created once from the CSPRNG with
/// mode 0600, so tokens stay valid across restarts.
class SigningKeyStore
{
public:
    explicit SigningKeyStore(std::string stateDir);

    /// The stored key, generating and storing it first if there is none.
    std::string loadOrCreate() const;

    /// The configured key (tokens.signing_key or ROLECALL_SIGNING_KEY) or
    /// else the stored one. It stays in memory while the server runs, as the
    /// issuers must sign with it; it is never logged or sent.
    static std::string keyFor(const std::string& configured, const std::string& stateDir);

    std::string keyPath() const;

private:
    std::string _stateDir;
};

} // namespace rolecall

#endif
