#include "app/RolecallServer.h"
#include "Poco/ConsoleChannel.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/FileChannel.h"
#include "Poco/FormattingChannel.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Path.h"
#include "Poco/PatternFormatter.h"
#include "Poco/String.h"
#include "Poco/Util/HelpFormatter.h"
#include "app/CertificateWatcher.h"
#include "app/ConfigReloader.h"
#include "app/Environment.h"
#include "app/OneTimePasswords.h"
#include "app/PidFile.h"
#include "auth/Authenticator.h"
#include "backends/EmbeddedBackend.h"
#include "backends/SignalWireBackend.h"
#include "config/ConfigError.h"
#include "config/ConfigLoader.h"
#include "config/FileSnapshot.h"
#include "config/InstallLayout.h"
#include "config/Validation.h"
#include "http/RequestRouter.h"
#include "metrics/Metrics.h"
#include "net/BlockingWorker.h"
#include "net/EventLoop.h"
#include "roles/PluginContext.h"
#include "roles/PluginLoader.h"
#include "roles/RoleRegistry.h"
#include "roles/RoleSetBuilder.h"
#include "tokens/InviteLinks.h"
#include "tokens/LobbyTicketIssuer.h"
#include "tokens/SigningKeyStore.h"
#include "tokens/TokenIssuer.h"
#include "util/PasswordHash.h"
#include "util/SecureRandom.h"
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace rolecall
{

using Poco::Util::Option;

RolecallServer::RolecallServer()
{
    setUnixOptions(true);
}

void RolecallServer::defineOptions(Poco::Util::OptionSet& options)
{
    ServerApplication::defineOptions(options);
    options.addOption(Option("config", "c", "read FILE (.ini or .properties)")
                          .argument("FILE")
                          .repeatable(false));
    options.addOption(
        Option("check-config", "", "validate config, plugins and templates, then exit"));
    options.addOption(
        Option("list-roles", "", "print the roles as they would be served, then exit"));
    // `rolecall link` only (refused elsewhere).
    options.addOption(Option("role", "", "link: the role the invite link lets in (auth = link)")
                          .argument("ROLE")
                          .repeatable(false));
    options.addOption(Option("room", "", "link: the room (default: server.default_room)")
                          .argument("ROOM")
                          .repeatable(false));
    options.addOption(
        Option("valid", "", "link: how long the link works: 90s, 15m, 24h (default), 7d")
            .argument("TIME")
            .repeatable(false));
    options.addOption(
        Option("revoke", "", "link: revoke the invite link with this id (or the link)")
            .argument("ID")
            .repeatable(false));
    options.addOption(Option("help", "h", "show this help"));
}

void RolecallServer::handleOption(const std::string& name, const std::string& value)
{
    ServerApplication::handleOption(name, value);
    if (name == "config")
        _configPath = value;
    else if (name == "check-config")
        _mode = Mode::CheckConfig;
    else if (name == "list-roles")
        _mode = Mode::ListRoles;
    else if (name == "role" || name == "room" || name == "valid" || name == "revoke")
        _linkOptions[name] = value;
    else if (name == "help")
    {
        _mode = Mode::Help;
        stopOptionsProcessing();
    }
}

void RolecallServer::initialize(Poco::Util::Application& self)
{
    ServerApplication::initialize(self);
    logTo(new Poco::ConsoleChannel);
}

// The server's lines, and role plugins' (rolecall.plugin.<name>, marked
// with that name), go to `out`.
void RolecallServer::logTo(Poco::Channel* out)
{
    Poco::AutoPtr<Poco::Channel> channel(out);
    Poco::AutoPtr<Poco::PatternFormatter> format(
        new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S %p %t"));
    logger().setChannel(new Poco::FormattingChannel(format, channel));
    Poco::AutoPtr<Poco::PatternFormatter> named(
        new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S %p %s: %t"));
    // Made first, so plugins' loggers made later start from it.
    Poco::Logger::get("rolecall.plugin");
    Poco::Logger::setChannel("rolecall.plugin", new Poco::FormattingChannel(named, channel));
}

int RolecallServer::main(const std::vector<std::string>& args)
{
    if (_mode == Mode::Help)
    {
        Poco::Util::HelpFormatter help(options());
        help.setCommand(commandName());
        help.setUsage("[--config=FILE] [--check-config | --list-roles | reload] | passwd | "
                      "link --role ROLE [--room ROOM] [--valid TIME] | link --revoke ID");
        help.setHeader("rolecall: video rooms with per-role pages, served from role plugins.");
        help.format(std::cout);
        return EXIT_OK;
    }
    const bool reload = args.size() == 1 && args[0] == "reload";
    const bool link = args.size() == 1 && args[0] == "link";
    if (!link && !_linkOptions.empty())
    {
        std::cerr << "rolecall: --" << _linkOptions.begin()->first
                  << " is an option of `rolecall link` only (see --help)\n";
        return EXIT_USAGE;
    }
    if (!args.empty() && !reload && !link)
    {
        if (args.size() == 1 && args[0] == "passwd")
            return hashPassword();
        std::cerr << "rolecall: unexpected argument '" << args[0] << "' (see --help)\n";
        return EXIT_USAGE;
    }

    const Environment environment(Poco::Path::current() + ".env");
    const InstallLayout layout = InstallLayout::forBinary(config().getString("application.dir"));
    ConfigLoader loader([&](const std::string& name) { return environment.get(name); }, layout);
    const std::string configPath = _configPath.empty() ? layout.configFile : _configPath;
    try
    {
        if (reload)
            return signalReload(loader, configPath);
        if (link)
            return _linkOptions.count("revoke") ? revokeLink(loader, configPath)
                                                : inviteLink(loader, configPath);
        // One read serves both the start and the reloader's "what is applied".
        const std::string text = FileSnapshot::read(configPath);
        Settings settings = loader.load(configPath, text);
        if (_mode == Mode::Serve)
            return serve(settings, loader, text);
        PluginLoader plugins;
        auto roles = RoleSetBuilder(plugins).build(settings);
        printRoles(*roles);
        if (_mode == Mode::CheckConfig)
            std::cout << settings.configPath << ": OK, " << roles->roles().size()
                      << " roles, backend " << settings.backend << "\n";
        return EXIT_OK;
    }
    catch (const ConfigError& e)
    {
        std::cerr << "rolecall: configuration refused:\n";
        for (const auto& p : e.problems())
            std::cerr << "  " << p << "\n";
        return EXIT_CONFIG;
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << "rolecall: cannot start: " << e.displayText() << "\n";
        return EXIT_SOFTWARE;
    }
}

int RolecallServer::serve(Settings& settings, const ConfigLoader& loader,
                          const std::string& configText)
{
    ConfigReloader::blockReloadSignal(); // before any thread starts
    if (!settings.logFile.empty())
    {
        // Under a service the default, stderr, is the journal; a file when asked.
        Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(settings.logFile));
        file->setProperty("flush", "true");
        file->duplicate();
        logTo(file.get());
    }
    OneTimePasswords oneTime;
    oneTime.apply(settings);
    // Outlives every RoleSet below (their code is in its libraries); maps
    // private copies, so plugin files may be replaced while serving.
    PluginLoader plugins(
        Poco::Path::forDirectory(settings.stateDir).pushDirectory("plugins").toString());
    RoleRegistry registry(RoleSetBuilder(plugins).build(settings));

    Metrics metrics;
    // One key for room tokens, invite links and lobby tickets (each derives
    // its own use of it).
    const std::string key = SigningKeyStore::keyFor(settings.signingKey, settings.stateDir);
    InviteLinks invites(key, InviteLinks::revokedFile(settings.stateDir), &logger());
    const LobbyTicketIssuer lobbyTickets(key);
    auto issuer = std::make_unique<TokenIssuer>(key, settings.tokenTtlSeconds);
    SignalingServer::Limits limits;
    limits.messagesPerSecond = settings.messagesPerSecond;
    limits.joinTimeoutMs = settings.joinTimeoutMs;
    limits.caps.maxMembers = static_cast<std::size_t>(settings.maxMembers);
    limits.caps.maxRooms = static_cast<std::size_t>(settings.maxRooms);
    limits.metrics = &metrics;
    limits.lobbyTickets = &lobbyTickets;
    limits.lobby.maxPerRoom = static_cast<std::size_t>(settings.lobbyMaxWaitingPerRoom);
    limits.lobby.maxWaiting = static_cast<std::size_t>(settings.lobbyMaxWaiting);
    limits.lobby.maxWaitSeconds = settings.lobbyMaxWaitSeconds;
    std::unique_ptr<RoomBackend> backend;
    SignalingServer* signaling = nullptr;
    std::unique_ptr<SignalingServer> lobbyOnly; // signalwire: /ws serves the lobby alone
    if (settings.backend == "signalwire")
    {
        auto signalWire =
            std::make_unique<SignalWireBackend>(settings.signalwire, settings.maxParticipants);
        signalWire->countIn(metrics);
        backend = std::move(signalWire);
        limits.roomsElsewhere = true;
        lobbyOnly =
            std::make_unique<SignalingServer>(*issuer, settings.maxParticipants, limits, logger());
        signaling = lobbyOnly.get();
    }
    else
    {
        limits.ice = IceServers({settings.iceStun, settings.iceTurn, settings.iceTurnSecret,
                                 settings.iceTransportPolicy});
        limits.revocationsFile =
            Poco::Path(Poco::Path::forDirectory(settings.stateDir), "revoked-tokens").toString();
        auto embedded = std::make_unique<EmbeddedBackend>(*issuer, settings.maxParticipants, limits,
                                                          logger(), settings.basePath + "/ws");
        signaling = &embedded->signaling();
        backend = std::move(embedded);
    }
    Authenticator authenticator(settings.login, logger());
    authenticator.countIn(metrics);
    ServerContext context{settings, registry,  *backend, authenticator, logger(),
                          metrics,  signaling, &invites, &lobbyTickets, lobbyOnly != nullptr};
    RequestRouter router(context);
    EventLoop loop(settings.limits, router, logger(), TrustedProxies(settings.trustedProxies));
    signaling->attach(loop);
    loop.addTicking(*signaling);
    // SignalWire token requests for people let in from the lobby block for
    // as long as the cloud takes: they run here, and report back to the
    // loop. Declared after the loop, so its threads end before the loop goes.
    std::unique_ptr<BlockingWorker> admissions;
    if (lobbyOnly)
        admissions = std::make_unique<BlockingWorker>(
            std::min(4, settings.threads), static_cast<std::size_t>(settings.lobbyMaxWaiting),
            [&loop](BlockingWorker::Continuation task) { loop.post(std::move(task)); });
    signaling->lobby().admitThrough(*backend, registry, admissions.get());
    std::unique_ptr<CertificateWatcher> certificates;
    Poco::Net::Context::Ptr tls;
    if (!settings.tlsCertFile.empty())
    {
        certificates = std::make_unique<CertificateWatcher>(settings.tlsCertFile,
                                                            settings.tlsKeyFile, logger());
        tls = certificates->context();
    }
    const unsigned short port = loop.listen(
        Poco::Net::SocketAddress(settings.host, static_cast<Poco::UInt16>(settings.port)), tls);
    unsigned short redirectPort = 0;
    if (settings.tlsRedirectPort >= 0)
        redirectPort = loop.listenRedirect(
            Poco::Net::SocketAddress(settings.host,
                                     static_cast<Poco::UInt16>(settings.tlsRedirectPort)),
            port);
    loop.start();
    oneTime.tell(settings.configPath, settings.stateDir); // only once the server is really up

    ConfigReloader reloader(
        loader, plugins, registry, settings, configText, [&](Settings& s) { oneTime.apply(s); },
        [&] { oneTime.tell(settings.configPath, settings.stateDir); }, logger(),
        [&](bool signalled)
        {
            if (certificates)
                certificates->check(signalled, [&](Poco::Net::Context::Ptr fresh)
                                    { loop.setTls(std::move(fresh)); });
        });
    reloader.countIn(metrics);
    reloader.start();
    const PidFile pidFile(settings.stateDir); // once a SIGHUP would be handled
    if (!pidFile.problem().empty())
        logger().warning("no pid file, so `rolecall reload` cannot find this server: %s",
                         pidFile.problem());
    // Last, once requests, reloads and `rolecall reload` are all served: with
    // port 0 this line is how a supervisor (and every test) learns the port.
    // The redirect comes first, so that whoever reads the port off the
    // listening line has both.
    const std::string host = settings.host == "0.0.0.0" ? "localhost" : settings.host;
    if (settings.tlsRedirectPort >= 0)
        logger().information("rolecall redirecting http://%s:%hu to https", host, redirectPort);
    logger().information("rolecall listening on %s://%s:%hu (backend %s, %z roles, up to %d "
                         "connections)",
                         std::string(tls ? "https" : "http"), host, port, backend->name(),
                         registry.current()->roles().size(), loop.connectionCap());
    // The full address of each role, to hand out, when the public one is known.
    for (const Role& role : registry.current()->roles())
        logger().information("  %s%s -> role %s%s", settings.publicUrl,
                             settings.basePath + role.route, role.name,
                             std::string(role.requiresLogin  ? " (login required)"
                                         : role.requiresLink ? " (invite link required)"
                                                             : ""));
    waitForTerminationRequest();
    logger().information("rolecall stopping");
    reloader.stop();
    loop.stop();
    return EXIT_OK;
}

// `rolecall reload`: the server of this config is the one holding the pid
// file in its state folder. The config may be the broken edit to be
// reloaded, so only its state folder is read.
int RolecallServer::signalReload(const ConfigLoader& loader, const std::string& configPath)
{
    const std::string stateDir = loader.stateDir(configPath);
    std::string why;
    const pid_t pid = PidFile::running(stateDir, why);
    if (pid == 0)
    {
        std::cerr << "rolecall reload: " << why << "\n";
        return EXIT_UNAVAILABLE;
    }
    if (::kill(pid, SIGHUP) != 0)
    {
        std::cerr << "rolecall reload: cannot signal the server (pid " << pid
                  << "): " << std::strerror(errno) << " (run it as the server's user or root)\n";
        return EXIT_NOPERM;
    }
    std::cout << "rolecall reload: asked the server (pid " << pid << ") to reload " << configPath
              << "; its log says what changed\n";
    return EXIT_OK;
}

void RolecallServer::printRoles(const RoleSet& roles) const
{
    std::cout << std::left << std::setw(12) << "ROLE" << std::setw(14) << "ROUTE" << std::setw(16)
              << "LABEL" << std::setw(12) << "PLUGIN" << std::setw(7) << "LOGIN"
              << "PERMISSIONS\n";
    for (const Role& role : roles.roles())
    {
        std::cout << std::setw(12) << role.name << std::setw(14) << role.route << std::setw(16)
                  << role.label << std::setw(12) << role.pluginName << std::setw(7)
                  << (role.requiresLogin  ? "yes"
                      : role.requiresLink ? "link"
                                          : "no")
                  << Poco::cat(std::string(","), role.permissions.begin(), role.permissions.end())
                  << "\n";
        // The plugin's own settings: value, type, default and what it does.
        for (const auto& setting : role.pluginSettings)
            std::cout << "    " << setting.name << " = " << role.settingValues.at(setting.name)
                      << "  (" << PluginContext::typeName(setting.type) << ", default '"
                      << setting.defaultValue << "'): " << setting.help << "\n";
    }
}

// `rolecall link --role R [--room N] [--valid T]`: one invite link on
// stdout, signed with the key the server of this config uses; what it is
// (id, expiry) on stderr, so stdout is the link alone.
int RolecallServer::inviteLink(const ConfigLoader& loader, const std::string& configPath)
{
    if (!_linkOptions.count("role") || _linkOptions.at("role").empty())
    {
        std::cerr << "rolecall link: --role ROLE is required (a role with auth = link), or "
                     "--revoke ID\n";
        return EXIT_USAGE;
    }
    const std::string name = _linkOptions.at("role");
    int seconds = InviteLinks::defaultValidSeconds;
    if (_linkOptions.count("valid"))
    {
        const std::string problem = InviteLinks::parseValidity(_linkOptions.at("valid"), seconds);
        if (!problem.empty())
        {
            std::cerr << "rolecall link: --valid " << problem << "\n";
            return EXIT_USAGE;
        }
    }
    Settings settings = loader.load(configPath);
    const std::string room =
        _linkOptions.count("room") ? _linkOptions.at("room") : settings.defaultRoom;
    const std::string roomProblem = Validation::roomName(room);
    if (!roomProblem.empty())
    {
        std::cerr << "rolecall link: --room " << roomProblem << "\n";
        return EXIT_USAGE;
    }
    // The route may be the plugin's: the roles as they would be served.
    PluginLoader plugins;
    const auto roles = RoleSetBuilder(plugins).build(settings);
    const Role* role = roles->byName(name);
    if (!role)
    {
        std::string names;
        for (const Role& r : roles->roles())
            names += (names.empty() ? "" : ", ") + r.name;
        std::cerr << "rolecall link: there is no role '" << name << "' in " << settings.configPath
                  << " (roles: " << names << ")\n";
        return EXIT_USAGE;
    }
    if (!role->requiresLink)
    {
        std::cerr << "rolecall link: role '" << name
                  << "' has auth = " << (role->requiresLogin ? "basic" : "none")
                  << ": invite links are for roles with auth = link\n";
        return EXIT_USAGE;
    }
    const InviteLinks links(SigningKeyStore::keyFor(settings.signingKey, settings.stateDir), "");
    const Invite invite = links.issue(role->name, room, seconds);
    std::cout << InviteLinks::address(settings.publicUrl, settings.basePath, role->route, invite)
              << std::endl;
    std::cerr << "rolecall link: invite link " << invite.id << " to role " << role->name
              << " in room " << room << ", valid until "
              << Poco::DateTimeFormatter::format(invite.expiresAt, "%Y-%m-%d %H:%M:%S UTC")
              << "; revoke it with: rolecall link --revoke " << invite.id << "\n";
    if (settings.publicUrl.empty())
        std::cerr << "rolecall link: server.public_url is not set, so the link is a path: put the "
                     "server's address (https://host) in front of it\n";
    return EXIT_OK;
}

// `rolecall link --revoke ID`: into the state folder, where the running
// server looks on each use of a link. Only the state folder is read from the
// config, so a broken edit does not stop a revocation.
int RolecallServer::revokeLink(const ConfigLoader& loader, const std::string& configPath)
{
    if (_linkOptions.size() > 1)
    {
        std::cerr << "rolecall link: --revoke ID takes no other option\n";
        return EXIT_USAGE;
    }
    std::string id;
    std::optional<Poco::Timestamp> expiry;
    const std::string problem = InviteLinks::parseId(_linkOptions.at("revoke"), id, expiry);
    if (!problem.empty())
    {
        std::cerr << "rolecall link: --revoke " << problem << "\n";
        return EXIT_USAGE;
    }
    const Poco::Timestamp now;
    if (expiry && *expiry <= now)
    {
        std::cout << "rolecall link: invite link " << id
                  << " has expired already; nothing to revoke\n";
        return EXIT_OK;
    }
    // A bare id does not say when its link ends: kept as long as any link lasts.
    const Poco::Timestamp until =
        expiry ? *expiry : now + Poco::Timespan(InviteLinks::maxValidSeconds, 0);
    const std::string file = InviteLinks::revokedFile(loader.stateDir(configPath));
    InviteLinks::revoke(file, id, until);
    std::cout << "rolecall link: revoked invite link " << id << " (kept in " << file << " until "
              << Poco::DateTimeFormatter::format(until, "%Y-%m-%d %H:%M UTC")
              << "); the running server refuses it from now on\n";
    return EXIT_OK;
}

int RolecallServer::hashPassword()
{
    const bool terminal = ::isatty(STDIN_FILENO);
    auto read = [&](const char* prompt)
    {
        termios saved{};
        if (terminal)
        {
            std::cerr << prompt << std::flush;
            ::tcgetattr(STDIN_FILENO, &saved);
            termios quiet = saved;
            quiet.c_lflag &= ~ECHO;
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        std::string line;
        std::getline(std::cin, line);
        if (terminal)
        {
            ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
            std::cerr << "\n";
        }
        return line;
    };
    const std::string password = read("Password: ");
    if (password.size() < 8)
    {
        std::cerr << "rolecall passwd: the password must be at least 8 characters\n";
        return EXIT_DATAERR;
    }
    if (terminal && read("Again: ") != password)
    {
        std::cerr << "rolecall passwd: the two passwords differ\n";
        return EXIT_DATAERR;
    }
    std::cout << PasswordHash::make(password) << std::endl;
    return EXIT_OK;
}

} // namespace rolecall
