#ifndef rolecall_RoomMethods_INCLUDED
#define rolecall_RoomMethods_INCLUDED

#include "Poco/JSON/Object.h"
#include "signaling/Room.h"
#include <string>
#include <vector>

namespace rolecall
{

/// The room.* requests that change the room-wide state every page applies
/// (lock, layout, hiding members without video, meta, raised hands first).
struct RoomMethod
{
    const char* permission;
    /// Validates and applies; returns the room keys it changed. Throws
    /// RpcError("400") for bad params, before anything changes.
    std::vector<std::string> (*apply)(Room& room, const Poco::JSON::Object& params);
};

namespace RoomMethods
{
const RoomMethod* find(const std::string& method);
/// The layouts every page can draw, under SignalWire's names.
const std::vector<std::string>& layouts();
} // namespace RoomMethods

} // namespace rolecall

#endif
