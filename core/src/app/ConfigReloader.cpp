#include "app/ConfigReloader.h"
#include "Poco/DigestEngine.h"
#include "Poco/DirectoryIterator.h"
#include "Poco/Path.h"
#include "Poco/SHA1Engine.h"
#include "Poco/String.h"
#include "config/ConfigError.h"
#include "config/FileSnapshot.h"
#include "metrics/Metrics.h"
#include "roles/RoleSetBuilder.h"
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

namespace rolecall
{
namespace
{

// Settings that only a restart applies.
std::vector<std::string> restartOnly(const Settings& a, const Settings& b)
{
    std::vector<std::string> keys;
    auto check = [&](bool differs, const char* key)
    {
        if (differs)
            keys.push_back(key);
    };
    check(a.host != b.host || a.port != b.port, "server.host/port");
    check(a.threads != b.threads, "server.threads");
    check(a.allowedOrigins != b.allowedOrigins, "server.allowed_origins");
    check(a.trustedProxies != b.trustedProxies, "server.trusted_proxies");
    check(a.logFile != b.logFile, "server.log_file");
    check(a.basePath != b.basePath || a.publicUrl != b.publicUrl, "server.base_path/public_url");
    check(a.tlsCertFile != b.tlsCertFile || a.tlsKeyFile != b.tlsKeyFile ||
              a.tlsRedirectPort != b.tlsRedirectPort,
          "[tls]");
    check(std::memcmp(&a.limits, &b.limits, sizeof a.limits) != 0 ||
              a.messagesPerSecond != b.messagesPerSecond || a.joinTimeoutMs != b.joinTimeoutMs ||
              a.maxMembers != b.maxMembers || a.maxRooms != b.maxRooms,
          "[limits] and [signaling]");
    check(std::memcmp(&a.login, &b.login, sizeof a.login) != 0, "[auth]");
    check(a.backend != b.backend, "server.backend");
    check(a.defaultRoom != b.defaultRoom, "server.default_room");
    check(a.maxParticipants != b.maxParticipants, "server.max_participants");
    check(a.logo != b.logo, "server.logo");
    check(a.pluginDir != b.pluginDir || a.vendorDir != b.vendorDir || a.stateDir != b.stateDir,
          "server folders");
    check(a.tokenTtlSeconds != b.tokenTtlSeconds || a.signingKey != b.signingKey, "tokens");
    return keys;
}

bool sameCredentials(const std::vector<Credential>& a, const std::vector<Credential>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const Credential& x, const Credential& y)
                      { return x.user == y.user && x.passwordHash == y.passwordHash; });
}

// Adds every file directly in `dir` (name, size, bytes) to `sha`.
void addFolder(Poco::SHA1Engine& sha, const std::string& dir)
{
    std::vector<std::string> names;
    try
    {
        for (Poco::DirectoryIterator it(dir), end; it != end; ++it)
            if (it->isFile())
                names.push_back(it.name());
    }
    catch (const Poco::Exception&)
    {
        sha.update("no folder " + dir);
        return; // the reload itself says what is wrong
    }
    std::sort(names.begin(), names.end());
    for (const auto& name : names)
    {
        std::ifstream in(Poco::Path(Poco::Path::forDirectory(dir), name).toString(),
                         std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        sha.update(name + '\0' + std::to_string(bytes.str().size()) + '\0' + bytes.str());
    }
}

} // namespace

ConfigReloader::ConfigReloader(const ConfigLoader& loader, PluginLoader& plugins,
                               RoleRegistry& registry, const Settings& running,
                               std::string appliedText, Prepare prepare, Done done,
                               Poco::Logger& logger, Tick tick)
    : _configPath(running.configPath), _loader(loader), _plugins(plugins), _registry(registry),
      _running(running), _prepare(std::move(prepare)), _done(std::move(done)),
      _tick(std::move(tick)), _logger(logger), _watcher(running.configPath), _seenText(appliedText),
      _appliedText(std::move(appliedText)),
      _appliedFiles(filesDigest(running.templateDir, running.pluginDir)),
      _appliedTemplateDir(running.templateDir), _appliedPluginDir(running.pluginDir)
{
    if (!_watcher.watching())
        _logger.warning("cannot watch the folder of %s: edits are found by looking every "
                        "second instead",
                        _configPath);
}

