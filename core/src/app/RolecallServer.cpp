#include "app/RolecallServer.h"
#include "Poco/ConsoleChannel.h"
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
#include "auth/PasswordHash.h"
#include "backends/EmbeddedBackend.h"
#include "backends/SignalWireBackend.h"
#include "config/ConfigError.h"
#include "config/ConfigLoader.h"
#include "config/FileSnapshot.h"
#include "config/InstallLayout.h"
#include "http/RequestRouter.h"
#include "metrics/Metrics.h"
#include "net/EventLoop.h"
#include "roles/PluginContext.h"
#include "roles/PluginLoader.h"
#include "roles/RoleRegistry.h"
#include "roles/RoleSetBuilder.h"
#include "tokens/SigningKeyStore.h"
#include "tokens/TokenIssuer.h"
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
        help.setUsage("[--config=FILE] [--check-config | --list-roles | reload] | passwd");
        help.setHeader("rolecall: video rooms with per-role pages, served from role plugins.");
        help.format(std::cout);
        return EXIT_OK;
    }
    const bool reload = args.size() == 1 && args[0] == "reload";
    if (!args.empty() && !reload)
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
    std::unique_ptr<TokenIssuer> issuer;
    std::unique_ptr<RoomBackend> backend;
    SignalingServer* signaling = nullptr;
    if (settings.backend == "signalwire")
    {
        auto signalWire =
            std::make_unique<SignalWireBackend>(settings.signalwire, settings.maxParticipants);
        signalWire->countIn(metrics);
        backend = std::move(signalWire);
    }
    else
    {
        std::string key = settings.signingKey;
        if (key.empty())
            key = SigningKeyStore(settings.stateDir).loadOrCreate();
        issuer = std::make_unique<TokenIssuer>(key, settings.tokenTtlSeconds);
        key.assign(key.size(), '\0');
        SignalingServer::Limits limits;
        limits.messagesPerSecond = settings.messagesPerSecond;
        limits.joinTimeoutMs = settings.joinTimeoutMs;
        limits.caps.maxMembers = static_cast<std::size_t>(settings.maxMembers);
        limits.caps.maxRooms = static_cast<std::size_t>(settings.maxRooms);
        limits.metrics = &metrics;
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
    ServerContext context{settings, registry, *backend, authenticator,
                          logger(), metrics,  signaling};
    RequestRouter router(context);
    EventLoop loop(settings.limits, router, logger(), TrustedProxies(settings.trustedProxies));
    if (signaling)
    {
        signaling->attach(loop);
        loop.addTicking(*signaling);
    }
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
                             std::string(role.requiresLogin ? " (login required)" : ""));
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
                  << (role.requiresLogin ? "yes" : "no")
                  << Poco::cat(std::string(","), role.permissions.begin(), role.permissions.end())
                  << "\n";
        // The plugin's own settings: value, type, default and what it does.
        for (const auto& setting : role.pluginSettings)
            std::cout << "    " << setting.name << " = " << role.settingValues.at(setting.name)
                      << "  (" << PluginContext::typeName(setting.type) << ", default '"
                      << setting.defaultValue << "'): " << setting.help << "\n";
    }
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
