#ifndef rolecall_RolePageHandler_INCLUDED
#define rolecall_RolePageHandler_INCLUDED

#include "Poco/Net/HTTPResponse.h"
#include "http/RoomQuery.h"
#include "http/ServerContext.h"
#include "net/Request.h"
#include "net/Response.h"
#include "pages/PageValues.h"
#include "roles/RoleSet.h"
#include "rooms/RoomBackend.h"
#include "tokens/LobbyTicket.h"
#include "util/Exceptions.h"

namespace rolecall
{

/// GET <role route>?room=R&user=U: the role's page, carrying a room token
/// for that role's permissions. A role with `auth = link` also needs
/// `invite=` (InviteLinks); without a good one, a 403 says what is wrong. Also serves /api/token
/// (asJson), which runs the same checks and answers with the same data as JSON. Runs on a worker:
/// the login check, the backend and the plugin's hooks may all be slow.
/// HEAD runs the server's own checks (login, query) but never asks the
/// backend: no token is issued and no room created for it.
class RolePageHandler
{
public:
    /// `role` points into `roles`; the caller keeps both alive.
    RolePageHandler(ServerContext& context, const RoleSet& roles, const Role& role, bool asJson);

    Response handle(const Request& request);

    /// A login check's refusal for `role`: 401 with a challenge, 429 or 503
    /// with Retry-After; JSON when `asJson`.
    static Response refusal(const Authenticator::Verdict& verdict, const Role& role,
                            const PageRenderer& renderer, bool asJson);

private:
    /// The query, checked, and for a link role its invite (BadParameter,
    /// InviteError, PluginFailure from a plugin's generated name).
    RoomQuery readQuery(const Poco::Net::HTTPRequest& request) const;
    /// The backend's admission, none for a lobby role or HEAD (BackendError).
    Admission admit(const RoomQuery& query, bool headersOnly,
                    std::vector<std::string>& connectTo) const;
    /// The page's JSON config (also the /api/token answer) and its flags.
    void setScript(PageValues& values, const RoomQuery& query, const Admission& admission) const;
    /// A signed lobby ticket and where to use it; 503 without a lobby.
    Poco::JSON::Object::Ptr ticket(LobbyTicket::Kind kind, const RoomQuery& query,
                                   int seconds) const;
    /// The template's text values: the plugin's, then the server's over them.
    void setText(PageValues& values, const RoomQuery& query) const;
    /// The error page or JSON for whatever a step threw, with its status.
    Response failed(const RolecallException& e) const;
    Response fail(Poco::Net::HTTPResponse::HTTPStatus status, const std::string& message,
                  const std::string& parameter = "") const;

    ServerContext& _context;
    const RoleSet& _roles;
    const Role& _role;
    bool _asJson;
};

} // namespace rolecall

#endif
