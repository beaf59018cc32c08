#ifndef rolecall_LoginThrottle_INCLUDED
#define rolecall_LoginThrottle_INCLUDED

#include "Poco/Timestamp.h"
#include "config/LoginLimits.h"
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rolecall
{

/// Counts failed logins per key (a client address, a user name) and says
/// how long a key must wait before its next password check. Each failure
/// adds one; one is forgotten per LoginLimits::decaySeconds. From
/// freeFailures on, a key waits backoffMs after each failure, doubling per
/// further failure up to maxBackoffSeconds. At most maxTracked keys are
/// kept: the least recently failed go first. Thread-safe.
class LoginThrottle
{
public:
    explicit LoginThrottle(const LoginLimits& limits);

    /// Microseconds until `key` may be checked again; 0 when it may now.
    Poco::Timestamp::TimeDiff wait(const std::string& key,
                                   const Poco::Timestamp& now = Poco::Timestamp());

    /// Records a failure; returns the wait it starts (0 while still free).
    Poco::Timestamp::TimeDiff failed(const std::string& key,
                                     const Poco::Timestamp& now = Poco::Timestamp());

    /// A successful login forgets the key's failures.
    void succeeded(const std::string& key);

    std::size_t size() const;

private:
    struct Record
    {
        double failures = 0; // fractional as they decay
        Poco::Timestamp updated{0};
        Poco::Timestamp until{0}; // no check before this
        std::list<std::string>::iterator age;
    };

    double decayed(const Record& record, const Poco::Timestamp& now) const;

    const LoginLimits _limits;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, Record> _records;
    std::list<std::string> _byAge; // least recently failed first
};

} // namespace rolecall

#endif
