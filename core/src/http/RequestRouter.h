#ifndef rolecall_RequestRouter_INCLUDED
#define rolecall_RequestRouter_INCLUDED

#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "http/ServerContext.h"

namespace rolecall
{

/// Maps each request to its handler: /healthz, /api/roles, /api/token,
/// /static/..., /ws (embedded rooms), and the role routes of the current RoleSet. Every handler is
/// given the RoleSet snapshot taken here, so one request sees one role set.
class RequestRouter : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit RequestRouter(ServerContext& context);

    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    ServerContext& _context;
};

} // namespace rolecall

#endif
