// A help-desk agent: may mute callers who forget to, but not remove anyone.
#include "rolecall/PluginExport.h"

namespace rolecall
{

class HelpdeskRole : public RolePlugin
{
public:
    std::string name() const override { return "helpdesk"; }
    std::string defaultRoute() const override { return "/helpdesk"; }
    std::string label() const override { return "Help desk"; }
    std::string templateName() const override { return "moderator.html"; }

    std::vector<std::string> permissions() const override
    {
        return {"room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
                "room.self.video_unmute", "room.member.audio_mute"};
    }

    std::string makeUserName() const override { return "agent"; }
};

} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::HelpdeskRole)
