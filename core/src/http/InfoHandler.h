#ifndef rolecall_InfoHandler_INCLUDED
#define rolecall_InfoHandler_INCLUDED

#include "http/ServerContext.h"
#include "net/Response.h"
#include "roles/RoleSet.h"

namespace rolecall
{

/// The small JSON endpoints: GET /healthz and GET /api/roles. Cheap enough
/// to answer on the event loop, so /healthz answers even when workers are busy.
namespace InfoHandler
{

Response health(const ServerContext& context, const RoleSet& roles);
Response roles(const ServerContext& context, const RoleSet& roles);

} // namespace InfoHandler

} // namespace rolecall

#endif
