#ifndef rolecall_RecordingOutbox_INCLUDED
#define rolecall_RecordingOutbox_INCLUDED

#include "Poco/JSON/Object.h"
#include "signaling/Outbox.h"
#include <map>
#include <string>
#include <vector>

namespace rolecall
{

/// The Outbox RoomService writes to in unit tests: every message and close,
/// per connection, parsed, in order.
class RecordingOutbox : public Outbox
{
public:
    struct Close
    {
        int code;
        std::string reason;
    };

    void send(ConnectionId to, const std::string& text) override;
    void close(ConnectionId to, int code, const std::string& reason) override;

    /// Everything `to` was sent since the last clear().
    std::vector<Poco::JSON::Object::Ptr> sent(ConnectionId to) const;
    /// The reply to request `id` that `to` was sent, or null.
    Poco::JSON::Object::Ptr reply(ConnectionId to, int id) const;
    void clear();
    /// The notifications named `method` among what `to` was sent (kept).
    std::vector<Poco::JSON::Object::Ptr> notifications(ConnectionId to,
                                                       const std::string& method) const;
    const std::map<ConnectionId, Close>& closes() const { return _closes; }

private:
    std::map<ConnectionId, std::vector<Poco::JSON::Object::Ptr>> _sent;
    std::map<ConnectionId, Close> _closes;
};

} // namespace rolecall

#endif
