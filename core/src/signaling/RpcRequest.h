#ifndef rolecall_RpcRequest_INCLUDED
#define rolecall_RpcRequest_INCLUDED

#include "Poco/Dynamic/Var.h"
#include "Poco/JSON/Object.h"
#include "signaling/Outbox.h"
#include <functional>
#include <string>

namespace rolecall
{

class Metrics;

/// One JSON-RPC 2.0 request as it came off the wire. Reading never throws, so
/// a reader may first decide whether the message is its own (the Lobby passes
/// on what is not); check() then refuses a bad envelope with the id read, if
/// any, for the error reply.
class RpcRequest
{
public:
    explicit RpcRequest(const std::string& text);

    /// Whether the text was a JSON object at all.
    bool isObject() const { return _isObject; }
    /// "" when absent or not a string.
    const std::string& method() const { return _method; }
    /// Empty when absent or neither a string nor a number.
    const Poco::Dynamic::Var& id() const { return _id; }
    /// An empty object when absent.
    const Poco::JSON::Object& params() const { return *_params; }

    /// Whether the envelope is a well-formed request.
    bool valid() const { return _problem.empty(); }
    /// Throws RpcError 400 naming the first thing wrong with the envelope.
    void check() const;

    /// Checks the envelope, runs `handle` and sends `from` its result (when
    /// the request has an id) or the RpcError either threw; counts the outcome
    /// under `counted`, a method name of ours or "unknown"/"invalid", never a
    /// name from the wire.
    void answer(Outbox& outbox, ConnectionId from, Metrics* metrics, const std::string& counted,
                const std::function<Poco::Dynamic::Var()>& handle) const;

private:
    bool _isObject = false;
    std::string _problem;
    std::string _method;
    Poco::Dynamic::Var _id;
    Poco::JSON::Object::Ptr _params = new Poco::JSON::Object;
};

} // namespace rolecall

#endif
