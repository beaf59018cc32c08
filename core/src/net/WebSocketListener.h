#ifndef rolecall_WebSocketListener_INCLUDED
#define rolecall_WebSocketListener_INCLUDED

#include "net/ConnectionId.h"
#include "net/Request.h"
#include <string>

namespace rolecall
{

/// What runs on top of upgraded connections (the signaling). Called on the
/// event loop's thread only, so an implementation needs no locks; it must
/// never block.
class WebSocketListener
{
public:
    virtual ~WebSocketListener() = default;
    virtual void opened(ConnectionId id, const Request& upgrade) = 0;
    /// One complete text message.
    virtual void message(ConnectionId id, const std::string& text) = 0;
    /// The connection is closing for `reason`; nothing more can be sent to it.
    virtual void closed(ConnectionId id, const std::string& reason) = 0;
    /// Housekeeping, about every 100 ms.
    virtual void tick() = 0;
};

} // namespace rolecall

#endif
