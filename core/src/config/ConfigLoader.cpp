#include "config/ConfigLoader.h"
#include "Poco/NumberParser.h"
#include "Poco/Path.h"
#include "Poco/RegularExpression.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include "config/ConfigError.h"
#include "config/ConfigFile.h"
#include "config/FileSnapshot.h"
#include "config/Validation.h"
#include "net/AddressBlocks.h"
#include "net/TrustedProxies.h"
#include "rolecall/Permissions.h"
#include "util/PasswordHash.h"
#include <algorithm>
#include <map>
#include <set>
#include <unistd.h>

namespace rolecall
{
namespace
{

const std::set<std::string> serverKeys = {"server.host",
                                          "server.port",
                                          "server.threads",
                                          "server.backend",
                                          "server.default_room",
                                          "server.max_participants",
                                          "server.logo",
                                          "server.plugin_dir",
                                          "server.template_dir",
                                          "server.vendor_dir",
                                          "signaling.ping_interval_ms",
                                          "signaling.max_message_bytes",
                                          "signaling.messages_per_second",
                                          "signaling.join_timeout_ms",
                                          "server.allowed_origins",
                                          "server.base_path",
                                          "server.trusted_proxies",
                                          "metrics.allow",
                                          "server.log_file",
                                          "server.public_url",
                                          "ice.stun",
                                          "ice.turn",
                                          "ice.turn_secret",
                                          "ice.transport_policy",
                                          "tls.cert_file",
                                          "tls.key_file",
                                          "tls.redirect_port",
                                          "limits.max_connections",
                                          "limits.max_connections_per_address",
                                          "limits.max_members",
                                          "limits.max_rooms",
                                          "limits.header_timeout_ms",
                                          "limits.body_timeout_ms",
                                          "limits.idle_timeout_ms",
                                          "limits.frame_timeout_ms",
                                          "limits.max_header_bytes",
                                          "limits.max_body_bytes",
                                          "limits.send_queue_bytes",
                                          "limits.worker_queue",
                                          "lobby.max_waiting_per_room",
                                          "lobby.max_waiting",
                                          "lobby.max_wait_seconds",
                                          "auth.free_failures",
                                          "auth.decay_seconds",
                                          "auth.backoff_ms",
                                          "auth.max_backoff_seconds",
                                          "auth.max_tracked",
                                          "auth.concurrent_checks",
                                          "server.state_dir",
                                          "tokens.ttl",
                                          "tokens.signing_key",
                                          "signalwire.project_key",
                                          "signalwire.token",
                                          "signalwire.space",
                                          "signalwire.base_url",
                                          "signalwire.ca_file",
                                          "signalwire.timeout_ms",
                                          "signalwire.create_rooms",
                                          "signalwire.rooms",
                                          "signalwire.room_cache_size",
                                          "signalwire.pool_size",
                                          "signalwire.pool_idle_ms"};

const std::set<std::string> roleKeys = {"plugin",
                                        "route",
                                        "label",
                                        "template",
                                        "permissions",
                                        "auth",
                                        "credentials",
                                        "join_audio_muted",
                                        "join_video_muted",
                                        "join_as",
                                        "media_allowed",
                                        "remove_after_seconds",
                                        "end_room_on_leave",
                                        "lobby"};

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    Poco::StringTokenizer tokens(
        text, ", \t", Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
    for (const auto& t : tokens)
        items.push_back(t);
    return items;
}

} // namespace

/// One pass over one file: the problems found so far and helpers that record
/// a problem at the key's line instead of stopping at the first.
class ConfigLoader::Reader
{
public:
    explicit Reader(const ConfigFile& file) : file(file), problems(file.problems()) {}

    void problem(const std::string& key, const std::string& what)
    {
        problems.push_back(file.where(key) + ": " + what);
    }

    std::string string(const std::string& key, const std::string& fallback)
    {
        return file.get(key, fallback);
    }

    int integer(const std::string& key, int fallback, int min, int max)
    {
        if (!file.has(key))
            return fallback;
        int value = 0;
        if (!Poco::NumberParser::tryParse(file.get(key), value) || value < min || value > max)
        {
            problem(key, "'" + key + "' must be a whole number from " + std::to_string(min) +
                             " to " + std::to_string(max));
            return fallback;
        }
        return value;
    }

