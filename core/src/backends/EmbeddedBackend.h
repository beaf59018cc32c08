#ifndef rolecall_EmbeddedBackend_INCLUDED
#define rolecall_EmbeddedBackend_INCLUDED

#include "backends/RoomBackend.h"
#include "signaling/SignalingServer.h"

namespace rolecall
{

class TokenIssuer;

/// Rooms hosted by rolecall itself: admission is a token signed here, which
/// the browser presents on the /ws signaling socket; media flows peer to peer.
class EmbeddedBackend : public RoomBackend
{
public:
    EmbeddedBackend(const TokenIssuer& issuer, int maxParticipants, SignalingServer::Limits limits,
                    Poco::Logger& logger);

    std::string name() const override { return "embedded"; }
    Admission admit(const AdmissionRequest& request) override;

    SignalingServer& signaling() { return _signaling; }

private:
    const TokenIssuer& _issuer;
    SignalingServer _signaling;
};

} // namespace rolecall

#endif
