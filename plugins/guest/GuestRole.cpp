// The seed's guest: controls only their own camera and microphone.
#include "rolecall/PluginExport.h"

namespace rolecall
{

class GuestRole : public RolePlugin
{
public:
    std::string name() const override { return "guest"; }
    std::string defaultRoute() const override { return "/guest"; }
    std::string label() const override { return "Regular User"; }
    std::string templateName() const override { return "guest.html"; }

    std::vector<std::string> permissions() const override
    {
        return {"room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
                "room.self.video_unmute"};
    }
};

} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::GuestRole)
