#ifndef rolecall_BlockingWorker_INCLUDED
#define rolecall_BlockingWorker_INCLUDED

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rolecall
{

/// A few threads for blocking calls that the event loop's own code needs
/// (the lobby's SignalWire token requests), so the loop never waits for a
/// peer. Each job runs on a worker thread and returns what is to be done
/// with its outcome; that continuation is handed to `post`, which runs it on
/// the loop (EventLoop::post). The queue is bounded: submit() says no when
/// it is full. Unlike the WorkerPool, which answers HTTP requests on their
/// sockets, a job here has no connection of its own.
class BlockingWorker
{
public:
    using Continuation = std::function<void()>;
    using Job = std::function<Continuation()>;
    using Post = std::function<void(Continuation)>;

    BlockingWorker(int threads, std::size_t queueLimit, Post post);
    ~BlockingWorker();
    BlockingWorker(const BlockingWorker&) = delete;
    BlockingWorker& operator=(const BlockingWorker&) = delete;

    /// False when the queue is full or the worker stopped. `job` may throw:
    /// its exception is then lost, so jobs catch what they mean to report.
    bool submit(Job job);

    /// Waits for the jobs running now; queued ones are dropped. Idempotent.
    void stop();

private:
    void run();

    const std::size_t _queueLimit;
    Post _post;
    std::mutex _mutex;
    std::condition_variable _ready;
    std::deque<Job> _jobs;
    std::vector<std::thread> _threads;
    bool _stopping = false;
};

} // namespace rolecall

#endif
