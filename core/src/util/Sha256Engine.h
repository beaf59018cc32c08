#ifndef rolecall_Sha256Engine_INCLUDED
#define rolecall_Sha256Engine_INCLUDED

#include "Poco/SHA2Engine.h"

namespace rolecall
{

/// SHA-256 as Poco's HMACEngine and PBKDF2Engine take it: Poco 1.11's
/// SHA2Engine lacks the BLOCK_SIZE/DIGEST_SIZE constants they need.
class Sha256Engine : public Poco::SHA2Engine
{
public:
    enum
    {
        BLOCK_SIZE = 64,
        DIGEST_SIZE = 32
    };
    Sha256Engine() : Poco::SHA2Engine(SHA_256) {}
};

} // namespace rolecall

#endif
