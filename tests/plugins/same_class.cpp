// Built twice, as same_class_alpha and same_class_beta: two libraries that
// export one class name, each with its own label and permissions, and with
// default symbol visibility (as a plugin built without rolecall's CMake
// helper would be). Each role must get its own library's answers.
#include "rolecall/PluginExport.h"

namespace rolecall
{
class SameRole : public RolePlugin
{
public:
    std::string name() const override { return SAME_NAME; }
    std::string defaultRoute() const override { return "/" SAME_NAME; }
    std::string label() const override { return SAME_LABEL; }
    std::vector<std::string> permissions() const override { return {SAME_PERMISSION}; }
    std::string templateName() const override { return "guest.html"; }
};
} // namespace rolecall

ROLECALL_EXPORT_ROLE(rolecall::SameRole)
