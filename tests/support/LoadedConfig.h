#ifndef rolecall_test_LoadedConfig_INCLUDED
#define rolecall_test_LoadedConfig_INCLUDED

#include "config/ConfigLoader.h"
#include "config/Settings.h"
#include "roles/PluginLoader.h"
#include "roles/RoleSet.h"
#include "support/TempDir.h"
#include <memory>
#include <string>

/// A config written to a fresh folder and loaded as the server loads it, for
/// unit tests of what the server builds from one: testConfig() (port 0, the
/// built plugins, the repo's templates) with `roles` and `extraServer`, its
/// Settings and its RoleSet. No server runs.
class LoadedConfig
{
public:
    explicit LoadedConfig(const std::string& roles, const std::string& extraServer = "");

    /// The config file (rolecall.ini in dir()).
    const std::string& path() const { return _path; }
    const TempDir& dir() const { return _dir; }
    const rolecall::ConfigLoader& loader() const { return _loader; }
    rolecall::PluginLoader& plugins() { return _plugins; }
    rolecall::Settings& settings() { return _settings; }
    std::shared_ptr<const rolecall::RoleSet> roles() const { return _roles; }

    /// The text testConfig() gives for these roles (what the file holds).
    static std::string text(const std::string& roles, const std::string& extraServer = "");

private:
    TempDir _dir;
    rolecall::ConfigLoader _loader;
    rolecall::PluginLoader _plugins;
    std::string _path;
    rolecall::Settings _settings;
    std::shared_ptr<const rolecall::RoleSet> _roles;
};

#endif
