#ifndef rolecall_LobbyTicket_INCLUDED
#define rolecall_LobbyTicket_INCLUDED

#include "Poco/Timestamp.h"
#include <string>

namespace rolecall
{

/// What a lobby ticket says. A ticket is no room token: it admits to no
/// room, it only lets a connection on /ws wait in room `room`'s lobby (Wait)
/// or watch that lobby and admit or deny who waits there (Watch).
struct LobbyTicket
{
    enum class Kind
    {
        Wait,  // a member of a `lobby = true` role, waiting to be let in
        Watch, // a member who may admit (room.member.remove), whose room is elsewhere
    };

    Kind kind = Kind::Wait;
    std::string id; // unique per ticket: the same ticket again is the same page reconnecting
    std::string room;
    std::string user;
    std::string role;
    Poco::Timestamp expiresAt;
};

} // namespace rolecall

#endif
