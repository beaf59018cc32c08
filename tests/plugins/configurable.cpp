// A plugin with a setting of each type, whose label shows the values it was
// configured with, and whose configure() refuses one value it cannot use.
#include "rolecall/PluginExport.h"
#include <stdexcept>

namespace rolecall
{
class ConfigurableRole : public RolePlugin
{
public:
    std::string name() const override { return "configurable"; }
    std::string defaultRoute() const override { return "/configurable"; }
    std::string label() const override
    {
        return _greeting + " " + std::to_string(_hands) + (_loud ? " loud" : " quiet");
    }
    std::vector<std::string> permissions() const override { return {"room.self.audio_mute"}; }
    std::string templateName() const override { return "guest.html"; }

    std::vector<PluginSetting> settings() const override
    {
        return {{"greeting", PluginSetting::Type::Text, "Hello", "the label's first word"},
                {"hands", PluginSetting::Type::Integer, "3", "how many hands"},
                {"loud", PluginSetting::Type::Boolean, "false", "whether to shout"}};
    }

    void configure(const RoleContext& context) override
    {
        _greeting = context.text("greeting");
        _hands = context.integer("hands");
        _loud = context.boolean("loud");
        if (_hands < 0)
            throw std::invalid_argument("hands must not be negative");
        context.logger().information("configured for role %s", context.role());
    }

private:
    std::string _greeting;
    long long _hands = 0;
    bool _loud = false;
};
} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::ConfigurableRole)
