#ifndef rolecall_ConfigReloader_INCLUDED
#define rolecall_ConfigReloader_INCLUDED

#include "Poco/Logger.h"
#include "Poco/Runnable.h"
#include "Poco/Thread.h"
#include "app/ConfigWatcher.h"
#include "config/ConfigLoader.h"
#include "roles/RoleRegistry.h"
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rolecall
{

class Metrics;
class PluginLoader;

/// Live reload: on SIGHUP (or `rolecall reload`), and as soon as the config
/// file is written or renamed over, rereads the config and swaps the whole
/// role set at once. A broken edit is refused with the same errors as at
/// start-up and the previous roles stay served.
///
/// Fails closed: an edit that would take a role's login away (auth basic ->
/// none or link, or a protected role removed) or its invite-link check (auth
/// link -> none) is held when only the file changed, since a half-written
/// file looks just like that; a SIGHUP applies it.
/// Each version of the file is acted on once (by content, not time), so a
/// SIGHUP after an edit already applied reloads nothing.
///
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

    enum class Trigger
    {
        Signal,    // asked for: applies held changes, rereads templates
        FileEvent, // the file changed: never lowers a login
        Poll       // the file changed without an event (found by the periodic look)
    };

    /// `appliedText` is the config's content that `running` was loaded from.
    ConfigReloader(const ConfigLoader& loader, PluginLoader& plugins, RoleRegistry& registry,
                   const Settings& running, std::string appliedText, Prepare prepare, Done done,
                   Poco::Logger& logger, Tick tick = {});
    ~ConfigReloader() override;

    /// Blocks SIGHUP (and SIGTERM, SIGINT) in the calling thread and every
    /// thread it starts later, so that only the reloader's signalfd receives
    /// SIGHUP and the main thread's wait the others. Call first.
    static void blockReloadSignal();

    /// Where reloads are counted by result: applied, held, refused, unchanged.
    void countIn(Metrics& metrics) { _metrics = &metrics; }

    void start();
    void stop();

    /// Rereads the config now; true when a new role set is being served.
    bool reload(Trigger trigger);

    /// "added role x", "removed role y", "changed role z: route, permissions".
    static std::vector<std::string> changes(const RoleSet& before, const RoleSet& after);

    /// Roles that need a login now and would not under `next`, each as
    /// "role x would lose its login", "role x would lose its invite-link check"
    /// or "role x (login required) would be removed".
    static std::vector<std::string> lostLogins(const RoleSet& before, const Settings& next);

private:
    void run() override;
    void pollFile();
    void count(const char* result);
    /// What a SIGHUP compares besides the config: every template and plugin file.
    static std::string filesDigest(const std::string& templateDir, const std::string& pluginDir);

    const std::string _configPath;
    const ConfigLoader& _loader;
    PluginLoader& _plugins;
    RoleRegistry& _registry;
    const Settings& _running;
    Prepare _prepare;
    Done _done;
    Tick _tick;
    Poco::Logger& _logger;
    Metrics* _metrics = nullptr;
    ConfigWatcher _watcher;
    Poco::Thread _thread;
    std::string _seenText;     // the version last acted on: applied, held or refused
    std::string _appliedText;  // the version being served
    std::string _appliedFiles; // its template and plugin folders when it was applied
    std::string _appliedTemplateDir;
    std::string _appliedPluginDir;
    std::optional<std::string> _polledText; // a new version the last periodic look found
};

} // namespace rolecall

#endif
