#ifndef rolecall_Outbox_INCLUDED
#define rolecall_Outbox_INCLUDED

#include "signaling/Member.h"
#include <string>

namespace rolecall
{

/// Where RoomService's messages go: the transport (SignalingServer) in the
/// server, a recorder in unit tests.
class Outbox
{
public:
    virtual ~Outbox() = default;
    virtual void send(ConnectionId to, const std::string& text) = 0;
    /// Ends the connection after the message being handled is done with, so
    /// that a reply sent after close() still goes out first. The service has
    /// forgotten the connection by then.
    virtual void close(ConnectionId to, int code, const std::string& reason) = 0;
};

} // namespace rolecall

#endif
