#ifndef rolecall_Rpc_INCLUDED
#define rolecall_Rpc_INCLUDED

#include "Poco/Dynamic/Var.h"
#include "Poco/JSON/Object.h"
#include <string>

namespace rolecall
{

/// JSON-RPC 2.0 message texts.
namespace Rpc
{

std::string result(const Poco::Dynamic::Var& id, const Poco::Dynamic::Var& result);
/// `code` is SignalWire's (RpcError), sent as a string as SignalWire does.
std::string error(const Poco::Dynamic::Var& id, int code, const std::string& message);
std::string notification(const std::string& method, const Poco::JSON::Object::Ptr& params);

} // namespace Rpc

} // namespace rolecall

#endif
