#ifndef rolecall_InviteHandler_INCLUDED
#define rolecall_InviteHandler_INCLUDED

#include "http/ServerContext.h"
#include "net/Request.h"
#include "net/Response.h"
#include "rolecall/Permissions.h"
#include "roles/RoleSet.h"

namespace rolecall
{

/// POST /api/invite?as=A&role=R&room=N[&valid=24h]: a new invite link to
/// role R's page in room N, as JSON ({"url", "id", "role", "room",
/// "expires"}), for a person logged in to role A. Only roles whose members
/// log in (auth = basic) and may remove members may hand out links: a link
/// lets people in, and letting in is the other side of removing. Role R must
/// have auth = link. Runs on a worker: the login check may be slow.
class InviteHandler
{
public:
    static constexpr const char* permission = "room.member.remove";

    /// `roles` is the snapshot the request started with; the caller keeps it alive.
    InviteHandler(ServerContext& context, const RoleSet& roles);

    Response handle(const Request& request);

    /// Whether members of `role` may make invite links.
    static bool mayInvite(const Role& role)
    {
        return role.requiresLogin && hasPermission(role.permissions, permission);
    }

private:
    ServerContext& _context;
    const RoleSet& _roles;
};

} // namespace rolecall

#endif
