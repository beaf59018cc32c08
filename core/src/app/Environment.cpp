#include "app/Environment.h"
#include "Poco/AutoPtr.h"
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/String.h"
#include "Poco/Util/PropertyFileConfiguration.h"

namespace rolecall
{

Environment::Environment(const std::string& dotenvPath)
{
    if (!Poco::File(dotenvPath).exists())
        return;
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
        new Poco::Util::PropertyFileConfiguration(dotenvPath));
    Poco::Util::AbstractConfiguration::Keys keys;
    file->keys(keys);
    for (const auto& key : keys)
    {
        std::string value = Poco::trim(file->getRawString(key));
        if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
            value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        const bool exported = key.compare(0, 7, "export ") == 0;
        _dotenv[exported ? Poco::trim(key.substr(7)) : key] = value;
    }
}

std::optional<std::string> Environment::get(const std::string& name) const
{
    if (Poco::Environment::has(name))
        return Poco::Environment::get(name);
    auto it = _dotenv.find(name);
    if (it != _dotenv.end())
        return it->second;
    return std::nullopt;
}

} // namespace rolecall
