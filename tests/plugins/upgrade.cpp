// Built twice, as upgrade_v1 and upgrade_v2: one plugin ("upgrade") before
// and after a rebuild, for replacing the file under a running server.
#include "rolecall/PluginExport.h"

namespace rolecall
{
class UpgradeRole : public RolePlugin
{
public:
    std::string name() const override { return "upgrade"; }
    std::string defaultRoute() const override { return "/upgrade"; }
    std::string label() const override { return UPGRADE_LABEL; }
    std::vector<std::string> permissions() const override { return {"room.self.audio_mute"}; }
    std::string templateName() const override { return "guest.html"; }
};
} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::UpgradeRole)
