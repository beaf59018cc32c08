#ifndef rolecall_PluginLoader_INCLUDED
#define rolecall_PluginLoader_INCLUDED

#include "Poco/ClassLoader.h"
#include "rolecall/RolePlugin.h"
#include <memory>
#include <mutex>
#include <string>

namespace rolecall
{

/// Loads role plugins with Poco's ClassLoader after checking the ABI stamp
/// that ROLECALL_EXPORT_ROLE writes. Libraries stay loaded for the loader's
/// lifetime; every instance it hands out must be released before the loader
/// is destroyed (the instances' code lives in those libraries).
class PluginLoader
{
public:
    PluginLoader() = default;
    PluginLoader(const PluginLoader&) = delete;
    PluginLoader& operator=(const PluginLoader&) = delete;

    /// The file a plugin name maps to: <dir>/<name><platform suffix>.
    static std::string pluginPath(const std::string& dir, const std::string& name);

    /// A new instance of the plugin class in the library at `path`.
    /// Throws PluginError("<path>: <reason>") when the file is missing, is not
    /// a rolecall plugin, was built for another ABI, or lacks its class.
    std::shared_ptr<const RolePlugin> create(const std::string& path);

private:
    std::mutex _mutex;
    Poco::ClassLoader<RolePlugin> _classLoader;
};

} // namespace rolecall

#endif