ConfigReloader::~ConfigReloader()
{
    stop();
}

void ConfigReloader::blockReloadSignal()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    // Also the stop signals, before any thread starts: every thread inherits
    // the mask, so a SIGTERM that comes during start-up waits for the main
    // thread's waitForTerminationRequest instead of killing the process.
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void ConfigReloader::start()
{
    _thread.setName("config-reload");
    _thread.start(*this);
}

void ConfigReloader::stop()
{
    if (_thread.isRunning())
    {
        _watcher.stop();
        _thread.join();
    }
}

void ConfigReloader::run()
{
    using Clock = std::chrono::steady_clock;
    const auto second = std::chrono::seconds(1);
    auto nextTick = Clock::now() + second;
    for (;;)
    {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(nextTick - Clock::now()).count();
        switch (_watcher.wait(left > 0 ? static_cast<int>(left) : 0))
        {
        case ConfigWatcher::Event::Stop:
            return;
        case ConfigWatcher::Event::Signal:
            reload(Trigger::Signal);
            if (_tick)
                _tick(true);
            nextTick = Clock::now() + second;
            break;
        case ConfigWatcher::Event::FileChanged:
            reload(Trigger::FileEvent);
            break;
        case ConfigWatcher::Event::Timeout:
            pollFile();
            if (_tick)
                _tick(false);
            nextTick = Clock::now() + second;
            break;
        }
    }
}

// For writes inotify does not report (a file kept open while written, through
// a folder that cannot be watched): a version other than the last one acted
// on, unchanged since the previous look a second ago, is taken as an edit.
void ConfigReloader::pollFile()
{
    std::string text;
    try
    {
        text = FileSnapshot::read(_configPath);
    }
    catch (const ConfigError&)
    {
        return; // gone for a moment (an editor replacing it)
    }
    if (text == _seenText || !_polledText || *_polledText != text)
    {
        _polledText = text == _seenText ? std::nullopt : std::optional<std::string>(text);
        return;
    }
    _polledText.reset();
    reload(Trigger::Poll);
}

