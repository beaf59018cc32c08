#ifndef rolecall_ServerContext_INCLUDED
#define rolecall_ServerContext_INCLUDED

#include "Poco/Logger.h"
#include "auth/Authenticator.h"
#include "backends/RoomBackend.h"
#include "config/Settings.h"
#include "metrics/Metrics.h"
#include "roles/RoleRegistry.h"

namespace rolecall
{

class InviteLinks;
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
    /// The embedded backend's /ws signaling; null on backends without one.
    WebSocketListener* signaling = nullptr;
    /// Signs and checks invite links (roles with auth = link); null: none.
    InviteLinks* invites = nullptr;
};

} // namespace rolecall

#endif
