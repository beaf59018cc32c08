#ifndef rolecall_SignalWireBackend_INCLUDED
#define rolecall_SignalWireBackend_INCLUDED

#include "Poco/LRUCache.h"
#include "backends/SignalWireClient.h"
#include "rooms/RoomBackend.h"
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace rolecall
{

/// Rooms and tokens from SignalWire's Video REST API. A room is looked up by
/// name and created only when missing and only for whom `create_rooms`
/// allows (each room costs the operator quota), with today's field names
/// (`max_members`, not the beta `max_participants`). Rooms known to exist are
/// remembered in a bounded cache. The first loads of one room share a single
/// lookup (and creation); loads of other rooms never wait for it.
class SignalWireBackend : public RoomBackend
{
public:
    SignalWireBackend(const SignalWireSettings& settings, int maxMembers);

    std::string name() const override { return "signalwire"; }
    Admission admit(const AdmissionRequest& request) override;
    std::vector<std::string> prepareLobby(const AdmissionRequest& request) override;

    /// Where calls to SignalWire are counted (optional).
    void countIn(Metrics& metrics) { _client.countIn(metrics); }

private:
    struct Flight;

    bool mayCreate(const AdmissionRequest& request) const;
    void ensureRoom(const std::string& room, bool mayCreate);
    bool lookUpOrCreate(const std::string& room, bool mayCreate, Flight& flight);
    bool exists(const std::string& room);
    void create(const std::string& room);

    SignalWireClient _client;
    const std::string _space;
    const int _maxMembers;
    const SignalWireSettings::CreateRooms _createRooms;
    const std::set<std::string> _allowed;          // empty: any room
    Poco::LRUCache<std::string, bool> _knownRooms; // thread-safe on its own
    std::mutex _flightsMutex;                      // guards the map only; never held across a call
    std::map<std::string, std::shared_ptr<Flight>> _flights;
};

} // namespace rolecall

#endif
