// A help-desk agent: may mute callers who forget to, but not remove anyone.
// Shows the three things a plugin can bring besides its permissions: a
// setting of its own, a page template of its own, and values for that page.
#include "rolecall/PluginExport.h"

namespace rolecall
{

class HelpdeskRole : public RolePlugin
{
public:
    std::string name() const override { return "helpdesk"; }
    std::string defaultRoute() const override { return "/helpdesk"; }
    std::string label() const override { return "Help desk"; }
    // Shipped beside the library (CMakeLists.txt: TEMPLATE helpdesk.html).
    std::string templateName() const override { return "helpdesk.html"; }

    std::vector<std::string> permissions() const override
    {
        return {"room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
                "room.self.video_unmute", "room.member.audio_mute"};
    }

    // `greeting = ...` in the role's config section.
    std::vector<PluginSetting> settings() const override
    {
        return {{"greeting", PluginSetting::Type::Text, "How can we help?",
                 "the line shown above the agent's controls"}};
    }

    void configure(const RoleContext& context) override { _greeting = context.text("greeting"); }

    std::string makeUserName() const override { return "agent"; }

    // Shown HTML-escaped where helpdesk.html says <?= greeting ?>.
    std::map<std::string, std::string> pageValues(const std::string&,
                                                  const std::string&) const override
    {
        return {{"greeting", _greeting}};
    }

private:
    std::string _greeting;
};

} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::HelpdeskRole)
