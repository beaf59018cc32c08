#ifndef rolecall_SignalWireOrigins_INCLUDED
#define rolecall_SignalWireOrigins_INCLUDED

#include <string>
#include <vector>

namespace rolecall
{

/// Where a signalwire-backend page's scripts connect, for its
/// Content-Security-Policy: the space (https and wss), and the relay the
/// browser SDK (@signalwire/js 3.x) opens its WebSocket to: "wss://" plus
/// the room token's header claim "ch" when it names a host, else the SDK's
/// default, relay.signalwire.com.
namespace SignalWireOrigins
{

constexpr const char* defaultRelay = "relay.signalwire.com";

std::vector<std::string> forPage(const std::string& space, const std::string& roomToken);

} // namespace SignalWireOrigins

} // namespace rolecall

#endif
