#ifndef rolecall_OutputQueue_INCLUDED
#define rolecall_OutputQueue_INCLUDED

#include <cstddef>
#include <string>
#include <sys/uio.h>
#include <vector>

namespace rolecall
{

/// A connection's bytes waiting to be sent, as whole messages; the first may
/// be partly sent. A vector with a moving front rather than a std::deque,
/// which allocates half a kilobyte before its first element: with ten
/// thousand idle members, that is most of their memory.
class OutputQueue
{
public:
    bool empty() const { return _bytes == 0; }
    std::size_t bytes() const { return _bytes; }
    /// True when the first message has been partly sent.
    bool started() const { return _offset > 0; }

    void push(std::string message)
    {
        _bytes += message.size();
        _messages.push_back(std::move(message));
    }

    /// Points up to `max` iovecs at the unsent bytes; returns how many.
    int fill(iovec* parts, int max) const
    {
        int count = 0;
        std::size_t offset = _offset;
        for (std::size_t i = _front; i < _messages.size() && count < max; ++i, ++count)
        {
            parts[count].iov_base = const_cast<char*>(_messages[i].data() + offset);
            parts[count].iov_len = _messages[i].size() - offset;
            offset = 0;
        }
        return count;
    }

    /// `n` bytes have been sent.
    void consume(std::size_t n)
    {
        _bytes -= n;
        while (n > 0)
        {
            const std::size_t left = _messages[_front].size() - _offset;
            if (n < left)
            {
                _offset += n;
                return;
            }
            n -= left;
            _offset = 0;
            std::string().swap(_messages[_front++]);
        }
        if (_front == _messages.size())
            clear();
    }

    /// Drops every message not yet started, keeping a partly sent first one
    /// so that what follows still lands on a message boundary.
    void dropUnsent()
    {
        const std::size_t keep = _front + (_offset > 0 ? 1 : 0);
        while (_messages.size() > keep)
        {
            _bytes -= _messages.back().size();
            _messages.pop_back();
        }
        if (_front == _messages.size())
            clear();
    }

private:
    void clear()
    {
        _messages.clear();
        _front = 0;
        _offset = 0;
        _bytes = 0;
    }

    std::vector<std::string> _messages;
    std::size_t _front = 0;
    std::size_t _offset = 0;
    std::size_t _bytes = 0;
};

} // namespace rolecall

#endif
