#ifndef rolecall_Member_INCLUDED
#define rolecall_Member_INCLUDED

#include "Poco/JSON/Object.h"
#include "Poco/Timestamp.h"
#include "net/ConnectionId.h"
#include <cstdint>
#include <string>
#include <vector>

namespace rolecall
{

/// One participant of an embedded room. Its rights are the verified token's,
/// never anything the client says.
struct Member
{
    std::string id;
    std::string name;
    std::string role;
    std::vector<std::string> permissions;
    std::string tokenId;
    Poco::Timestamp tokenExpires;
    Poco::Timestamp joinedAt;
    ConnectionId connection = 0;
    bool audioMuted = false;
    bool videoMuted = false;
    /// As the member's page last said (its own voice detection).
    bool talking = false;
    /// A screen share: a second connection of a member, with its own tile.
    bool screen = false;

    bool may(const std::string& permission) const;
    /// {id, name, role, type ("member" or "screen"), audio_muted, video_muted, talking, joined_at}
    Poco::JSON::Object::Ptr toJson() const;
};

} // namespace rolecall

#endif
