#include "auth/CheckSlots.h"

namespace rolecall
{

CheckSlots::CheckSlots(unsigned running, unsigned waiting)
    : _running(running > 0 ? running : 1), _waiting(waiting)
{
}

bool CheckSlots::enter()
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (_busy < _running)
    {
        ++_busy;
        return true;
    }
    if (_queued >= _waiting)
        return false;
    ++_queued;
    _freed.wait(lock, [this] { return _busy < _running; });
    --_queued;
    ++_busy;
    return true;
}

void CheckSlots::leave()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        --_busy;
    }
    _freed.notify_one();
}

} // namespace rolecall
