#ifndef rolecall_InviteError_INCLUDED
#define rolecall_InviteError_INCLUDED

#include <stdexcept>
#include <string>

namespace rolecall
{

/// An invite link that must not be honoured; what() says why in words fit
/// for the person holding the link (a 403 page), reason() says it for code.
class InviteError : public std::runtime_error
{
public:
    enum class Reason
    {
        Missing,      // no `invite` parameter: an unsigned address
        Malformed,    // not id.role.room.expiry.mac
        BadSignature, // altered, or made with another key
        OtherRole,    // a genuine link, for another role's page
        OtherRoom,    // a genuine link, for another room
        Expired,
        Revoked
    };

    InviteError(Reason reason, const std::string& message)
        : std::runtime_error(message), _reason(reason)
    {
    }

    Reason reason() const { return _reason; }

private:
    Reason _reason;
};

} // namespace rolecall

#endif
