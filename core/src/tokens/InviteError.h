#ifndef rolecall_InviteError_INCLUDED
#define rolecall_InviteError_INCLUDED

#include "util/Exceptions.h"
#include <string>

namespace rolecall
{

/// An invite link that must not be honoured (HTTP 403); what() says why in
/// words fit for the person holding the link, reason() says it for code.
class InviteError : public RolecallException
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
        : RolecallException(message, 403), _reason(reason)
    {
    }

    Reason reason() const { return _reason; }
    const char* name() const noexcept override { return "Invite error"; }
    Poco::Exception* clone() const override { return new InviteError(*this); }
    void rethrow() const override { throw *this; }

private:
    Reason _reason;
};

} // namespace rolecall

#endif
