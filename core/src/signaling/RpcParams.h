#ifndef rolecall_RpcParams_INCLUDED
#define rolecall_RpcParams_INCLUDED

#include "Poco/JSON/Object.h"
#include <string>

namespace rolecall
{

/// Reading a request's params: each reader throws RpcError("400") naming the
/// parameter and what it must be.
namespace RpcParams
{

/// The string `name`; "" when absent or null.
std::string optionalString(const Poco::JSON::Object& params, const std::string& name);
/// The string `name`, not empty.
std::string requiredString(const Poco::JSON::Object& params, const std::string& name);
/// The whole number `name`, from `min` to `max`.
int requiredInteger(const Poco::JSON::Object& params, const std::string& name, int min, int max);
bool requiredBoolean(const Poco::JSON::Object& params, const std::string& name);
/// The boolean `name`; false when absent or null.
bool optionalBoolean(const Poco::JSON::Object& params, const std::string& name);
/// `name`, a JSON object of at most 16 keys and 1,024 bytes as JSON: small
/// enough to send to every member on each change.
Poco::JSON::Object::Ptr requiredMeta(const Poco::JSON::Object& params, const std::string& name);

} // namespace RpcParams
} // namespace rolecall

#endif
