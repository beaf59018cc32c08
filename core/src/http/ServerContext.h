#ifndef rolecall_ServerContext_INCLUDED
#define rolecall_ServerContext_INCLUDED

#include "auth/Authenticator.h"
#include "backends/RoomBackend.h"
#include "config/Settings.h"
#include "roles/RoleRegistry.h"

namespace rolecall
{

class SignalingServer;

/// What the HTTP handlers share, owned by the application and outliving the
/// HTTP server.
struct ServerContext
{
    const Settings& settings;
    RoleRegistry& roles;
    RoomBackend& backend;
    Authenticator& authenticator;
    /// The embedded backend's /ws transport; null on backends without one.
    SignalingServer* signaling = nullptr;
};

} // namespace rolecall

#endif
