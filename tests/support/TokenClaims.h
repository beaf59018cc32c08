#ifndef rolecall_test_TokenClaims_INCLUDED
#define rolecall_test_TokenClaims_INCLUDED

#include "Poco/JSON/Array.h"
#include "tokens/RoomGrant.h"
#include <string>
#include <vector>

/// The claims a room token from a test server must carry.
struct ExpectedClaims
{
    std::string room;
    std::string user;
    std::string role;
    std::vector<std::string> permissions;
};

/// Verifies `token` with testSigningKey() (signature and expiry) and fails
/// the test, naming the claim, unless it carries `expected` and lives for
/// the test config's tokens.ttl (600 s). Returns the grant.
rolecall::RoomGrant checkTokenClaims(const std::string& token, const ExpectedClaims& expected);

/// A list as "a,b,c", so a failed comparison shows both lists whole.
std::string commaList(const std::vector<std::string>& items);
/// A JSON array of strings as "a,b,c" (fails the test if it is missing).
std::string commaList(const Poco::JSON::Array::Ptr& array);

#endif
