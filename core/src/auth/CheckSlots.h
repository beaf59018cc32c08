#ifndef rolecall_CheckSlots_INCLUDED
#define rolecall_CheckSlots_INCLUDED

#include <condition_variable>
#include <mutex>

namespace rolecall
{

/// A counting semaphore with a bounded queue, for password checks: at most
/// `running` at once (PBKDF2 is all CPU: more than the cores only adds
/// waiting), at most `waiting` more queued for a turn; beyond that a caller
/// is refused at once rather than tying up another worker thread.
class CheckSlots
{
public:
    CheckSlots(unsigned running, unsigned waiting);

    /// Waits for a slot; false, at once, when the queue is full too.
    bool enter();
    void leave();

    /// Holds a slot for its lifetime, if it got one.
    class Turn
    {
    public:
        explicit Turn(CheckSlots& slots) : _slots(slots), _held(slots.enter()) {}
        ~Turn()
        {
            if (_held)
                _slots.leave();
        }
        Turn(const Turn&) = delete;
        Turn& operator=(const Turn&) = delete;
        bool held() const { return _held; }

    private:
        CheckSlots& _slots;
        bool _held;
    };

private:
    const unsigned _running;
    const unsigned _waiting;
    unsigned _busy = 0;
    unsigned _queued = 0;
    std::mutex _mutex;
    std::condition_variable _freed;
};

} // namespace rolecall

#endif
