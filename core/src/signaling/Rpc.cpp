#include "signaling/Rpc.h"
#include "Poco/JSON/Stringifier.h"
#include <sstream>

namespace rolecall
{
namespace Rpc
{
namespace
{

std::string text(Poco::JSON::Object::Ptr message)
{
    message->set("jsonrpc", "2.0");
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(message, out);
    return out.str();
}

} // namespace

std::string result(const Poco::Dynamic::Var& id, const Poco::Dynamic::Var& result)
{
    Poco::JSON::Object::Ptr message = new Poco::JSON::Object;
    message->set("id", id);
    message->set("result", result);
    return text(message);
}

std::string error(const Poco::Dynamic::Var& id, int code, const std::string& message)
{
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object;
    error->set("code", std::to_string(code));
    error->set("message", message);
    Poco::JSON::Object::Ptr envelope = new Poco::JSON::Object;
    envelope->set("id", id);
    envelope->set("error", error);
    return text(envelope);
}

std::string notification(const std::string& method, const Poco::JSON::Object::Ptr& params)
{
    Poco::JSON::Object::Ptr message = new Poco::JSON::Object;
    message->set("method", method);
    message->set("params", params);
    return text(message);
}

} // namespace Rpc
} // namespace rolecall
