#ifndef rolecall_Invite_INCLUDED
#define rolecall_Invite_INCLUDED

#include "Poco/Timestamp.h"
#include <string>

namespace rolecall
{

/// What an invite link grants: opening `role`'s page in `room` until
/// `expiresAt`. `id` names the link for revocation; `text` is the signed
/// value of the link's `invite` query parameter.
struct Invite
{
    std::string id;
    std::string role;
    std::string room;
    Poco::Timestamp expiresAt;
    std::string text;
};

} // namespace rolecall

#endif
