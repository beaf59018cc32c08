#ifndef rolecall_Role_INCLUDED
#define rolecall_Role_INCLUDED

#include "config/RoleOptions.h"
#include "config/Settings.h"
#include "pages/PageRenderer.h"
#include "rolecall/RolePlugin.h"
#include <memory>
#include <string>
#include <vector>

namespace rolecall
{

/// A role as the server serves it: the config section merged with its
/// plugin's defaults (RoleSetBuilder is the only place that merges them).
struct Role
{
    std::string name;
    std::string pluginName;
    std::string pluginPath;
    std::string pluginDigest; // SHA-256 of the library loaded: a rebuild changes it
    std::vector<PluginSetting> pluginSettings;        // what the plugin declares
    std::map<std::string, std::string> settingValues; // their values, defaults filled
    std::string route;
    std::string label;
    std::string templateName;
    std::vector<std::string> permissions;
    RoleOptions options;
    bool requiresLogin = false; // auth = basic
    bool requiresLink = false;  // auth = link
    std::vector<Credential> credentials;
    std::shared_ptr<const RolePlugin> plugin;
    PageRenderer::TemplatePtr page;
};

} // namespace rolecall

#endif
