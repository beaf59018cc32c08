#ifndef rolecall_Settings_INCLUDED
#define rolecall_Settings_INCLUDED

#include "config/LoginLimits.h"
#include "config/RoleOptions.h"
#include "net/ConnectionLimits.h"
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rolecall
{

/// One login allowed to take a protected role; the password is stored only
/// as a PasswordHash string.
struct Credential
{
    std::string user;
    std::string passwordHash;
};

/// What one [role.NAME] section of the config says. Unset fields fall back to
/// the plugin's defaults when RoleSetBuilder merges the two.
struct RoleSpec
{
    std::string name;
    std::string plugin;
    std::optional<std::string> route;
    std::optional<std::string> label;
    std::optional<std::string> templateName;
    std::optional<std::vector<std::string>> permissions;
    RoleOptions options;
    bool requiresLogin = false; // auth = basic
    bool requiresLink = false;  // auth = link: a signed invite link (InviteLinks)
    std::vector<Credential> credentials;
    /// Keys the server does not know itself: the plugin's own settings,
    /// checked against what the plugin declares when roles are built.
    std::map<std::string, std::string> pluginSettings;
    /// "file:line" of the section and of each key it sets, for later errors.
    std::string where;
    std::map<std::string, std::string> keyWhere;

    std::string whereKey(const std::string& key) const
    {
        auto it = keyWhere.find(key);
        return it == keyWhere.end() ? where : it->second;
    }
};

struct SignalWireSettings
{
    std::string projectKey; // secret: never logged
    std::string token;      // secret: never logged
    std::string space;      // e.g. example.signalwire.com
    std::string baseUrl;    // default https://<space>; tests point it at a fake
    std::string caFile;     // extra CA for private test CAs; default: system store
    int timeoutMs = 5000;
    /// Who may make a room that SignalWire does not have yet (each one costs
    /// the operator quota): anyone, only roles with a login, or nobody.
    enum class CreateRooms
    {
        Always,
        Authenticated,
        Never
    };
    CreateRooms createRooms = CreateRooms::Authenticated;
    std::vector<std::string> rooms; // the only room names served; empty: any
    int roomCacheSize = 10000;      // rooms known to exist, least recently used dropped
    int poolSize = 16;              // idle keep-alive connections kept
    int poolIdleMs = 30000;         // an idle connection older than this is closed
};

/// The whole validated configuration. Paths are absolute.
struct Settings
{
    std::string configPath;
    std::string host = "127.0.0.1";
    int port = 5000;
    int threads = 8; // the worker pool for slow request work
    /// HTTPS: PEM certificate (a full chain works) and key; empty for plain HTTP.
    std::string tlsCertFile;
    std::string tlsKeyFile;
    /// A plain-HTTP port that redirects to https; -1 for none, 0 for any free one (logged).
    int tlsRedirectPort = -1;
    /// STUN/TURN for embedded rooms ([ice]); the TURN secret is never logged.
    std::vector<std::string> iceStun;
    std::vector<std::string> iceTurn;
    std::string iceTurnSecret;
    std::string iceTransportPolicy = "all";
    /// Where every route lives under a proxy that mounts the server on a
    /// path: "" for the root, else e.g. "/meet" (no trailing slash).
    std::string basePath;
    /// The address people use (e.g. https://meet.example.org): role URLs
    /// are logged with it at start. Empty: not known.
    std::string publicUrl;
    /// Where the log goes; empty for stderr (the journal under systemd).
    std::string logFile;
    /// Reverse proxies (CIDR blocks) whose X-Forwarded-For/-Proto are believed.
    std::vector<std::string> trustedProxies;
    /// Who may read GET /metrics (CIDR blocks; the client as trusted
    /// proxies report it). Empty: the endpoint is off (404).
    std::vector<std::string> metricsAllow = {"127.0.0.1", "::1"};
    /// Origins besides the server's own whose pages may open /ws.
    std::vector<std::string> allowedOrigins;
    std::string backend = "embedded";
    std::string defaultRoom = "Main_Office";
    int maxParticipants = 5;
    std::string logo = "/static/logo.svg";
    std::string pluginDir;
    std::string templateDir;
    std::string vendorDir;
    std::string stateDir;
    int tokenTtlSeconds = 3600;
    /// Connection-layer limits ([limits]; ping interval and message size from [signaling]).
    ConnectionLimits limits;
    LoginLimits login; // [auth]: the login throttle
    // Embedded rooms' signaling limits.
    int messagesPerSecond = 50;
    int joinTimeoutMs = 10000;
    int maxMembers = 10000;
    int maxRooms = 2000;
    /// The lobby ([lobby]) of `lobby = true` roles: who may wait in one
    /// room's lobby and in all, and for how long.
    int lobbyMaxWaitingPerRoom = 20;
    int lobbyMaxWaiting = 500;
    int lobbyMaxWaitSeconds = 900;
    std::string signingKey;        // secret: never logged
    SignalWireSettings signalwire; // secrets: never logged
    std::vector<RoleSpec> roles;
};

} // namespace rolecall

#endif
