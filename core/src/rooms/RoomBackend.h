#ifndef rolecall_RoomBackend_INCLUDED
#define rolecall_RoomBackend_INCLUDED

#include "Poco/JSON/Object.h"
#include "config/RoleOptions.h"
#include "util/Exceptions.h"
#include <string>
#include <vector>

namespace rolecall
{

/// Who wants into which room with which rights; already validated.
struct AdmissionRequest
{
    std::string room;
    std::string user;
    std::string role;
    std::vector<std::string> permissions;
    RoleOptions options;
    /// The role needs a login (auth = basic), which this request passed.
    bool authenticated = false;
};

/// What a page needs to join: a room token and how to reach the room.
struct Admission
{
    std::string token;
    /// Backend-specific connection details for the client code, e.g.
    /// {"signaling": "/ws"}. Never holds a secret.
    Poco::JSON::Object::Ptr connection = new Poco::JSON::Object;
    /// Origins other than the page's own that its scripts must reach
    /// ("wss://host"), for the page's Content-Security-Policy connect-src.
    std::vector<std::string> connectTo;
};

/// Where rooms live. Knows nothing of HTTP; called from many threads at once.
class RoomBackend
{
public:
    virtual ~RoomBackend() = default;
    virtual std::string name() const = 0;
    virtual Admission admit(const AdmissionRequest& request) = 0;

    /// A `lobby = true` role's page, which gets its room token only once a
    /// moderator admits it (through admit() then): refuses, as admit()
    /// would, what this backend never serves, without making any room or
    /// token; answers the origins such a page's scripts must be allowed to
    /// reach later (see Admission::connectTo). Never blocks.
    virtual std::vector<std::string> prepareLobby(const AdmissionRequest& request)
    {
        (void)request;
        return {};
    }
};

} // namespace rolecall

#endif
