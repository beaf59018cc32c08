#include "net/WorkerPool.h"

namespace rolecall
{

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

bool WorkerPool::submit(ConnectionId connection, std::function<Response()> work)
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (_stopping || _jobs.size() >= _queueLimit)
        return false;
    _jobs.push_back({connection, std::move(work)});
    // Only wake a thread that sleeps: a busy one takes the job on its own.
    const bool someoneIdle = _idle > 0;
    lock.unlock();
    if (someoneIdle)
        _ready.notify_one();
    return true;
}

void WorkerPool::takeDone(std::vector<Done>& out)
{
    std::lock_guard<std::mutex> lock(_mutex);
    for (auto& done : _done)
        out.push_back(std::move(done));
    _done.clear();
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
    std::unique_lock<std::mutex> lock(_mutex);
    for (;;)
    {
        ++_idle;
        _ready.wait(lock, [this] { return _stopping || !_jobs.empty(); });
        --_idle;
        if (_stopping)
            return;
        Job job = std::move(_jobs.front());
        _jobs.pop_front();
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
        lock.lock();
        const bool first = _done.empty();
        _done.push_back({job.connection, std::move(response)});
        if (first)
        {
            lock.unlock();
            _wake(); // once per batch: the loop takes them all
            lock.lock();
        }
    }
}

} // namespace rolecall
