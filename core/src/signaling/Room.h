#ifndef rolecall_Room_INCLUDED
#define rolecall_Room_INCLUDED

#include "signaling/Member.h"
#include <map>
#include <set>
#include <string>

namespace rolecall
{

/// An embedded room: its members in join order and the room-wide state every
/// page applies. Exists while anyone is in it.
struct Room
{
    std::string sessionId;
    std::string name;
    /// Keyed by join sequence, so listing keeps join order.
    std::map<std::uint64_t, Member> members;
    /// Refuses new joins, except from members who may unlock it.
    bool locked = false;
    std::string layout = "grid-responsive";
    bool hideVideoMuted = false;
    /// Pages list raised hands first, in the order raised.
    bool prioritizeHandraise = false;
    Poco::JSON::Object::Ptr meta = new Poco::JSON::Object;
    /// User names removed with {ban: true}: refused for the room's life.
    std::set<std::string> banned;
    /// Tokens that have joined this session: they may come back while locked.
    std::set<std::string> admittedTokens;
    /// Counts hands raised, so pages can order them.
    std::uint64_t handsRaised = 0;

    Member* find(const std::string& memberId);
    /// {id, name, display_name, locked, layout, hide_video_muted,
    ///  prioritize_handraise, meta, members: [...]}
    Poco::JSON::Object::Ptr toJson() const;
};

} // namespace rolecall

#endif