    bool boolean(const std::string& key, bool fallback)
    {
        if (!file.has(key))
            return fallback;
        const std::string value = Poco::toLower(file.get(key));
        if (value == "true" || value == "yes" || value == "on" || value == "1")
            return true;
        if (value == "false" || value == "no" || value == "off" || value == "0")
            return false;
        problem(key, "'" + key + "' must be true or false");
        return fallback;
    }

    /// One of `allowed`; a problem naming them otherwise.
    std::string choice(const std::string& key, const std::string& fallback,
                       const std::vector<std::string>& allowed)
    {
        const std::string value = file.get(key, fallback);
        if (std::find(allowed.begin(), allowed.end(), value) != allowed.end())
            return value;
        std::string list;
        for (const auto& a : allowed)
            list += (list.empty() ? "'" : ", '") + a + "'";
        problem(key, "'" + key + "' must be one of " + list);
        return fallback;
    }

    std::string path(const std::string& key, const std::string& fallback)
    {
        const std::string value = file.get(key, fallback);
        Poco::Path base(Poco::Path(file.path()).absolute().parent());
        return Poco::Path(base).resolve(Poco::Path(value)).makeDirectory().toString();
    }

    const ConfigFile& file;
    std::vector<std::string> problems;
};

// [tls]: both files or neither, each readable; the redirect port only with TLS.
void ConfigLoader::readTls(Reader& in, Settings& s) const
{
    const bool cert = in.file.has("tls.cert_file");
    const bool key = in.file.has("tls.key_file");
    if (cert != key)
        in.problem(cert ? "tls.cert_file" : "tls.key_file",
                   "TLS needs both tls.cert_file and tls.key_file");
    for (const char* name : {"tls.cert_file", "tls.key_file"})
    {
        if (!in.file.has(name))
            continue;
        const std::string path = Poco::Path(in.path(name, "")).makeFile().toString();
        if (::access(path.c_str(), R_OK) != 0)
            in.problem(name, std::string(name) + ": cannot read " + path);
        (std::string(name) == "tls.cert_file" ? s.tlsCertFile : s.tlsKeyFile) = path;
    }
    s.tlsRedirectPort = in.integer("tls.redirect_port", -1, 0, 65535);
    if (s.tlsRedirectPort >= 0 && s.tlsCertFile.empty())
        in.problem("tls.redirect_port", "tls.redirect_port needs tls.cert_file and tls.key_file");
}

// [ice]: URLs as browsers take them, a secret whenever TURN is named, and
// relay-only only with TURN to relay through.
void ConfigLoader::readIce(Reader& in, Settings& s, const std::string& turnSecret) const
{
    s.iceStun = splitList(in.string("ice.stun", ""));
    s.iceTurn = splitList(in.string("ice.turn", ""));
    s.iceTurnSecret = turnSecret;
    for (const auto& url : s.iceStun)
        if (url.rfind("stun:", 0) != 0 || url.find('?') != std::string::npos)
            in.problem("ice.stun", "ice.stun: '" + url +
                                       "' is not a stun: URL such as stun:stun.example.org:3478 "
                                       "(no ?transport=)");
    for (const auto& url : s.iceTurn)
        if (url.rfind("turn:", 0) != 0 && url.rfind("turns:", 0) != 0)
            in.problem("ice.turn", "ice.turn: '" + url +
                                       "' is not a turn: or turns: URL such as "
                                       "turn:turn.example.org:3478?transport=udp");
    if (!s.iceTurn.empty() && s.iceTurnSecret.empty())
        in.problem("ice.turn", "ice.turn needs ice.turn_secret (or ROLECALL_TURN_SECRET): the "
                               "static-auth-secret of coturn's use-auth-secret");
    s.iceTransportPolicy = in.string("ice.transport_policy", "all");
    if (s.iceTransportPolicy != "all" && s.iceTransportPolicy != "relay")
        in.problem("ice.transport_policy", "ice.transport_policy must be 'all' or 'relay'");
    else if (s.iceTransportPolicy == "relay" && s.iceTurn.empty())
        in.problem("ice.transport_policy", "ice.transport_policy = relay needs ice.turn");
}

// systemd's StateDirectory= names the folder in $STATE_DIRECTORY (the
// first of a list); an explicit state_dir still wins.
std::string ConfigLoader::readStateDir(Reader& in) const
{
    auto systemdState = _environment("STATE_DIRECTORY");
    if (!in.file.has("server.state_dir") && systemdState && !systemdState->empty())
        return Poco::Path::forDirectory(systemdState->substr(0, systemdState->find(':')))
            .toString();
    return in.path("server.state_dir", _defaults.stateDir);
}

std::string ConfigLoader::stateDir(const std::string& path) const
{
    const ConfigFile file(path);
    Reader in(file);
    return readStateDir(in);
}

ConfigLoader::ConfigLoader(Environment environment, InstallLayout defaults)
    : _environment(std::move(environment)), _defaults(std::move(defaults))
{
}

Settings ConfigLoader::load(const std::string& path) const
{
    return load(path, FileSnapshot::read(path));
}

Settings ConfigLoader::load(const std::string& path, const std::string& text) const
{
    const ConfigFile file(path, text);
    Reader in(file);
    Settings s;
    s.configPath = Poco::Path(path).absolute().toString();
    checkKeys(in);
    readServer(in, s);
    readLimits(in, s);
    readTls(in, s);
    readAddresses(in, s);
    readIce(in, s, secret(in, "ROLECALL_TURN_SECRET", "ice.turn_secret"));
    s.signingKey = secret(in, "ROLECALL_SIGNING_KEY", "tokens.signing_key");
    if (!s.signingKey.empty() && s.signingKey.size() < 32)
        in.problem("tokens.signing_key",
                   "signing key (tokens.signing_key or ROLECALL_SIGNING_KEY) must be at least "
                   "32 characters");
    readSignalWire(in, s);
    readRoles(in, s);
    if (!in.problems.empty())
        throw ConfigError(in.problems);
    return s;
}

// Every key is one we know; a role's other keys may be its plugin's own
// settings, which RoleSetBuilder checks against what the plugin declares.
void ConfigLoader::checkKeys(Reader& in) const
{
    for (const auto& key : in.file.keys())
    {
        if (key.rfind("role.", 0) == 0)
        {
            const auto dot = key.rfind('.');
            if (dot <= 5)
                in.problem(key, "unknown key '" + key + "' (role sections are [role.NAME])");
        }
        else if (!serverKeys.count(key))
            in.problem(key, "unknown key '" + key + "'");
    }
}

// [server]: where it listens, which backend, the default room and folders.
void ConfigLoader::readServer(Reader& in, Settings& s) const
{
    s.host = in.string("server.host", s.host);
    s.port = in.integer("server.port", s.port, 0, 65535);
    s.threads = in.integer("server.threads", s.threads, 2, 1024);
    s.backend = in.string("server.backend", s.backend);
    if (s.backend != "embedded" && s.backend != "signalwire")
        in.problem("server.backend", "backend must be 'embedded' or 'signalwire'");
    s.defaultRoom = in.string("server.default_room", s.defaultRoom);
    const std::string roomProblem = Validation::roomName(s.defaultRoom);
    if (!roomProblem.empty())
        in.problem("server.default_room", "default_room " + roomProblem);
    s.maxParticipants = in.integer("server.max_participants", s.maxParticipants, 1, 300);
    s.logo = in.string("server.logo", s.logo);
    s.pluginDir = in.path("server.plugin_dir", _defaults.pluginDir);
    s.templateDir = in.path("server.template_dir", _defaults.templateDir);
    s.vendorDir = in.path("server.vendor_dir", _defaults.vendorDir);
    s.stateDir = readStateDir(in);
}

// Token lifetime, signaling, connection, lobby and login limits.
void ConfigLoader::readLimits(Reader& in, Settings& s) const
{
    s.tokenTtlSeconds = in.integer("tokens.ttl", s.tokenTtlSeconds, 60, 7 * 24 * 3600);
    ConnectionLimits& l = s.limits;
    l.workers = s.threads;
    l.pingIntervalMs = in.integer("signaling.ping_interval_ms", l.pingIntervalMs, 100, 60000);
    l.maxMessageBytes =
        in.integer("signaling.max_message_bytes", l.maxMessageBytes, 1024, 1024 * 1024);
    s.messagesPerSecond =
        in.integer("signaling.messages_per_second", s.messagesPerSecond, 1, 100000);
    s.joinTimeoutMs = in.integer("signaling.join_timeout_ms", s.joinTimeoutMs, 100, 600000);
    const int million = 1000 * 1000;
    l.maxConnections = in.integer("limits.max_connections", l.maxConnections, 1, million);
    l.maxConnectionsPerAddress =
        in.integer("limits.max_connections_per_address", l.maxConnectionsPerAddress, 1, million);
    s.maxMembers = in.integer("limits.max_members", s.maxMembers, 1, million);
    s.maxRooms = in.integer("limits.max_rooms", s.maxRooms, 1, million);
    l.headerTimeoutMs = in.integer("limits.header_timeout_ms", l.headerTimeoutMs, 100, 600000);
    l.bodyTimeoutMs = in.integer("limits.body_timeout_ms", l.bodyTimeoutMs, 100, 600000);
    l.idleTimeoutMs = in.integer("limits.idle_timeout_ms", l.idleTimeoutMs, 100, 3600000);
    l.frameTimeoutMs = in.integer("limits.frame_timeout_ms", l.frameTimeoutMs, 100, 600000);
    l.maxHeaderBytes = in.integer("limits.max_header_bytes", l.maxHeaderBytes, 1024, 1024 * 1024);
    l.maxBodyBytes = in.integer("limits.max_body_bytes", l.maxBodyBytes, 0, 64 * million);
    l.sendQueueBytes = in.integer("limits.send_queue_bytes", l.sendQueueBytes, 4096, 256 * million);
    l.workerQueue = in.integer("limits.worker_queue", l.workerQueue, 1, million);
    s.lobbyMaxWaitingPerRoom =
        in.integer("lobby.max_waiting_per_room", s.lobbyMaxWaitingPerRoom, 1, million);
    s.lobbyMaxWaiting = in.integer("lobby.max_waiting", s.lobbyMaxWaiting, 1, million);
    s.lobbyMaxWaitSeconds = in.integer("lobby.max_wait_seconds", s.lobbyMaxWaitSeconds, 1, 86400);
    LoginLimits& a = s.login;
    a.freeFailures = in.integer("auth.free_failures", a.freeFailures, 1, 1000);
    a.decaySeconds = in.integer("auth.decay_seconds", a.decaySeconds, 1, 86400);
    a.backoffMs = in.integer("auth.backoff_ms", a.backoffMs, 1, 600000);
    a.maxBackoffSeconds = in.integer("auth.max_backoff_seconds", a.maxBackoffSeconds, 1, 86400);
    a.maxTracked = in.integer("auth.max_tracked", a.maxTracked, 100, million);
    a.concurrentChecks = in.integer("auth.concurrent_checks", a.concurrentChecks, 0, 1024);
}

// How the server is reached: base path, public URL, proxies, origins, and
// who may read /metrics; also the log file.
void ConfigLoader::readAddresses(Reader& in, Settings& s) const
{
    static const Poco::RegularExpression pathPrefix("^(/[A-Za-z0-9._~-]+)+/?$");
    const std::string base = in.string("server.base_path", "/");
    if (base != "/" && !pathPrefix.match(base))
        in.problem("server.base_path",
                   "base_path must be / or a path such as /meet (letters, digits, . _ ~ -)");
    else if (base != "/")
        s.basePath = base.back() == '/' ? base.substr(0, base.size() - 1) : base;
    static const Poco::RegularExpression site("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^ ]*)?$");
    s.publicUrl = in.string("server.public_url", "");
    if (!s.publicUrl.empty() && !site.match(s.publicUrl))
        in.problem("server.public_url",
                   "public_url must be an address such as https://meet.example.org");
    while (!s.publicUrl.empty() && s.publicUrl.back() == '/')
        s.publicUrl.pop_back();
    if (in.file.has("server.log_file"))
    {
        s.logFile = Poco::Path(in.path("server.log_file", "")).makeFile().toString();
        const std::string folder = Poco::Path(s.logFile).parent().toString();
        if (::access(folder.c_str(), W_OK) != 0)
            in.problem("server.log_file", "log_file: cannot write in " + folder);
    }
    s.trustedProxies = splitList(in.string("server.trusted_proxies", ""));
    const std::string proxyProblem = TrustedProxies::problem(s.trustedProxies);
    if (!proxyProblem.empty())
        in.problem("server.trusted_proxies", "trusted_proxies: " + proxyProblem);
    if (in.file.has("metrics.allow"))
        s.metricsAllow = splitList(in.string("metrics.allow", ""));
    const std::string metricsProblem = AddressBlocks::problem(s.metricsAllow);
    if (!metricsProblem.empty())
        in.problem("metrics.allow", "metrics.allow: " + metricsProblem);
    if (!in.file.has("server.logo"))
        s.logo = s.basePath + "/static/logo.svg";
    static const Poco::RegularExpression origin("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");
    for (const auto& o : splitList(in.string("server.allowed_origins", "")))
        if (origin.match(o))
            s.allowedOrigins.push_back(o);
        else
            in.problem("server.allowed_origins",
                       "allowed_origins: '" + o +
                           "' is not an origin such as https://meet.example.org (scheme, "
                           "host and optional port; no path)");
}

// A secret from the environment wins over the file, so none need be on disk.
std::string ConfigLoader::secret(Reader& in, const std::string& variable,
                                 const std::string& key) const
{
    if (auto value = _environment(variable))
        return Poco::trim(*value);
    return in.string(key, "");
}

// [signalwire]: credentials (required only on that backend) and the client's knobs.
void ConfigLoader::readSignalWire(Reader& in, Settings& s) const
{
    s.signalwire.projectKey = secret(in, "SIGNALWIRE_PROJECT_KEY", "signalwire.project_key");
    s.signalwire.token = secret(in, "SIGNALWIRE_TOKEN", "signalwire.token");
    s.signalwire.space = secret(in, "SIGNALWIRE_SPACE", "signalwire.space");
    s.signalwire.baseUrl = in.string("signalwire.base_url", "");
    if (in.file.has("signalwire.ca_file"))
        s.signalwire.caFile = Poco::Path(in.path("signalwire.ca_file", "")).makeFile().toString();
    s.signalwire.timeoutMs =
        in.integer("signalwire.timeout_ms", s.signalwire.timeoutMs, 100, 60000);
    using CreateRooms = SignalWireSettings::CreateRooms;
    const std::string create = in.string("signalwire.create_rooms", "authenticated");
    const std::map<std::string, CreateRooms> creates = {
        {"always", CreateRooms::Always},
        {"authenticated", CreateRooms::Authenticated},
        {"never", CreateRooms::Never}};
    if (creates.count(create))
        s.signalwire.createRooms = creates.at(create);
    else
        in.problem("signalwire.create_rooms",
                   "create_rooms must be 'always', 'authenticated' or 'never'");
    s.signalwire.rooms = splitList(in.string("signalwire.rooms", ""));
    for (const auto& room : s.signalwire.rooms)
        if (!Validation::roomName(room).empty())
            in.problem("signalwire.rooms", "rooms: '" + room + "' " + Validation::roomName(room));
    if (in.file.has("signalwire.rooms") && s.signalwire.rooms.empty())
        in.problem("signalwire.rooms", "rooms is empty (leave it out to allow any room)");
    s.signalwire.roomCacheSize =
        in.integer("signalwire.room_cache_size", s.signalwire.roomCacheSize, 1, 1000000);
    s.signalwire.poolSize = in.integer("signalwire.pool_size", s.signalwire.poolSize, 0, 1024);
    s.signalwire.poolIdleMs =
        in.integer("signalwire.pool_idle_ms", s.signalwire.poolIdleMs, 100, 3600000);
    if (s.backend == "signalwire")
    {
        std::vector<std::string> missing;
        if (s.signalwire.projectKey.empty())
            missing.push_back("SIGNALWIRE_PROJECT_KEY (or signalwire.project_key)");
        if (s.signalwire.token.empty())
            missing.push_back("SIGNALWIRE_TOKEN (or signalwire.token)");
        if (s.signalwire.space.empty())
            missing.push_back("SIGNALWIRE_SPACE (or signalwire.space)");
        for (const auto& m : missing)
            in.problem("server.backend", "backend 'signalwire' needs " + m);
        static const Poco::RegularExpression host("^[A-Za-z0-9.-]{1,253}$");
        if (!s.signalwire.space.empty() && !host.match(s.signalwire.space))
            in.problem("signalwire.space",
                       "space must be a host name such as example.signalwire.com");
        if (!s.signalwire.baseUrl.empty() && s.signalwire.baseUrl.rfind("https://", 0) != 0)
            in.problem("signalwire.base_url", "base_url must start with https://");
    }
}

// [role.NAME] sections, in file order.
void ConfigLoader::readRoles(Reader& in, Settings& s) const
{
    std::vector<std::string> names;
    for (const auto& key : in.file.keys())
    {
        if (key.rfind("role.", 0) != 0)
            continue;
        const auto dot = key.rfind('.');
        const std::string name = dot > 5 ? key.substr(5, dot - 5) : "";
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }
    if (names.empty())
        in.problems.push_back(in.file.path() + ": no roles configured (add a [role.NAME] section)");

    for (const auto& name : names)
        s.roles.push_back(readRole(in, name));
}

RoleSpec ConfigLoader::readRole(Reader& in, const std::string& name) const
{
    const std::string prefix = "role." + name + ".";
    RoleSpec role;
    role.name = name;
    for (const auto& key : in.file.keys())
    {
        if (key.rfind(prefix, 0) != 0)
            continue;
        if (role.where.empty())
            role.where = in.file.where(key);
        const std::string field = key.substr(prefix.size());
        role.keyWhere[field] = in.file.where(key);
        if (!roleKeys.count(field))
            role.pluginSettings[field] = in.file.get(key);
    }
    const std::string nameProblem = Validation::identifier(name);
    if (!nameProblem.empty())
        in.problems.push_back(role.where + ": role name '" + name + "' " + nameProblem);

    role.plugin = in.string(prefix + "plugin", "");
    if (role.plugin.empty())
        in.problems.push_back(role.where + ": role '" + name + "' needs 'plugin ='");
    else if (!Validation::identifier(role.plugin).empty())
        in.problem(prefix + "plugin", "plugin name " + Validation::identifier(role.plugin));

    if (in.file.has(prefix + "route"))
    {
        role.route = in.string(prefix + "route", "");
        const std::string problem = Validation::route(*role.route);
        if (!problem.empty())
            in.problem(prefix + "route", "route '" + *role.route + "' " + problem);
    }
    if (in.file.has(prefix + "label"))
    {
        role.label = in.string(prefix + "label", "");
        const std::string problem = Validation::displayName(*role.label);
        if (!problem.empty())
            in.problem(prefix + "label", "label " + problem);
    }
    if (in.file.has(prefix + "template"))
    {
        role.templateName = in.string(prefix + "template", "");
        if (role.templateName->empty() || role.templateName->find("..") != std::string::npos ||
            role.templateName->front() == '/')
            in.problem(prefix + "template",
                       "template must be a file name inside the template folder");
    }
    if (in.file.has(prefix + "permissions"))
    {
        role.permissions = splitList(in.string(prefix + "permissions", ""));
        for (const auto& p : *role.permissions)
            if (!isKnownPermission(p))
                in.problem(prefix + "permissions", "unknown permission '" + p + "'");
    }
    readAccess(in, prefix, role);
    readOptions(in, prefix, role.options);
    return role;
}

// Who may open the role's page: `auth` and, for basic, its credentials.
void ConfigLoader::readAccess(Reader& in, const std::string& prefix, RoleSpec& role) const
{
    // Stated, never defaulted: a file cut short after a role's first
    // lines must not serve that role without its login.
    const std::string auth = in.string(prefix + "auth", "");
    if (!in.file.has(prefix + "auth"))
        in.problems.push_back(role.where + ": role '" + role.name +
                              "' must say 'auth = basic' (login required), 'auth = link' "
                              "(invite link required) or 'auth = none'");
    else if (auth != "none" && auth != "basic" && auth != "link")
        in.problem(prefix + "auth", "auth must be 'none', 'basic' or 'link'");
    role.requiresLogin = auth == "basic";
    role.requiresLink = auth == "link";
    for (const auto& entry : splitList(in.string(prefix + "credentials", "")))
    {
        const auto colon = entry.find(':');
        const std::string user = entry.substr(0, colon);
        const std::string hash = colon == std::string::npos ? "" : entry.substr(colon + 1);
        const std::string problem = PasswordHash::formatProblem(hash);
        if (colon == std::string::npos || user.empty())
            in.problem(prefix + "credentials", "credentials take 'user:hash' entries");
        else if (!problem.empty())
            in.problem(prefix + "credentials", "password hash for user '" + user + "': " + problem);
        else
            role.credentials.push_back({user, hash});
    }
    if (!role.credentials.empty() && !role.requiresLogin)
        in.problem(prefix + "credentials", "credentials are set but 'auth = basic' is not");
}

void ConfigLoader::readOptions(Reader& in, const std::string& prefix, RoleOptions& options) const
{
    options.joinAudioMuted = in.boolean(prefix + "join_audio_muted", false);
    options.joinVideoMuted = in.boolean(prefix + "join_video_muted", false);
    options.audience =
        in.choice(prefix + "join_as", "member", {"member", "audience"}) == "audience";
    options.mediaAllowed =
        in.choice(prefix + "media_allowed", "all", {"all", "audio-only", "video-only"});
    // A day at most: longer stays are what no limit at all means.
    options.removeAfterSeconds = in.integer(prefix + "remove_after_seconds", 0, 0, 86400);
    options.endRoomOnLeave = in.boolean(prefix + "end_room_on_leave", false);
    options.lobby = in.boolean(prefix + "lobby", false);
}

} // namespace rolecall
