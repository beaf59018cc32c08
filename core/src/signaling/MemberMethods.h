#ifndef rolecall_MemberMethods_INCLUDED
#define rolecall_MemberMethods_INCLUDED

#include "Poco/JSON/Object.h"
#include "signaling/Room.h"
#include <string>
#include <vector>

namespace rolecall
{

/// The member.* requests that change members' state (mute, deaf, hands,
/// volumes, sensitivity, meta, position, promote/demote), as one table, so
/// every one is checked the same way: room.self.<action> on oneself,
/// room.member.<action> on others.
struct MemberMethod
{
    const char* action;
    /// Has a room.self.<action> form (promote and demote act on others only).
    bool self;
    /// Accepts member_id "all": everyone else in the room.
    bool all;
    /// Throws RpcError("400") for bad params, before anything changes.
    void (*check)(const Poco::JSON::Object& params);
    /// Applies the request to one member; returns the member keys it changed
    /// (none if it was already so). Throws RpcError for a member it cannot
    /// apply to (e.g. unmuting a medium that member's role may not send).
    std::vector<std::string> (*apply)(Member& member, Room& room, const Poco::JSON::Object& params);
};

namespace MemberMethods
{
/// The method's entry, or nullptr if `method` is not one of them.
const MemberMethod* find(const std::string& method);
/// auto, off-canvas, reserved-N or standard-N (SignalWire's layout positions).
bool validPosition(const std::string& position);
} // namespace MemberMethods

} // namespace rolecall

#endif
