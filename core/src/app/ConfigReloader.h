#ifndef rolecall_ConfigReloader_INCLUDED
#define rolecall_ConfigReloader_INCLUDED

#include "Poco/Logger.h"
#include "Poco/Runnable.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include "config/ConfigLoader.h"
#include "roles/RoleRegistry.h"
#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace rolecall
{

class PluginLoader;

/// Live reload: on SIGHUP, and when the config file changes on disk, rereads
/// the config and swaps the whole role set at once. A broken edit is refused
/// with the same errors as at start-up and the previous roles stay served.
/// Only roles (and their templates) change live; server settings such as the
/// port or backend are read at start-up only, and a change to them is logged
/// as needing a restart. Rooms and their members are not touched either way.
class ConfigReloader : public Poco::Runnable
{
public:
    /// Applied to freshly loaded settings before roles are built (one-time passwords).
    using Prepare = std::function<void(Settings&)>;
    /// Called after a new role set is being served.
    using Done = std::function<void()>;
    /// Called about every second on the reloader's thread, with true right
    /// after a SIGHUP: for other files reloaded alike (TLS certificates).
    using Tick = std::function<void(bool signalled)>;

    ConfigReloader(const ConfigLoader& loader, PluginLoader& plugins, RoleRegistry& registry,
                   const Settings& running, Prepare prepare, Done done, Poco::Logger& logger,
                   Tick tick = {});
    ~ConfigReloader() override;

    /// Blocks SIGHUP in the calling thread and every thread it starts later,
    /// so that only the reloader's sigtimedwait() receives it. Call first.
    static void blockReloadSignal();

    void start();
    void stop();

    /// Rereads the config now; true when the new role set is being served.
    bool reload(const std::string& why);

    /// "added role x", "removed role y", "changed role z: route, permissions".
    static std::vector<std::string> changes(const RoleSet& before, const RoleSet& after);

private:
    void run() override;
    bool fileChanged();

    const std::string _configPath;
    const ConfigLoader& _loader;
    PluginLoader& _plugins;
    RoleRegistry& _registry;
    const Settings& _running;
    Prepare _prepare;
    Done _done;
    Tick _tick;
    Poco::Logger& _logger;
    Poco::Thread _thread;
    std::atomic<bool> _stop{false};
    Poco::Timestamp _seenModified;
};

} // namespace rolecall

#endif
