// Stamped with an ABI this server does not speak: must be refused before use.
#include "rolecall/PluginExport.h"

class WrongAbiRole : public rolecall::RolePlugin
{
public:
    std::string name() const override { return "wrong_abi"; }
    std::string defaultRoute() const override { return "/wrong"; }
    std::string label() const override { return "Wrong"; }
    std::vector<std::string> permissions() const override { return {}; }
    std::string templateName() const override { return "guest.html"; }
};

extern "C" POCO_LIBRARY_API int rolecall_abi_version()
{
    return rolecall::ROLECALL_ABI_VERSION + 41;
}
extern "C" POCO_LIBRARY_API const char* rolecall_role_class()
{
    return "WrongAbiRole";
}
POCO_BEGIN_MANIFEST(rolecall::RolePlugin)
POCO_EXPORT_CLASS(WrongAbiRole)
POCO_END_MANIFEST
