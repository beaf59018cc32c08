#ifndef rolecall_RevocationList_INCLUDED
#define rolecall_RevocationList_INCLUDED

#include "Poco/Logger.h"
#include "Poco/Timestamp.h"
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rolecall
{

/// Room tokens revoked before their expiry (a removed member's), by token
/// id. Kept in a file in the state folder, so a restart does not let a
/// removed member back in with the token they still hold; an entry goes
/// once its token has expired anyway. Bounded: beyond `capacity` live
/// entries, add() refuses. Not thread-safe (RoomService's thread only).
class RevocationList
{
public:
    static constexpr std::size_t defaultCapacity = 10000;
    using Entry = std::pair<std::string, Poco::Timestamp>; // token id, its expiry

    /// Memory only when `file` is empty; `logger` may be null. `heading`
    /// is the file's first line (a comment), saying what the ids are.
    explicit RevocationList(std::string file = "", std::size_t capacity = defaultCapacity,
                            Poco::Logger* logger = nullptr,
                            std::string heading = "Room tokens revoked before their expiry");

    /// Reads the file, if there is one, dropping expired entries; a line it
    /// cannot read is logged with its file:line and skipped.
    void load(const Poco::Timestamp& now = Poco::Timestamp());

    bool contains(const std::string& tokenId) const { return _entries.count(tokenId) > 0; }
    std::size_t size() const { return _entries.size(); }

    /// Adds the entries and writes the file (a new file renamed over the old
    /// one, mode 0600) before answering. If that fails, nothing changes and
    /// it is logged: false when the list is full, a Poco::IOException when
    /// the file cannot be written.
    bool add(const std::vector<Entry>& entries, const Poco::Timestamp& now = Poco::Timestamp());

    /// Forgets entries whose tokens have expired.
    void purge(const Poco::Timestamp& now = Poco::Timestamp());

private:
    void save(const std::map<std::string, Poco::Timestamp>& entries) const;

    std::string _file;
    std::size_t _capacity;
    Poco::Logger* _logger;
    std::string _heading;
    std::map<std::string, Poco::Timestamp> _entries; // token id -> its expiry
};

} // namespace rolecall

#endif
