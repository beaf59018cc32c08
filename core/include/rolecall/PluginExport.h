//
// PluginExport.h
//
// ROLECALL_EXPORT_ROLE(cls) goes once, at global scope, in a plugin's source
// file. It writes Poco's ClassLoader manifest for `cls` plus three C symbols
// the loader reads before trusting the library: the ABI version this plugin
// was compiled against, its build stamp (standard library ABI and Poco
// version, see RolePlugin.h) and the class name the manifest must contain.
// Poco itself matches only the base class's type name, so a plugin built
// against an older RolePlugin, another standard library ABI or another Poco
// would otherwise load and crash on its first call.
//
#ifndef rolecall_PluginExport_INCLUDED
#define rolecall_PluginExport_INCLUDED

#include "Poco/ClassLibrary.h"
#include "rolecall/RolePlugin.h"

#define ROLECALL_ABI_SYMBOL "rolecall_abi_version"
#define ROLECALL_STAMP_SYMBOL "rolecall_build_stamp"
#define ROLECALL_CLASS_SYMBOL "rolecall_role_class"

#define ROLECALL_EXPORT_ROLE(cls)                                                                  \
    extern "C" POCO_LIBRARY_API int rolecall_abi_version()                                         \
    {                                                                                              \
        return rolecall::ROLECALL_ABI_VERSION;                                                     \
    }                                                                                              \
    extern "C" POCO_LIBRARY_API const char* rolecall_build_stamp()                                 \
    {                                                                                              \
        static const std::string stamp = rolecall::buildStamp();                                   \
        return stamp.c_str();                                                                      \
    }                                                                                              \
    extern "C" POCO_LIBRARY_API const char* rolecall_role_class()                                  \
    {                                                                                              \
        return #cls;                                                                               \
    }                                                                                              \
    POCO_BEGIN_MANIFEST(rolecall::RolePlugin)                                                      \
    POCO_EXPORT_CLASS(cls)                                                                         \
    POCO_END_MANIFEST

#endif
