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

    std::string keyPath() const;

private:
    std::string _stateDir;
};

} // namespace rolecall

#endif
