#include "app/ConfigReloader.h"
#include "Poco/File.h"
#include "Poco/String.h"
#include "Poco/Thread.h"
#include "config/ConfigError.h"
#include "roles/RoleSetBuilder.h"
#include <csignal>
#include <cstring>
#include <ctime>

namespace rolecall
{
namespace
{

sigset_t reloadSignal()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    return set;
}

Poco::Timestamp modified(const std::string& path)
{
    try
    {
        return Poco::File(path).getLastModified();
    }
    catch (const Poco::Exception&)
    {
        return Poco::Timestamp(0); // gone for now (an editor replacing it)
    }
}

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

} // namespace

ConfigReloader::ConfigReloader(const ConfigLoader& loader, PluginLoader& plugins,
                               RoleRegistry& registry, const Settings& running, Prepare prepare,
                               Done done, Poco::Logger& logger, Tick tick)
    : _configPath(running.configPath), _loader(loader), _plugins(plugins), _registry(registry),
      _running(running), _prepare(std::move(prepare)), _done(std::move(done)),
      _tick(std::move(tick)), _logger(logger), _seenModified(modified(running.configPath))
{
}

ConfigReloader::~ConfigReloader()
{
    stop();
}

void ConfigReloader::blockReloadSignal()
{
    const sigset_t set = reloadSignal();
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
        _stop = true;
        _thread.join();
    }
}

void ConfigReloader::run()
{
    const sigset_t set = reloadSignal();
    const timespec second{1, 0};
    while (!_stop)
    {
        const bool signalled = sigtimedwait(&set, nullptr, &second) == SIGHUP;
        if (signalled)
            reload("SIGHUP");
        else if (fileChanged())
            reload("config file changed");
        if (_tick)
            _tick(signalled);
    }
}

// An editor may write a file in several steps: wait until it has held still
// for a moment before reading it.
bool ConfigReloader::fileChanged()
{
    Poco::Timestamp now = modified(_configPath);
    if (now == _seenModified)
        return false;
    do
    {
        _seenModified = now;
        Poco::Thread::sleep(200);
        now = modified(_configPath);
    } while (now != _seenModified);
    return now != Poco::Timestamp(0);
}

bool ConfigReloader::reload(const std::string& why)
{
    _logger.information("reloading %s (%s)", _configPath, why);
    try
    {
        Settings fresh = _loader.load(_configPath);
        fresh.basePath = _running.basePath; // routing keeps the one it started with
        _prepare(fresh);
        auto next = RoleSetBuilder(_plugins).build(fresh);
        const auto before = _registry.current();
        _registry.replace(next);
        _done();
        const auto changed = changes(*before, *next);
        _logger.information("reload done: %s",
                            changed.empty()
                                ? std::string("no role changed")
                                : Poco::cat(std::string("; "), changed.begin(), changed.end()));
        for (const auto& key : restartOnly(_running, fresh))
            _logger.warning("%s changed: takes effect at the next restart", key);
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
    return false;
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
        if (old->templateName != role.templateName)
            fields.push_back("template");
        if (old->permissions != role.permissions)
            fields.push_back("permissions");
        if (old->requiresLogin != role.requiresLogin)
            fields.push_back("auth");
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
