#ifndef rolecall_WebSocketHandler_INCLUDED
#define rolecall_WebSocketHandler_INCLUDED

#include "Poco/Net/HTTPRequestHandler.h"

namespace rolecall
{

class SignalingServer;

/// GET /ws: upgrades to a WebSocket and hands it to the SignalingServer,
/// then returns at once, freeing this HTTP worker thread.
class WebSocketHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit WebSocketHandler(SignalingServer& signaling) : _signaling(signaling) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    SignalingServer& _signaling;
};

} // namespace rolecall

#endif
