// A plugin with bugs in its hooks: makeUserName() throws a std::exception,
// pageValues() throws something that is not one. The server must answer
// with a 500 that names the role, log it, and keep serving.
#include "rolecall/PluginExport.h"
#include <stdexcept>

namespace rolecall
{
class ThrowingRole : public RolePlugin
{
public:
    std::string name() const override { return "throwing"; }
    std::string defaultRoute() const override { return "/throwing"; }
    std::string label() const override { return "Throwing"; }
    std::vector<std::string> permissions() const override { return {"room.self.audio_mute"}; }
    std::string templateName() const override { return "guest.html"; }
    std::string makeUserName() const override { throw std::runtime_error("no names today"); }
    std::map<std::string, std::string> pageValues(const std::string&,
                                                  const std::string& user) const override
    {
        if (user == "Crash")
            throw 42;
        return {};
    }
};
} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::ThrowingRole)
