// The guest of the SignalWire tutorial rolecall started from: controls only
// their own camera and microphone. Its `user_prefix` setting shows a plugin
// setting in use: what names given to people without ?user= start with.
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

    std::vector<PluginSetting> settings() const override
    {
        return {{"user_prefix", PluginSetting::Type::Text, "user_",
                 "how names given to people who open the page without ?user= start"}};
    }

    void configure(const RoleContext& context) override
    {
        _prefix = context.text("user_prefix");
        if (_prefix != "user_")
            context.logger().information("role %s: user names start with '%s'", context.role(),
                                         _prefix);
    }

    std::string makeUserName() const override
    {
        const std::string digits = RolePlugin::makeUserName().substr(5);
        return _prefix + digits;
    }

private:
    std::string _prefix = "user_";
};

} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::GuestRole)
