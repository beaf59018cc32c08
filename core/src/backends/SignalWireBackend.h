#ifndef rolecall_SignalWireBackend_INCLUDED
#define rolecall_SignalWireBackend_INCLUDED

#include "backends/RoomBackend.h"
#include "backends/SignalWireClient.h"
#include <mutex>
#include <set>

namespace rolecall
{

/// Rooms and tokens from SignalWire's Video REST API, as the seed gets them,
/// with its flaws fixed: a room is looked up by name and created only when
/// missing (and then remembered, so a page load does not create it again),
/// with today's field names (`max_members`, not the beta `max_participants`).
class SignalWireBackend : public RoomBackend
{
public:
    SignalWireBackend(const SignalWireSettings& settings, int maxMembers);

    std::string name() const override { return "signalwire"; }
    Admission admit(const AdmissionRequest& request) override;

private:
    void ensureRoom(const std::string& room);

    SignalWireClient _client;
    const std::string _space;
    const int _maxMembers;
    std::mutex _roomsMutex; // also serialises a room's first-time creation
    std::set<std::string> _knownRooms;
};

} // namespace rolecall

#endif
