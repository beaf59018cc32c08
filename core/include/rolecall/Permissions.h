//
// Permissions.h
//
// The room-token permission vocabulary, as SignalWire's Video API defines it.
// The embedded backend enforces the same strings, so a role means the same
// thing on both backends. Anything outside this list is refused at load time.
//
#ifndef rolecall_Permissions_INCLUDED
#define rolecall_Permissions_INCLUDED

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace rolecall
{

inline const auto& knownPermissions()
{
    static const std::array<const char*, 45> all = {
        // acting on oneself
        "room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
        "room.self.video_unmute", "room.self.deaf", "room.self.undeaf",
        "room.self.set_input_volume", "room.self.set_output_volume",
        "room.self.set_input_sensitivity", "room.self.set_position", "room.self.set_meta",
        "room.self.raisehand", "room.self.lowerhand", "room.self.screenshare",
        "room.self.additional_source",
        // acting on any other member
        "room.member.audio_mute", "room.member.audio_unmute", "room.member.video_mute",
        "room.member.video_unmute", "room.member.deaf", "room.member.undeaf", "room.member.remove",
        "room.member.set_input_volume", "room.member.set_output_volume",
        "room.member.set_input_sensitivity", "room.member.set_position", "room.member.set_meta",
        "room.member.promote", "room.member.demote", "room.member.raisehand",
        "room.member.lowerhand",
        // acting on the room
        "room.hide_video_muted", "room.show_video_muted", "room.list_available_layouts",
        "room.set_layout", "room.set_position", "room.set_meta", "room.playback",
        "room.playback_seek", "room.recording", "room.stream", "room.stream.start", "room.lock",
        "room.unlock", "room.prioritize_handraise"};
    return all;
}

/// Why the embedded backend cannot honour `permission` (it has no media
/// server to play into, record or stream a room), or nullptr if it does.
/// A role holding one of these is refused on that backend, never silently
/// given a control that does nothing.
inline const char* embeddedRefusal(const std::string& permission)
{
    if (permission.rfind("room.playback", 0) == 0)
        return "playing media into a room needs a media server";
    if (permission == "room.recording")
        return "recording needs a media server";
    if (permission.rfind("room.stream", 0) == 0)
        return "streaming out needs a media server";
    return nullptr;
}

/// Whether `permissions` (a role's or a token's) holds `permission`: the
/// one way every layer checks one.
inline bool hasPermission(const std::vector<std::string>& permissions,
                          const std::string& permission)
{
    return std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
}

inline bool isKnownPermission(const std::string& permission)
{
    const auto& all = knownPermissions();
    return std::find(all.begin(), all.end(), permission) != all.end();
}

} // namespace rolecall

#endif
