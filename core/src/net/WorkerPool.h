#ifndef rolecall_WorkerPool_INCLUDED
#define rolecall_WorkerPool_INCLUDED

#include "net/ConnectionId.h"
#include "net/Response.h"
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rolecall
{

/// Threads for request work that may take long (password checks, SignalWire
/// calls, plugin hooks), so that the event loop never waits for it. The
/// queue is bounded: when it is full, submit() says no and the loop answers
/// 503 at once instead of letting requests pile up.
class WorkerPool
{
public:
    struct Done
    {
        ConnectionId connection;
        Response response;
    };

    /// `wake` is called (from a worker) when results are ready to take.
    WorkerPool(int threads, int queueLimit, std::function<void()> wake);
    ~WorkerPool();

    /// False when the queue is full. `work` must not throw (the caller wraps it).
    bool submit(ConnectionId connection, std::function<Response()> work);

    /// Moves finished results into `out`.
    void takeDone(std::vector<Done>& out);

    void stop();

private:
    struct Job
    {
        ConnectionId connection;
        std::function<Response()> work;
    };

    void run();

    const std::size_t _queueLimit;
    std::function<void()> _wake;
    std::mutex _mutex;
    std::condition_variable _ready;
    std::deque<Job> _jobs;
    std::vector<Done> _done;
    std::vector<std::thread> _threads;
    int _idle = 0;
    bool _stopping = false;
};

} // namespace rolecall

#endif
