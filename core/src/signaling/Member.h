#ifndef rolecall_Member_INCLUDED
#define rolecall_Member_INCLUDED

#include "Poco/JSON/Object.h"
#include "Poco/Timestamp.h"
#include "config/RoleOptions.h"
#include "net/ConnectionId.h"
#include <cstdint>
#include <string>
#include <vector>

namespace rolecall
{

/// One participant of an embedded room. Its rights are the verified token's,
/// never anything the client says; its state is what the pages apply.
struct Member
{
    std::string id;
    std::string name;
    /// The token's user name (name has " (screen)" added for a screen share).
    std::string user;
    std::string role;
    /// "member"; "audience" (sends nothing, may do nothing until promoted);
    /// "screen" or "device": a member's second connection (a screen share or
    /// an additional camera), with its own tile.
    std::string type = "member";
    std::vector<std::string> permissions;
    RoleOptions options;
    std::string tokenId;
    Poco::Timestamp tokenExpires;
    Poco::Timestamp joinedAt;
    /// When remove_after_seconds runs out; 0: never.
    Poco::Timestamp::TimeVal removeAt = 0;
    ConnectionId connection = 0;
    bool audioMuted = false;
    bool videoMuted = false;
    /// As the member's page last said (its own voice detection).
    bool talking = false;
    bool deaf = false;
    bool handRaised = false;
    /// Order among raised hands (the room's counter when raised); 0 when down.
    std::uint64_t handRaisedAt = 0;
    /// SignalWire's scales: volumes in dB from -50 to 50, sensitivity 0 to 100.
    int inputVolume = 0;
    int outputVolume = 0;
    int inputSensitivity = 50;
    /// Where the pages place its tile: auto, reserved-N, standard-N, off-canvas.
    std::string position = "auto";
    Poco::JSON::Object::Ptr meta = new Poco::JSON::Object;

    /// What the member may do now: its token's permissions, none while audience.
    bool may(const std::string& permission) const;
    bool secondary() const { return type == "screen" || type == "device"; }
    /// Whether its role lets it send this medium at all ("audio" or "video").
    bool maySend(const std::string& kind) const;
    /// {id, name, role, type, audio_muted, video_muted, talking, deaf,
    ///  handraised, input_volume, output_volume, input_sensitivity, position,
    ///  meta, media_allowed, joined_at}
    Poco::JSON::Object::Ptr toJson() const;
};

} // namespace rolecall

#endif
