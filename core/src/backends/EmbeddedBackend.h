#ifndef rolecall_EmbeddedBackend_INCLUDED
#define rolecall_EmbeddedBackend_INCLUDED

#include "rooms/RoomBackend.h"
#include "signaling/SignalingServer.h"

namespace rolecall
{

class TokenIssuer;

/// Rooms hosted by rolecall itself: admission is a token signed here, which
/// the browser presents on the /ws signaling socket; media flows peer to peer.
class EmbeddedBackend : public RoomBackend
{
public:
    /// `signalingPath` is where pages open the room connection ("/ws", or
    /// under server.base_path).
    EmbeddedBackend(const TokenIssuer& issuer, int maxParticipants, SignalingServer::Limits limits,
                    Poco::Logger& logger, std::string signalingPath = "/ws");

    std::string name() const override { return "embedded"; }
    Admission admit(const AdmissionRequest& request) override;

    SignalingServer& signaling() { return _signaling; }

private:
    const TokenIssuer& _issuer;
    const std::string _signalingPath;
    SignalingServer _signaling;
};

} // namespace rolecall

#endif