std::string ConfigReloader::filesDigest(const std::string& templateDir,
                                        const std::string& pluginDir)
{
    Poco::SHA1Engine sha;
    addFolder(sha, templateDir);
    addFolder(sha, pluginDir);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

bool ConfigReloader::reload(Trigger trigger)
{
    const bool asked = trigger == Trigger::Signal;
    std::string text;
    try
    {
        text = FileSnapshot::read(_configPath);
    }
    catch (const ConfigError& e)
    {
        // Without a SIGHUP this is an editor between removing and renaming:
        // the finished file comes with its own event.
        if (asked)
        {
            _logger.error("reload refused, still serving the previous roles: %s",
                          std::string(e.what()));
            count("refused");
        }
        return false;
    }
    if (!asked && text == _seenText)
        return false; // this version was acted on already (a SIGHUP was faster)
    if (asked && text == _appliedText &&
        filesDigest(_appliedTemplateDir, _appliedPluginDir) == _appliedFiles)
    {
        _seenText = text;
        count("unchanged"); // before the log line, which tests wait for
        _logger.information(
            "SIGHUP: %s, its templates and plugins are as last loaded; nothing to reload",
            _configPath);
        return false;
    }
    _seenText = text;
    _logger.information("reloading %s (%s)", _configPath,
                        std::string(asked ? "SIGHUP"
                                    : trigger == Trigger::FileEvent
                                        ? "config file changed"
                                        : "config file changed, found by polling"));
    try
    {
        Settings fresh = _loader.load(_configPath, text);
        fresh.basePath = _running.basePath; // routing keeps the one it started with
        if (!asked)
        {
            // A file cut short looks exactly like this: wait for a SIGHUP.
            const auto lost = lostLogins(*_registry.current(), fresh);
            for (const auto& what : lost)
                _logger.warning("held: %s; apply with SIGHUP or `rolecall reload`", what);
            if (!lost.empty())
            {
                _logger.warning("held: still serving the previous roles");
                count("held");
                return false;
            }
        }
        const std::string files = filesDigest(fresh.templateDir, fresh.pluginDir);
        _prepare(fresh);
        auto next = RoleSetBuilder(_plugins).build(fresh);
        const auto before = _registry.current();
        _registry.replace(next);
        _appliedText = text;
        _appliedFiles = files;
        _appliedTemplateDir = fresh.templateDir;
        _appliedPluginDir = fresh.pluginDir;
        _done();
        const auto changed = changes(*before, *next);
        _logger.information("reload done: %s",
                            changed.empty()
                                ? std::string("no role changed")
                                : Poco::cat(std::string("; "), changed.begin(), changed.end()));
        for (const auto& key : restartOnly(_running, fresh))
            _logger.warning("%s changed: takes effect at the next restart", key);
        count("applied");
        return true;
    }
    catch (const ConfigError& e)
    {
        _logger.error("reload refused, still serving the previous roles:");
        for (const auto& p : e.problems())
            _logger.error("  %s", p);
    }
    catch (const std::exception& e)
    {
        _logger.error("reload refused, still serving the previous roles: %s",
                      std::string(e.what()));
    }
    count("refused");
    return false;
}

void ConfigReloader::count(const char* result)
{
    if (_metrics)
        _metrics->reloaded(result);
}

std::vector<std::string> ConfigReloader::lostLogins(const RoleSet& before, const Settings& next)
{
    std::vector<std::string> out;
    for (const Role& role : before.roles())
    {
        if (role.requiresLink)
        {
            // An open role where links were needed: as unsafe as a lost login.
            const auto spec = std::find_if(next.roles.begin(), next.roles.end(),
                                           [&](const RoleSpec& s) { return s.name == role.name; });
            if (spec != next.roles.end() && !spec->requiresLink && !spec->requiresLogin)
                out.push_back("role " + role.name + " would lose its invite-link check");
            continue;
        }
        if (!role.requiresLogin)
            continue;
        const auto spec = std::find_if(next.roles.begin(), next.roles.end(),
                                       [&](const RoleSpec& s) { return s.name == role.name; });
        if (spec == next.roles.end())
            out.push_back("role " + role.name + " (login required) would be removed");
        else if (!spec->requiresLogin)
            out.push_back("role " + role.name + " would lose its login");
    }
    return out;
}

std::vector<std::string> ConfigReloader::changes(const RoleSet& before, const RoleSet& after)
{
    std::vector<std::string> out;
    for (const Role& role : after.roles())
    {
        const Role* old = before.byName(role.name);
        if (!old)
        {
            out.push_back("added role " + role.name + " at " + role.route);
            continue;
        }
        std::vector<std::string> fields;
        if (old->route != role.route)
            fields.push_back("route " + old->route + " -> " + role.route);
        if (old->label != role.label)
            fields.push_back("label");
        if (old->pluginPath != role.pluginPath)
            fields.push_back("plugin");
        else if (old->pluginDigest != role.pluginDigest)
            fields.push_back("plugin rebuilt");
        if (old->templateName != role.templateName ||
            (old->page && role.page && old->page->sourceHash() != role.page->sourceHash()))
            fields.push_back("template");
        if (old->permissions != role.permissions)
            fields.push_back("permissions");
        if (old->requiresLogin != role.requiresLogin || old->requiresLink != role.requiresLink)
            fields.push_back("auth");
        if (!sameCredentials(old->credentials, role.credentials))
            fields.push_back("credentials");
        if (old->settingValues != role.settingValues)
            fields.push_back("settings");
        if (!fields.empty())
            out.push_back("changed role " + role.name + ": " +
                          Poco::cat(std::string(", "), fields.begin(), fields.end()));
    }
    for (const Role& role : before.roles())
        if (!after.byName(role.name))
            out.push_back("removed role " + role.name);
    return out;
}

} // namespace rolecall
