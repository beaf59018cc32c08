#ifndef rolecall_PluginCall_INCLUDED
#define rolecall_PluginCall_INCLUDED

#include "roles/Role.h"
#include "util/Exceptions.h"
#include <string>

namespace rolecall
{

/// Runs one call into a plugin (`hook` names it for the log). Whatever the
/// plugin throws stops here as a PluginFailure, so a plugin's bug costs the
/// request that ran into it and never the server.
template <typename Call>
auto callPlugin(const std::string& role, const std::string& plugin, const char* hook, Call call)
    -> decltype(call())
{
    const auto failure = [&](const std::string& what)
    {
        return PluginFailure("role '" + role + "' (plugin " + plugin + ") failed in " + hook +
                             "(): " + what);
    };
    try
    {
        return call();
    }
    catch (const Poco::Exception& e)
    {
        throw failure(e.displayText()); // Poco's what() is only the class name
    }
    catch (const std::exception& e)
    {
        throw failure(e.what());
    }
    catch (...)
    {
        throw failure("threw something that is not a std::exception");
    }
}

template <typename Call> auto callPlugin(const Role& role, const char* hook, Call call)
{
    return callPlugin(role.name, role.pluginName, hook, call);
}

} // namespace rolecall

#endif
