#include "net/WorkerPool.h"
#include <cerrno>
#include <pthread.h>
#include <sys/socket.h>

namespace rolecall
{
namespace
{

// How long a worker that ran out of jobs stays awake for the next one. On
// the machines measured (virtual, 2 cores) sleeping and being woken cost
// about 20 µs of CPU and more in latency, more than a page itself; a short
// spin by one thread at a time avoids that under load (bench/pages: 43 ->
// 37 µs CPU and 24k -> 30k pages/s) and costs at most 0.1 ms of CPU after
// each burst when load is light.
constexpr int spinMicros = 100;

} // namespace

WorkerPool::WorkerPool(int threads, int queueLimit, std::function<void()> wake)
    : _queueLimit(static_cast<std::size_t>(queueLimit)), _wake(std::move(wake))
{
    for (int i = 0; i < threads; ++i)
        _threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool()
{
    stop();
}

bool WorkerPool::submit(const Reply& reply, std::function<Response()> work)
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (_stopping || _jobs.size() >= _queueLimit)
        return false;
    _jobs.push_back({reply, std::move(work), Clock::now()});
    _queued.store(_jobs.size(), std::memory_order_relaxed);
    // See wakeNeeded() for who is woken.
    const bool wake = wakeNeeded(false);
    lock.unlock();
    if (wake)
        _ready.notify_one();
    return true;
}

// A new job wakes a sleeper only when no thread is awake: one awake thread
// keeps up with pages and every wake-up costs more CPU than a page. A job
// that still waits after a millisecond (nudge(): the awake ones are blocked
// or too few) wakes one more. The woken thread counts as awake at once (a
// token it will take), so submits in a row do not wake several.
bool WorkerPool::wakeNeeded(bool stuck)
{
    const std::size_t awake = _threads.size() - static_cast<std::size_t>(_idle);
    if (_idle == 0 || (!stuck && awake > 0))
        return false;
    --_idle;
    ++_wakeTokens;
    return true;
}

bool WorkerPool::nudge()
{
    if (_queued.load(std::memory_order_relaxed) == 0)
        return false; // the common case, on every loop iteration: no lock
    std::unique_lock<std::mutex> lock(_mutex);
    if (_jobs.empty())
        return false;
    // A job waiting this long sits behind threads that are blocked (a slow
    // SignalWire call, a slow plugin): another thread takes it.
    if (Clock::now() - _jobs.front().queued > std::chrono::milliseconds(1) && wakeNeeded(true))
    {
        lock.unlock();
        _ready.notify_one();
    }
    return true;
}

void WorkerPool::takeDone(std::vector<Done>& out)
{
    if (!_hasDone.load(std::memory_order_acquire))
        return; // nothing finished: no lock
    std::lock_guard<std::mutex> lock(_mutex);
    _hasDone.store(false, std::memory_order_relaxed);
    for (auto& done : _done)
        out.push_back(std::move(done));
    _done.clear();
    _loopWoken = false;
}

bool WorkerPool::awaitDone()
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (!_done.empty())
        return true;
    _loopWaiting = true;
    return false;
}

void WorkerPool::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _ready.notify_all();
    for (auto& t : _threads)
        if (t.joinable())
            t.join();
    _threads.clear();
}

void WorkerPool::run()
{
    ::pthread_setname_np(::pthread_self(), "worker");
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;)
    {
        if (_jobs.empty() && !_stopping)
        {
            // Under load the next job comes within microseconds: one thread
            // at a time waits for it awake (see spinMicros).
            bool expected = false;
            if (_spinning.compare_exchange_strong(expected, true))
            {
                lock.unlock();
                const auto until = Clock::now() + std::chrono::microseconds(spinMicros);
                while (_queued.load(std::memory_order_relaxed) == 0 && Clock::now() < until)
                    __builtin_ia32_pause();
                _spinning = false;
                lock.lock();
            }
        }
        if (_jobs.empty() && !_stopping)
        {
            ++_idle;
            // Only a token ends the wait (not a spurious wake-up): whoever
            // handed it out has already counted this thread as awake.
            _ready.wait(lock, [this] { return _stopping || _wakeTokens > 0; });
            if (_wakeTokens > 0)
                --_wakeTokens;
            else
                --_idle;
            continue; // the job it was woken for may have been taken meanwhile
        }
        if (_stopping)
            return;
        Job job = std::move(_jobs.front());
        _jobs.pop_front();
        _queued.store(_jobs.size(), std::memory_order_relaxed);
        lock.unlock();
        Response response;
        try
        {
            response = job.work();
        }
        catch (...)
        {
            // The router wraps every job; this is the last line of defence.
            response = Response(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
            response.head.setContentType("text/plain; charset=utf-8");
            response.body = "500 Internal Server Error: the request failed.\n";
        }
        job.work = nullptr; // release what it captured before the loop sees the result
        Done done = deliver(job.reply, response);
        const bool loopNeeded = !done.keepAlive || done.failed || !done.unsent.empty();
        lock.lock();
        _done.push_back(std::move(done));
        _hasDone.store(true, std::memory_order_release);
        if ((loopNeeded || _loopWaiting) && !_loopWoken)
        {
            _loopWaiting = false;
            _loopWoken = true; // once per batch: the loop takes them all
            lock.unlock();
            _wake();
            lock.lock();
        }
    }
}

WorkerPool::Done WorkerPool::deliver(const Reply& reply, const Response& response)
{
    Done done;
    done.connection = reply.connection;
    done.keepAlive = reply.keepAlive && !response.close;
    done.unsent = response.serialize(reply.headOnly, done.keepAlive, reply.extraHeaders);
    std::size_t sent = 0;
    while (reply.socket >= 0 && sent < done.unsent.size())
    {
        const ssize_t n = ::send(reply.socket, done.unsent.data() + sent, done.unsent.size() - sent,
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            sent += static_cast<std::size_t>(n);
        else if (n < 0 && errno == EINTR)
            continue;
        else
        {
            done.failed = n < 0 && errno != EAGAIN && errno != EWOULDBLOCK;
            break;
        }
    }
    done.unsent.erase(0, sent);
    return done;
}

} // namespace rolecall
