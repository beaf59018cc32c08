#include "roles/RoleSetBuilder.h"
#include "Poco/Path.h"
#include "config/ConfigError.h"
#include "config/Validation.h"
#include "rolecall/Permissions.h"
#include "roles/PluginCall.h"
#include "roles/PluginContext.h"
#include "roles/PluginLoader.h"
#include "util/Exceptions.h"
#include <algorithm>
#include <map>
#include <optional>

namespace rolecall
{

RoleSetBuilder::RoleSetBuilder(PluginLoader& loader) : _loader(loader) {}

std::shared_ptr<const RoleSet> RoleSetBuilder::build(const Settings& settings) const
{
    std::vector<std::string> problems;
    std::shared_ptr<const PageRenderer> renderer;
    try
    {
        renderer = std::make_shared<PageRenderer>(settings.templateDir, settings.basePath);
    }
    catch (const std::exception& e)
    {
        problems.push_back(settings.configPath + ": " + e.what());
    }

    std::vector<Role> roles;
    std::map<std::string, std::string> routeOwner;
    for (const RoleSpec& spec : settings.roles)
    {
        std::optional<Role> role = loadRole(spec, settings, problems);
        if (!role)
            continue;
        role->requiresLogin = spec.requiresLogin;
        role->requiresLink = spec.requiresLink;
        role->credentials = spec.credentials;
        role->options = spec.options;
        checkRole(*role, spec, settings, problems);
        auto [owner, fresh] = routeOwner.emplace(role->route, spec.name);
        if (!fresh)
            problems.push_back(spec.whereKey("route") + ": role '" + spec.name + "' uses route '" +
                               role->route + "', already served by role '" + owner->second + "'");
        if (renderer)
        {
            try
            {
                // The template folder first, then the plugin's own folder.
                role->page = renderer->parse(role->templateName,
                                             Poco::Path(role->pluginPath).parent().toString());
            }
            catch (const std::exception& e)
            {
                problems.push_back(spec.whereKey("template") + ": role '" + spec.name +
                                   "': " + e.what());
            }
        }
        roles.push_back(std::move(*role));
    }
    checkLobbies(roles, settings, problems);
    if (!problems.empty())
        throw ConfigError(problems);
    return std::make_shared<RoleSet>(std::move(roles), renderer);
}

// The plugin loaded, configured and asked for what the config leaves out;
// none when any of that fails (the problem is recorded).
std::optional<Role> RoleSetBuilder::loadRole(const RoleSpec& spec, const Settings& settings,
                                             std::vector<std::string>& problems) const
{
    Role role;
    std::shared_ptr<RolePlugin> unconfigured;
    role.name = spec.name;
    role.pluginName = spec.plugin;
    role.pluginPath = PluginLoader::pluginPath(settings.pluginDir, spec.plugin);
    try
    {
        PluginLoader::Loaded loaded = _loader.create(role.pluginPath);
        unconfigured = loaded.plugin;
        role.plugin = std::move(loaded.plugin);
        role.pluginDigest = std::move(loaded.digest);
    }
    catch (const PluginError& e)
    {
        problems.push_back(spec.whereKey("plugin") + ": role '" + spec.name + "': plugin '" +
                           spec.plugin + "': " + e.what());
        return std::nullopt;
    }
    const RolePlugin& plugin = *role.plugin;
    const auto ask = [&](const char* hook, auto call) { return callPlugin(role, hook, call); };
    try
    {
        // The file name decides what is loaded; a plugin that calls itself
        // something else is a copied example or a misnamed file.
        const std::string name = ask("name", [&] { return plugin.name(); });
        if (name != spec.plugin)
        {
            problems.push_back(spec.whereKey("plugin") + ": role '" + spec.name +
                               "': " + role.pluginPath + " says its name is '" + name +
                               "', but it is loaded as plugin '" + spec.plugin +
                               "' (name() must match the file name)");
            return std::nullopt;
        }
        // The plugin's own keys: checked like the server's, then handed over
        // before anything else is asked (a label may depend on a setting).
        role.pluginSettings = ask("settings", [&] { return plugin.settings(); });
        PluginContext context(spec.name, spec.plugin, role.pluginSettings, spec.pluginSettings);
        for (const auto& [key, why] : context.problems())
            problems.push_back(spec.whereKey(key) + ": role '" + spec.name + "': " + why);
        if (!context.problems().empty())
            return std::nullopt;
        role.settingValues = context.values();
        ask("configure", [&] { unconfigured->configure(context); });

        role.route =
            spec.route ? *spec.route : ask("defaultRoute", [&] { return plugin.defaultRoute(); });
        role.label = spec.label ? *spec.label : ask("label", [&] { return plugin.label(); });
        role.templateName = spec.templateName
                                ? *spec.templateName
                                : ask("templateName", [&] { return plugin.templateName(); });
        role.permissions = spec.permissions
                               ? *spec.permissions
                               : ask("permissions", [&] { return plugin.permissions(); });
    }
    catch (const PluginFailure& e)
    {
        problems.push_back(spec.whereKey("plugin") + ": " + e.what());
        return std::nullopt;
    }
    return role;
}

// What the plugin supplies is checked as strictly as what the config says.
void RoleSetBuilder::checkRole(const Role& role, const RoleSpec& spec, const Settings& settings,
                               std::vector<std::string>& problems)
{
    const std::string where = spec.whereKey("plugin") + ": role '" + spec.name + "'";
    if (!spec.route)
    {
        const std::string problem = Validation::route(role.route);
        if (!problem.empty())
            problems.push_back(where + ": plugin's route '" + role.route + "' " + problem);
    }
    if (!spec.permissions)
        for (const auto& p : role.permissions)
            if (!isKnownPermission(p))
                problems.push_back(where + ": plugin's permission '" + p + "' is unknown");
    // No permission may be a control that does nothing on this backend.
    if (settings.backend == "embedded")
        for (const auto& p : role.permissions)
            if (const char* why = embeddedRefusal(p))
                problems.push_back((spec.permissions ? spec.whereKey("permissions") : where) +
                                   ": role '" + spec.name + "': permission '" + p +
                                   "' needs backend signalwire (" + why + ")");
}

// A lobby nobody can open is a page that waits forever.
void RoleSetBuilder::checkLobbies(const std::vector<Role>& roles, const Settings& settings,
                                  std::vector<std::string>& problems)
{
    const bool anyoneAdmits = std::any_of(
        roles.begin(), roles.end(),
        [](const Role& role) { return hasPermission(role.permissions, "room.member.remove"); });
    if (!anyoneAdmits)
        for (const auto& spec : settings.roles)
            if (spec.options.lobby)
                problems.push_back(spec.whereKey("lobby") + ": role '" + spec.name +
                                   "' has lobby = true, but no role holds room.member.remove, "
                                   "so nobody could let its members in");
}

} // namespace rolecall
