// A role with nothing of its own, for roles defined in the config alone:
//   [role.listener]
//   plugin = generic
//   route = /listen
//   label = Listener
//   permissions = room.self.audio_mute, room.self.audio_unmute
//   auth = none
// Its defaults (a guest's own-media controls on the guest page) apply to what
// the section leaves out.
#include "rolecall/PluginExport.h"

namespace rolecall
{

class GenericRole : public RolePlugin
{
public:
    std::string name() const override { return "generic"; }
    std::string defaultRoute() const override { return "/member"; }
    std::string label() const override { return "Member"; }
    std::string templateName() const override { return "guest.html"; }

    std::vector<std::string> permissions() const override
    {
        return {"room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
                "room.self.video_unmute"};
    }
};

} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::GenericRole)
