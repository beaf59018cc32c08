#include "http/WebSocketHandler.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/WebSocket.h"
#include "http/Respond.h"
#include "signaling/SignalingServer.h"

namespace rolecall
{

void WebSocketHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                     Poco::Net::HTTPServerResponse& response)
{
    try
    {
        Poco::Net::WebSocket socket(request, response);
        _signaling.adopt(socket);
    }
    catch (const Poco::Net::WebSocketException&)
    {
        // Poco has already answered a failed handshake itself, unless the
        // request was no upgrade at all.
        if (!response.sent())
            Respond::errorJson(response, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST,
                               "/ws takes a WebSocket upgrade");
    }
}

} // namespace rolecall
