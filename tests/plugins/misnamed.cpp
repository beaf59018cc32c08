// A copied example whose name() was not changed: its file is misnamed.so,
// but it calls itself "guest". Must be refused.
#include "rolecall/PluginExport.h"

class MisnamedRole : public rolecall::RolePlugin
{
public:
    std::string name() const override { return "guest"; }
    std::string defaultRoute() const override { return "/misnamed"; }
    std::string label() const override { return "Misnamed"; }
    std::vector<std::string> permissions() const override { return {}; }
    std::string templateName() const override { return "guest.html"; }
};

ROLECALL_EXPORT_ROLE(MisnamedRole)
