#ifndef rolecall_WebSocketHandshake_INCLUDED
#define rolecall_WebSocketHandshake_INCLUDED

#include "Poco/Net/HTTPRequest.h"
#include <string>

namespace rolecall
{

/// The server side of RFC 6455's opening handshake.
namespace WebSocketHandshake
{

/// "" when `request` is a valid upgrade; else what is wrong with it.
std::string problem(const Poco::Net::HTTPRequest& request);

/// True when the request has no Upgrade/Connection headers at all: a client
/// that did not try, or a proxy that dropped them.
bool missingUpgradeHeaders(const Poco::Net::HTTPRequest& request);

/// The 101 response for a valid upgrade request.
std::string accept(const Poco::Net::HTTPRequest& request);

} // namespace WebSocketHandshake

} // namespace rolecall

#endif
