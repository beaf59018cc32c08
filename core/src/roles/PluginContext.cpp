#include "roles/PluginContext.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include "config/Validation.h"
#include <set>
#include <stdexcept>

namespace rolecall
{
namespace
{

// The server's own role keys: a plugin may not declare one of them.
const std::set<std::string> serverKeys = {"plugin",      "route", "label",      "template",
                                          "permissions", "auth",  "credentials"};

bool parseBoolean(const std::string& text, bool& value)
{
    const std::string t = Poco::toLower(text);
    if (t == "true" || t == "yes" || t == "on" || t == "1")
        value = true;
    else if (t == "false" || t == "no" || t == "off" || t == "0")
        value = false;
    else
        return false;
    return true;
}

std::string fits(const PluginSetting& setting, const std::string& value)
{
    Poco::Int64 number = 0;
    bool flag = false;
    switch (setting.type)
    {
    case PluginSetting::Type::Integer:
        return Poco::NumberParser::tryParse64(value, number) ? "" : "must be a whole number";
    case PluginSetting::Type::Boolean:
        return parseBoolean(value, flag) ? "" : "must be true or false";
    case PluginSetting::Type::Text:
        break;
    }
    for (char c : value)
        if (static_cast<unsigned char>(c) < 0x20)
            return "must not contain control characters";
    return "";
}

} // namespace

PluginContext::PluginContext(std::string role, const std::string& plugin,
                             const std::vector<PluginSetting>& declared,
                             const std::map<std::string, std::string>& given)
    : _role(std::move(role)), _declared(declared),
      _logger(Poco::Logger::get("rolecall.plugin." + plugin))
{
    std::string names;
    for (const auto& setting : _declared)
    {
        names += (names.empty() ? "" : ", ") + setting.name;
        if (serverKeys.count(setting.name) || !Validation::identifier(setting.name).empty())
            _problems.emplace_back("plugin", "plugin " + plugin + " declares a setting named '" +
                                                 setting.name + "', which a plugin may not use");
        else if (const std::string why = fits(setting, setting.defaultValue); !why.empty())
            _problems.emplace_back("plugin", "plugin " + plugin + "'s default for '" +
                                                 setting.name + "' " + why);
        _values[setting.name] = setting.defaultValue;
    }
    for (const auto& entry : given)
    {
        // Not a structured binding: clang 14 cannot capture one in a lambda.
        const std::string& key = entry.first;
        const std::string& value = entry.second;
        auto it = std::find_if(_declared.begin(), _declared.end(),
                               [&key](const PluginSetting& s) { return s.name == key; });
        if (it == _declared.end())
        {
            _problems.emplace_back(
                key,
                "unknown key '" + key +
                    "' (a role section takes: plugin, route, label, template, "
                    "permissions, auth, credentials" +
                    (names.empty() ? std::string() : "; plugin " + plugin + " adds: " + names) +
                    ")");
            continue;
        }
        if (const std::string why = fits(*it, value); !why.empty())
            _problems.emplace_back(key, "'" + key + "' (" + typeName(it->type) + ") " + why);
        else
            _values[key] = value;
    }
}

const char* PluginContext::typeName(PluginSetting::Type type)
{
    switch (type)
    {
    case PluginSetting::Type::Integer:
        return "whole number";
    case PluginSetting::Type::Boolean:
        return "true/false";
    case PluginSetting::Type::Text:
        break;
    }
    return "text";
}

const PluginSetting& PluginContext::declared(const std::string& setting,
                                             PluginSetting::Type type) const
{
    for (const auto& s : _declared)
        if (s.name == setting)
        {
            if (s.type != type)
                throw std::logic_error("setting '" + setting + "' is declared as " +
                                       typeName(s.type) + ", read as " + typeName(type));
            return s;
        }
    throw std::logic_error("setting '" + setting + "' is not declared by the plugin");
}

std::string PluginContext::text(const std::string& setting) const
{
    declared(setting, PluginSetting::Type::Text);
    return _values.at(setting);
}

long long PluginContext::integer(const std::string& setting) const
{
    declared(setting, PluginSetting::Type::Integer);
    return Poco::NumberParser::parse64(_values.at(setting));
}

bool PluginContext::boolean(const std::string& setting) const
{
    declared(setting, PluginSetting::Type::Boolean);
    bool value = false;
    parseBoolean(_values.at(setting), value);
    return value;
}

} // namespace rolecall
