#include "support/LoadedConfig.h"
#include "roles/RoleSetBuilder.h"
#include "support/TestConfig.h"

LoadedConfig::LoadedConfig(const std::string& roles, const std::string& extraServer)
    : _loader([](const std::string&) { return std::optional<std::string>(); },
              rolecall::InstallLayout::installed("/")),
      _path(_dir.write("rolecall.ini", text(roles, extraServer))), _settings(_loader.load(_path)),
      _roles(rolecall::RoleSetBuilder(_plugins).build(_settings))
{
}

std::string LoadedConfig::text(const std::string& roles, const std::string& extraServer)
{
    return testConfig(0, "state", roles, extraServer);
}
