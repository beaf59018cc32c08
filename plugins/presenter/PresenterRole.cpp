// A guest who may also share their screen. Besides the constants every role
// has, it names its users its own way and gives its page one extra value.
#include "rolecall/PluginExport.h"
#include <random>

namespace rolecall
{

class PresenterRole : public RolePlugin
{
public:
    std::string name() const override { return "presenter"; }
    std::string defaultRoute() const override { return "/presenter"; }
    std::string label() const override { return "Presenter"; }
    std::string templateName() const override { return "presenter.html"; }

    std::vector<std::string> permissions() const override
    {
        return {"room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
                "room.self.video_unmute", "room.self.screenshare"};
    }

    std::string makeUserName() const override
    {
        thread_local std::mt19937 engine{std::random_device{}()};
        return "presenter_" + std::to_string(std::uniform_int_distribution<int>(100, 999)(engine));
    }

    std::map<std::string, std::string> pageValues(const std::string& room,
                                                  const std::string&) const override
    {
        return {{"share_hint", "Everyone in " + room + " will see the screen you share."}};
    }
};

} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::PresenterRole)
