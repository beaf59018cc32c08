#include "signaling/RpcParams.h"
#include "util/Exceptions.h"
#include <sstream>

namespace rolecall
{
namespace RpcParams
{

std::string optionalString(const Poco::JSON::Object& params, const std::string& name)
{
    if (!params.has(name) || params.isNull(name))
        return {};
    if (!params.get(name).isString())
        throw RpcError("'" + name + "' must be a string", 400);
    return params.getValue<std::string>(name);
}

std::string requiredString(const Poco::JSON::Object& params, const std::string& name)
{
    const std::string value = optionalString(params, name);
    if (value.empty())
        throw RpcError("'" + name + "' is required", 400);
    return value;
}

int requiredInteger(const Poco::JSON::Object& params, const std::string& name, int min, int max)
{
    const std::string what = "'" + name + "' must be a whole number from " + std::to_string(min) +
                             " to " + std::to_string(max);
    // Poco counts a boolean as numeric; JSON does not.
    if (!params.has(name) || !params.get(name).isNumeric() || params.get(name).isBoolean())
        throw RpcError(what, 400);
    const double value = params.getValue<double>(name);
    if (!(value >= min && value <= max) || value != static_cast<int>(value))
        throw RpcError(what, 400);
    return static_cast<int>(value);
}

bool requiredBoolean(const Poco::JSON::Object& params, const std::string& name)
{
    if (!params.has(name) || !params.get(name).isBoolean())
        throw RpcError("'" + name + "' must be true or false", 400);
    return params.getValue<bool>(name);
}

bool optionalBoolean(const Poco::JSON::Object& params, const std::string& name)
{
    return params.has(name) && !params.isNull(name) && requiredBoolean(params, name);
}

Poco::JSON::Object::Ptr requiredMeta(const Poco::JSON::Object& params, const std::string& name)
{
    Poco::JSON::Object::Ptr meta = params.getObject(name);
    if (!meta)
        throw RpcError("'" + name + "' must be a JSON object", 400);
    std::ostringstream json;
    meta->stringify(json);
    if (meta->size() > 16 || json.str().size() > 1024)
        throw RpcError("'" + name + "' is too large (at most 16 keys and 1024 bytes)", 400);
    return meta;
}

} // namespace RpcParams
} // namespace rolecall
