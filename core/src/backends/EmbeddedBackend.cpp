#include "backends/EmbeddedBackend.h"
#include "tokens/TokenIssuer.h"

namespace rolecall
{

EmbeddedBackend::EmbeddedBackend(const TokenIssuer& issuer, int maxParticipants,
                                 SignalingServer::Limits limits, Poco::Logger& logger,
                                 std::string signalingPath)
    : _issuer(issuer), _signalingPath(std::move(signalingPath)),
      _signaling(issuer, maxParticipants, limits, logger)
{
}

Admission EmbeddedBackend::admit(const AdmissionRequest& request)
{
    RoomGrant grant;
    grant.room = request.room;
    grant.user = request.user;
    grant.role = request.role;
    grant.permissions = request.permissions;
    grant.options = request.options;
    Admission admission;
    admission.token = _issuer.issue(grant);
    admission.connection->set("signaling", _signalingPath);
    admission.connection->set("expires_at", grant.expiresAt.epochTime());
    return admission;
}

} // namespace rolecall
