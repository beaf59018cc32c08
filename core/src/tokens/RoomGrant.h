#ifndef rolecall_RoomGrant_INCLUDED
#define rolecall_RoomGrant_INCLUDED

#include "Poco/Timestamp.h"
#include "config/RoleOptions.h"
#include <string>
#include <vector>

namespace rolecall
{

/// What a room token says: who may join which room, as which role, allowed
/// to do what, and for how long.
struct RoomGrant
{
    std::string id; // unique per token (jti), so one token can be revoked
    std::string room;
    std::string user;
    std::string role;
    std::vector<std::string> permissions;
    RoleOptions options;
    Poco::Timestamp issuedAt;
    Poco::Timestamp expiresAt;
};

} // namespace rolecall

#endif
