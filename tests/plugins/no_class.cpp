// Names one class in its stamp but exports another in its manifest.
#include "rolecall/PluginExport.h"

class PresentRole : public rolecall::RolePlugin
{
public:
    std::string name() const override { return "no_class"; }
    std::string defaultRoute() const override { return "/present"; }
    std::string label() const override { return "Present"; }
    std::vector<std::string> permissions() const override { return {}; }
    std::string templateName() const override { return "guest.html"; }
};

extern "C" POCO_LIBRARY_API int rolecall_abi_version()
{
    return rolecall::ROLECALL_ABI_VERSION;
}
extern "C" POCO_LIBRARY_API const char* rolecall_build_stamp()
{
    static const std::string stamp = rolecall::buildStamp();
    return stamp.c_str();
}
extern "C" POCO_LIBRARY_API const char* rolecall_role_class()
{
    return "AbsentRole";
}
POCO_BEGIN_MANIFEST(rolecall::RolePlugin)
POCO_EXPORT_CLASS(PresentRole)
POCO_END_MANIFEST
