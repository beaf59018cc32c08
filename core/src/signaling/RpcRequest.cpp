#include "signaling/RpcRequest.h"
#include "Poco/JSON/Parser.h"
#include "metrics/Metrics.h"
#include "signaling/Rpc.h"
#include "util/Exceptions.h"

namespace rolecall
{

RpcRequest::RpcRequest(const std::string& text)
{
    Poco::Dynamic::Var parsed;
    try
    {
        parsed = Poco::JSON::Parser().parse(text);
    }
    catch (const Poco::Exception&)
    {
        _problem = "message is not valid JSON";
        return;
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
    {
        _problem = "message must be a JSON-RPC 2.0 object";
        return;
    }
    _isObject = true;
    const Poco::JSON::Object& message = *parsed.extract<Poco::JSON::Object::Ptr>();
    if (message.has("id") && (message.get("id").isString() || message.get("id").isNumeric()))
        _id = message.get("id");
    if (message.has("method") && message.get("method").isString())
        _method = message.getValue<std::string>("method");
    Poco::JSON::Object::Ptr params = message.getObject("params");
    if (message.optValue<std::string>("jsonrpc", "") != "2.0")
        _problem = "'jsonrpc' must be \"2.0\"";
    else if (_method.empty())
        _problem = "'method' is required (a string)";
    else if (message.has("params") && !params)
        _problem = "'params' must be an object";
    else if (params)
        _params = params;
}

void RpcRequest::check() const
{
    if (!_problem.empty())
        throw RpcError(_problem, 400);
}

void RpcRequest::answer(Outbox& outbox, ConnectionId from, Metrics* metrics,
                        const std::string& counted,
                        const std::function<Poco::Dynamic::Var()>& handle) const
{
    int code = 200;
    try
    {
        check();
        const Poco::Dynamic::Var result = handle();
        if (!_id.isEmpty())
            outbox.send(from, Rpc::result(_id, result));
    }
    catch (const RpcError& e)
    {
        code = e.code();
        outbox.send(from, Rpc::error(_id, code, e.message()));
    }
    if (metrics)
        metrics->signalingMessage(counted, code);
}

} // namespace rolecall
