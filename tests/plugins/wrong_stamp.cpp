// The right plugin ABI, but built against another standard library ABI:
// std::string would not mean the same on both sides. Must be refused.
#include "rolecall/PluginExport.h"

class WrongStampRole : public rolecall::RolePlugin
{
public:
    std::string name() const override { return "wrong_stamp"; }
    std::string defaultRoute() const override { return "/wrong"; }
    std::string label() const override { return "Wrong"; }
    std::vector<std::string> permissions() const override { return {}; }
    std::string templateName() const override { return "guest.html"; }
};

extern "C" POCO_LIBRARY_API int rolecall_abi_version()
{
    return rolecall::ROLECALL_ABI_VERSION;
}
extern "C" POCO_LIBRARY_API const char* rolecall_build_stamp()
{
    return "libc++ ABI 1, Poco 1.9.4";
}
extern "C" POCO_LIBRARY_API const char* rolecall_role_class()
{
    return "WrongStampRole";
}
POCO_BEGIN_MANIFEST(rolecall::RolePlugin)
POCO_EXPORT_CLASS(WrongStampRole)
POCO_END_MANIFEST
