#ifndef rolecall_Room_INCLUDED
#define rolecall_Room_INCLUDED

#include "signaling/Member.h"
#include <map>
#include <string>

namespace rolecall
{

/// An embedded room: its members in join order. Exists while anyone is in it.
struct Room
{
    std::string sessionId;
    std::string name;
    /// Keyed by join sequence, so listing keeps join order.
    std::map<std::uint64_t, Member> members;

    Member* find(const std::string& memberId);
    Poco::JSON::Object::Ptr toJson() const;
};

} // namespace rolecall

#endif
