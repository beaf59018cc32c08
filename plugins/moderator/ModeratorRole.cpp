// The moderator of the SignalWire tutorial rolecall started from: the
// guest's controls plus mute, unmute and remove for every other member.
#include "rolecall/PluginExport.h"

namespace rolecall
{

class ModeratorRole : public RolePlugin
{
public:
    std::string name() const override { return "moderator"; }
    std::string defaultRoute() const override { return "/"; }
    std::string label() const override { return "Moderator"; }
    std::string templateName() const override { return "moderator.html"; }

    std::vector<std::string> permissions() const override
    {
        return {"room.self.audio_mute",   "room.self.audio_unmute",   "room.self.video_mute",
                "room.self.video_unmute", "room.member.audio_mute",   "room.member.audio_unmute",
                "room.member.video_mute", "room.member.video_unmute", "room.member.remove"};
    }
};

} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::ModeratorRole)
