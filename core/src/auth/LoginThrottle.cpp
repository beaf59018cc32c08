#include "auth/LoginThrottle.h"
#include <algorithm>
#include <cmath>

namespace rolecall
{

LoginThrottle::LoginThrottle(const LoginLimits& limits) : _limits(limits) {}

double LoginThrottle::decayed(const Record& record, const Poco::Timestamp& now) const
{
    const double quiet = std::max(0.0, static_cast<double>(now - record.updated) / 1e6);
    return std::max(0.0, record.failures - quiet / _limits.decaySeconds);
}

Poco::Timestamp::TimeDiff LoginThrottle::wait(const std::string& key, const Poco::Timestamp& now)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _records.find(key);
    if (found == _records.end() || found->second.until <= now)
        return 0;
    return found->second.until - now;
}

Poco::Timestamp::TimeDiff LoginThrottle::failed(const std::string& key, const Poco::Timestamp& now)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _records.find(key);
    if (found == _records.end())
    {
        if (_records.size() >= static_cast<std::size_t>(_limits.maxTracked))
        {
            _records.erase(_byAge.front());
            _byAge.pop_front();
        }
        found = _records.emplace(key, Record()).first;
        found->second.age = _byAge.insert(_byAge.end(), key);
    }
    else
        _byAge.splice(_byAge.end(), _byAge, found->second.age);
    Record& record = found->second;
    record.failures = decayed(record, now) + 1;
    record.updated = now;
    // Failures not yet forgotten, this one included; partly forgotten ones count.
    const int counted = static_cast<int>(std::ceil(record.failures - 1e-9));
    if (counted < _limits.freeFailures)
        return 0;
    const int doublings = std::min(counted - _limits.freeFailures, 40);
    const double waitUs =
        std::min(static_cast<double>(_limits.backoffMs) * 1000.0 * std::ldexp(1.0, doublings),
                 _limits.maxBackoffSeconds * 1e6);
    const auto wait = static_cast<Poco::Timestamp::TimeDiff>(waitUs);
    record.until = now + wait;
    return wait;
}

void LoginThrottle::succeeded(const std::string& key)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _records.find(key);
    if (found == _records.end())
        return;
    _byAge.erase(found->second.age);
    _records.erase(found);
}

std::size_t LoginThrottle::size() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _records.size();
}

} // namespace rolecall
