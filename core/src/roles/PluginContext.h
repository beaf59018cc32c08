#ifndef rolecall_PluginContext_INCLUDED
#define rolecall_PluginContext_INCLUDED

#include "rolecall/RolePlugin.h"
#include <map>
#include <string>
#include <vector>

namespace rolecall
{

/// The server's RoleContext: one role's plugin settings, checked against
/// what the plugin declares, and the plugin's logger.
class PluginContext : public RoleContext
{
public:
    /// `declared`: the plugin's settings(); `given`: what the role's section
    /// sets. problems() lists what is wrong, each as "key: why".
    PluginContext(std::string role, const std::string& plugin,
                  const std::vector<PluginSetting>& declared,
                  const std::map<std::string, std::string>& given);

    /// ("key", "why") pairs; empty when every value fits its declaration.
    const std::vector<std::pair<std::string, std::string>>& problems() const { return _problems; }
    /// Every declared setting's value, defaults filled.
    const std::map<std::string, std::string>& values() const { return _values; }

    std::string text(const std::string& setting) const override;
    long long integer(const std::string& setting) const override;
    bool boolean(const std::string& setting) const override;
    std::string role() const override { return _role; }
    Poco::Logger& logger() const override { return _logger; }

    /// The name of a type, for messages and --list-roles.
    static const char* typeName(PluginSetting::Type type);

private:
    const PluginSetting& declared(const std::string& setting, PluginSetting::Type type) const;

    std::string _role;
    std::vector<PluginSetting> _declared;
    std::map<std::string, std::string> _values;
    std::vector<std::pair<std::string, std::string>> _problems;
    Poco::Logger& _logger;
};

} // namespace rolecall

#endif
