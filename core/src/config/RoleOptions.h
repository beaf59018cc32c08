#ifndef rolecall_RoleOptions_INCLUDED
#define rolecall_RoleOptions_INCLUDED

#include <string>

namespace rolecall
{

/// How a role's members join, from its config section; the same on both
/// backends (SignalWire's room-token fields, or the embedded token's claims,
/// which the embedded rooms enforce).
struct RoleOptions
{
    bool joinAudioMuted = false;
    bool joinVideoMuted = false;
    /// join_as = audience: watches and listens, sends nothing, acts on nothing
    /// until promoted.
    bool audience = false;
    /// "all", "audio-only" or "video-only": what the member may ever send.
    std::string mediaAllowed = "all";
    /// 0: stays as long as it likes.
    int removeAfterSeconds = 0;
    /// The member leaving ends the room for everyone.
    bool endRoomOnLeave = false;
    /// Waits in the lobby until a member who may remove others admits it.
    bool lobby = false;

    bool maySendAudio() const { return mediaAllowed != "video-only"; }
    bool maySendVideo() const { return mediaAllowed != "audio-only"; }
};

} // namespace rolecall

#endif
