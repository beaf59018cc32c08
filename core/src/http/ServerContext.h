#ifndef rolecall_ServerContext_INCLUDED
#define rolecall_ServerContext_INCLUDED

#include "Poco/Logger.h"
#include "auth/Authenticator.h"
#include "config/Settings.h"
#include "metrics/Metrics.h"
#include "roles/RoleRegistry.h"
#include "rooms/RoomBackend.h"

namespace rolecall
{

class InviteLinks;
class LobbyTicketIssuer;
class WebSocketListener;

/// What the HTTP handlers share, owned by the application and outliving the
/// network core.
struct ServerContext
{
    const Settings& settings;
    RoleRegistry& roles;
    RoomBackend& backend;
    Authenticator& authenticator;
    Poco::Logger& logger;
    Metrics& metrics;
    /// The embedded backend's /ws signaling, or on signalwire the lobby's
    /// (see lobbyOnlySignaling); null when there is none.
    WebSocketListener* signaling = nullptr;
    /// Signs and checks invite links (roles with auth = link); null: none.
    InviteLinks* invites = nullptr;
    /// Signs lobby tickets for `lobby = true` pages and lobby watchers.
    const LobbyTicketIssuer* lobbyTickets = nullptr;
    /// /ws serves the lobby only (the rooms are on SignalWire): it is open
    /// only while some role has `lobby = true`, and moderators' pages get a
    /// ticket to watch the lobby there.
    bool lobbyOnlySignaling = false;
};

} // namespace rolecall

#endif
