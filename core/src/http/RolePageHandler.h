#ifndef rolecall_RolePageHandler_INCLUDED
#define rolecall_RolePageHandler_INCLUDED

#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPResponse.h"
#include "http/ServerContext.h"
#include "roles/RoleSet.h"
#include <memory>

namespace rolecall
{

/// GET <role route>?room=R&user=U: the role's page, carrying a room token
/// for that role's permissions. Also serves /api/token (asJson), which runs
/// the same checks and answers with the same data as JSON.
class RolePageHandler : public Poco::Net::HTTPRequestHandler
{
public:
    /// `role` points into `roles`, which the handler keeps alive.
    RolePageHandler(ServerContext& context, std::shared_ptr<const RoleSet> roles, const Role& role,
                    bool asJson);

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    void fail(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
              const std::string& message, const std::string& parameter = "");

    ServerContext& _context;
    std::shared_ptr<const RoleSet> _roles;
    const Role& _role;
    bool _asJson;
};

} // namespace rolecall

#endif
