#ifndef rolecall_PluginLoader_INCLUDED
#define rolecall_PluginLoader_INCLUDED

#include "Poco/Manifest.h"
#include "Poco/SharedLibrary.h"
#include "rolecall/RolePlugin.h"
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace rolecall
{

/// Loads role plugins after checking the stamps ROLECALL_EXPORT_ROLE writes.
///
/// Two things Poco's ClassLoader does are unsafe here, so this does its job
/// with Poco's SharedLibrary and Manifest directly:
/// - it opens every library RTLD_GLOBAL and finds classes by name across
///   all of them, so two plugins exporting one class name got mixed up; here
///   each library is opened RTLD_LOCAL and its class is made from its own
///   manifest;
/// - it maps the file named in the config, and overwriting a mapped library
///   (`cp new.so plugins/`) crashes the process; here, given a copy folder,
///   the loader maps a private copy named by the file's SHA-256, made
///   atomically, that nobody else writes. A rebuilt file has another digest,
///   so the next load maps the new build while the old one keeps serving
///   whoever still holds it.
///
/// Libraries stay loaded for the loader's lifetime; every instance it hands
/// out must be released before the loader is destroyed.
class PluginLoader
{
public:
    /// `copyFolder`: where private copies go (created, mode 0700; copies of
    /// an earlier run are removed). Empty: files are mapped where they are,
    /// for short-lived tools (--check-config) and tests.
    explicit PluginLoader(std::string copyFolder = "");
    ~PluginLoader();
    PluginLoader(const PluginLoader&) = delete;
    PluginLoader& operator=(const PluginLoader&) = delete;

    /// The file a plugin name maps to: <dir>/<name><platform suffix>.
    static std::string pluginPath(const std::string& dir, const std::string& name);

    struct Loaded
    {
        std::shared_ptr<RolePlugin> plugin; // not yet configured

        std::string digest; // SHA-256 of the file's content, hex
    };

    /// A new instance of the plugin class in the library at `path`.
    /// Throws PluginError("<path>: <reason>") when the file is missing, is not
    /// a rolecall plugin, was built for another ABI, standard library or
    /// Poco, or lacks its class.
    Loaded create(const std::string& path);

private:
    struct Library
    {
        Poco::SharedLibrary library;
        Poco::Manifest<RolePlugin> manifest;
        std::string className;
    };
    Library& open(const std::string& path, const std::string& mapped);
    std::string privateCopy(const std::string& path, const std::string& content,
                            const std::string& digest) const;

    const std::string _copyFolder;
    std::mutex _mutex;
    std::map<std::string, std::unique_ptr<Library>> _libraries; // by mapped path
};

} // namespace rolecall

#endif
