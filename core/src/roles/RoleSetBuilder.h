#ifndef rolecall_RoleSetBuilder_INCLUDED
#define rolecall_RoleSetBuilder_INCLUDED

#include "config/Settings.h"
#include "roles/RoleSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
    std::optional<Role> loadRole(const RoleSpec& spec, const Settings& settings,
                                 std::vector<std::string>& problems) const;
    static void checkRole(const Role& role, const RoleSpec& spec, const Settings& settings,
                          std::vector<std::string>& problems);
    static void checkLobbies(const std::vector<Role>& roles, const Settings& settings,
                             std::vector<std::string>& problems);
    PluginLoader& _loader;
};

} // namespace rolecall

#endif
