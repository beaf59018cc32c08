#ifndef rolecall_WebSocketSink_INCLUDED
#define rolecall_WebSocketSink_INCLUDED

#include "net/ConnectionId.h"
#include <string>

namespace rolecall
{

/// Where a WebSocketListener sends: the event loop. Loop thread only.
class WebSocketSink
{
public:
    virtual ~WebSocketSink() = default;
    /// Queues a text message; a peer whose queue overflows is closed (1008).
    virtual void sendText(ConnectionId id, const std::string& text) = 0;
    /// Closes after what is queued so far (and whatever the message being
    /// handled still sends) has gone out.
    virtual void close(ConnectionId id, int code, const std::string& reason) = 0;
};

} // namespace rolecall

#endif
