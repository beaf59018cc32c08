#ifndef rolecall_RequestRouter_INCLUDED
#define rolecall_RequestRouter_INCLUDED

#include "http/ServerContext.h"
#include "net/AddressBlocks.h"
#include "net/HttpService.h"

namespace rolecall
{

/// Maps each request to its answer: /healthz, /api/roles, /metrics, /api/token,
/// POST /api/invite,
/// /static/..., /ws (embedded rooms and the lobby), and the role routes of the current
/// RoleSet. Cheap answers are made here, on the event loop; role pages,
/// tokens and files become work for a worker, which is given the RoleSet
/// snapshot taken here, so one request sees one role set.
class RequestRouter : public HttpService
{
public:
    explicit RequestRouter(ServerContext& context);

    Plan route(const std::shared_ptr<const Request>& shared) override;
    Response failure(int status, const std::string& message) override;

private:
    Plan webSocket(const Request& request);
    Plan invite(const std::shared_ptr<const Request>& shared, std::shared_ptr<const RoleSet> roles);
    bool originAllowed(const Request& request) const;
    Response metrics(const Request& request);

    ServerContext& _context;
    const AddressBlocks _metricsAllow;
};

} // namespace rolecall

#endif
