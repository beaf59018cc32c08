#ifndef rolecall_RpcError_INCLUDED
#define rolecall_RpcError_INCLUDED

#include <stdexcept>
#include <string>

namespace rolecall
{

/// A refused signaling request. `code` is SignalWire's, as a string:
/// "400" malformed, "401" bad token or not joined, "403" missing permission,
/// "404" unknown member, "409" room full, "429" too many requests.
class RpcError : public std::runtime_error
{
public:
    RpcError(std::string code, const std::string& message)
        : std::runtime_error(message), _code(std::move(code))
    {
    }
    const std::string& code() const { return _code; }

private:
    std::string _code;
};

} // namespace rolecall

#endif
