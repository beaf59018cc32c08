#ifndef rolecall_InfoHandler_INCLUDED
#define rolecall_InfoHandler_INCLUDED

#include "Poco/Net/HTTPRequestHandler.h"
#include "http/ServerContext.h"
#include "roles/RoleSet.h"
#include <memory>

namespace rolecall
{

/// The small JSON endpoints: GET /healthz and GET /api/roles.
class InfoHandler : public Poco::Net::HTTPRequestHandler
{
public:
    enum class Kind
    {
        Health,
        Roles
    };

    InfoHandler(ServerContext& context, std::shared_ptr<const RoleSet> roles, Kind kind);

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    ServerContext& _context;
    std::shared_ptr<const RoleSet> _roles;
    Kind _kind;
};

} // namespace rolecall

#endif
