#ifndef rolecall_EmbeddedBackend_INCLUDED
#define rolecall_EmbeddedBackend_INCLUDED

#include "backends/RoomBackend.h"

namespace rolecall
{

class TokenIssuer;

/// Rooms hosted by rolecall itself: admission is a token signed here, which
/// the browser presents on the /ws signaling socket.
class EmbeddedBackend : public RoomBackend
{
public:
    explicit EmbeddedBackend(const TokenIssuer& issuer);

    std::string name() const override { return "embedded"; }
    Admission admit(const AdmissionRequest& request) override;

private:
    const TokenIssuer& _issuer;
};

} // namespace rolecall

#endif
