// A well-formed plugin whose permission list has a string outside the vocabulary.
#include "rolecall/PluginExport.h"

namespace rolecall
{
class SloppyRole : public RolePlugin
{
public:
    std::string name() const override { return "unknown_permission"; }
    std::string defaultRoute() const override { return "/sloppy"; }
    std::string label() const override { return "Sloppy"; }
    std::vector<std::string> permissions() const override
    {
        return {"room.self.audio_mute", "room.self.fly"};
    }
    std::string templateName() const override { return "guest.html"; }
    std::string makeUserName() const override { return "sloppy_user"; }
};
} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::SloppyRole)
