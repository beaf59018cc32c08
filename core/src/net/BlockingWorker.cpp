#include "net/BlockingWorker.h"
#include <pthread.h>

namespace rolecall
{

BlockingWorker::BlockingWorker(int threads, std::size_t queueLimit, Post post)
    : _queueLimit(queueLimit), _post(std::move(post))
{
    for (int i = 0; i < threads; ++i)
        _threads.emplace_back([this] { run(); });
}

BlockingWorker::~BlockingWorker()
{
    stop();
}

bool BlockingWorker::submit(Job job)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_stopping || _jobs.size() >= _queueLimit)
            return false;
        _jobs.push_back(std::move(job));
    }
    _ready.notify_one();
    return true;
}

void BlockingWorker::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
        _jobs.clear();
    }
    _ready.notify_all();
    for (auto& t : _threads)
        if (t.joinable())
            t.join();
    _threads.clear();
}

void BlockingWorker::run()
{
    ::pthread_setname_np(::pthread_self(), "blocking");
    for (;;)
    {
        Job job;
        {
            std::unique_lock<std::mutex> lock(_mutex);
            _ready.wait(lock, [this] { return _stopping || !_jobs.empty(); });
            if (_stopping)
                return;
            job = std::move(_jobs.front());
            _jobs.pop_front();
        }
        Continuation then;
        try
        {
            then = job();
        }
        catch (...)
        {
            // Jobs report their own failures; nothing is left to do here.
        }
        if (then)
            _post(std::move(then));
    }
}

} // namespace rolecall
