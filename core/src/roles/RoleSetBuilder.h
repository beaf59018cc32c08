#ifndef rolecall_RoleSetBuilder_INCLUDED
#define rolecall_RoleSetBuilder_INCLUDED

#include "config/Settings.h"
#include "roles/RoleSet.h"
#include <memory>

namespace rolecall
{

class PluginLoader;

/// Turns validated Settings into a RoleSet: loads each role's plugin, merges
/// the config's overrides over the plugin's defaults, checks the result
/// (known permissions, one role per route, templates that parse) and throws
/// one ConfigError listing every problem with its "file:line".
class RoleSetBuilder
{
public:
    explicit RoleSetBuilder(PluginLoader& loader);

    std::shared_ptr<const RoleSet> build(const Settings& settings) const;

private:
    PluginLoader& _loader;
};

} // namespace rolecall

#endif
