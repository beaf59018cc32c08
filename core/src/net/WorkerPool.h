#ifndef rolecall_WorkerPool_INCLUDED
#define rolecall_WorkerPool_INCLUDED

#include "net/ConnectionId.h"
#include "net/Response.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
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
    /// What a worker did with one request.
    struct Done
    {
        ConnectionId connection;
        bool keepAlive = true; // the answer leaves the connection open
        bool failed = false;   // the socket failed while writing
        std::string unsent;    // what the socket did not take (the loop sends it)
    };

    /// Where and how the answer goes.
    struct Reply
    {
        ConnectionId connection;
        int socket;     // stays open until the loop has taken the Done back; -1: the
                        // loop sends the answer (TLS connections)
        bool headOnly;  // a HEAD request: no body
        bool keepAlive; // the request allows keeping the connection
        const std::string* extraHeaders = nullptr; // e.g. HSTS on TLS; static
    };

    /// `wake` is called (from a worker) when results are ready to take.
    WorkerPool(int threads, int queueLimit, std::function<void()> wake);
    ~WorkerPool();

    /// False when the queue is full. `work` must not throw (the caller wraps
    /// it). The worker writes the answer to the socket itself: the loop is
    /// woken only when something is left for it (bytes the socket did not
    /// take, a close); a fully sent keep-alive answer waits for the loop's
    /// next pass (the client's next request wakes it), which saves the
    /// loop a wake-up per request.
    bool submit(const Reply& reply, std::function<Response()> work);

    /// Called by the loop while work is queued: wakes another thread for a
    /// job that has waited too long. False when nothing is queued.
    bool nudge();

    /// Moves finished results into `out`.
    void takeDone(std::vector<Done>& out);

    /// The loop holds a request that waits for an answer not yet reported
    /// (a worker sent it, the client already asked again): true if results
    /// are there to take now; else the next result wakes the loop.
    bool awaitDone();

    void stop();

private:
    using Clock = std::chrono::steady_clock;

    struct Job
    {
        Reply reply;
        std::function<Response()> work;
        Clock::time_point queued;
    };

    static Done deliver(const Reply& reply, const Response& response);

    void run();
    bool wakeNeeded(bool stuck);

    const std::size_t _queueLimit;
    std::function<void()> _wake;
    std::mutex _mutex;
    std::condition_variable _ready;
    std::deque<Job> _jobs;
    std::vector<Done> _done;
    std::vector<std::thread> _threads;
    int _idle = 0;               // threads waiting for work
    std::size_t _wakeTokens = 0; // wake-ups handed out, not yet taken by a thread
    bool _stopping = false;
    bool _loopWoken = false;
    bool _loopWaiting = false;           // wants a wake-up for the next result, whatever it is
    std::atomic<std::size_t> _queued{0}; // _jobs.size(), readable without the lock
    std::atomic<bool> _hasDone{false};   // !_done.empty(), readable without the lock
    std::atomic<bool> _spinning{
        false}; // one thread waits awake for the next job // woken for results it has not taken yet
};

} // namespace rolecall

#endif
