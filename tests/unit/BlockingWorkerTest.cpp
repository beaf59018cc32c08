// BlockingWorker: blocking jobs run on its own threads, their continuations
// are handed to `post` (the event loop in the server), the queue is bounded.
#include "net/BlockingWorker.h"
#include <atomic>
#include <condition_variable>
#include <cppunit/extensions/HelperMacros.h>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace rolecall;

namespace
{

/// Stands in for the loop: continuations posted from any thread, run by the test.
struct Posted
{
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<BlockingWorker::Continuation> tasks;

    void post(BlockingWorker::Continuation task)
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            tasks.push_back(std::move(task));
        }
        arrived.notify_all();
    }

    /// Waits (at most 5 s) until `count` continuations were posted.
    bool await(std::size_t count)
    {
        std::unique_lock<std::mutex> lock(mutex);
        return arrived.wait_for(lock, std::chrono::seconds(5),
                                [&] { return tasks.size() >= count; });
    }
};

} // namespace

class BlockingWorkerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BlockingWorkerTest);
    CPPUNIT_TEST(jobRunsOffTheCallerAndItsOutcomeIsPosted);
    CPPUNIT_TEST(fullQueueSaysNo);
    CPPUNIT_TEST(throwingJobPostsNothing);
    CPPUNIT_TEST(stopDropsQueuedJobsAndRefusesNewOnes);
    CPPUNIT_TEST(stopWaitsForTheRunningJob);
    CPPUNIT_TEST_SUITE_END();

public:
    void jobRunsOffTheCallerAndItsOutcomeIsPosted()
    {
        Posted posted;
        BlockingWorker worker(1, 4,
                              [&](BlockingWorker::Continuation t) { posted.post(std::move(t)); });
        std::thread::id ranOn;
        int outcome = 0;
        CPPUNIT_ASSERT(worker.submit(
            [&]() -> BlockingWorker::Continuation
            {
                ranOn = std::this_thread::get_id();
                return [&outcome] { outcome = 42; };
            }));
        CPPUNIT_ASSERT(posted.await(1));
        CPPUNIT_ASSERT(ranOn != std::this_thread::get_id());
        CPPUNIT_ASSERT_EQUAL(0, outcome); // not run until the "loop" runs it
        posted.tasks[0]();
        CPPUNIT_ASSERT_EQUAL(42, outcome);
    }

    void fullQueueSaysNo()
    {
        Posted posted;
        BlockingWorker worker(1, 1,
                              [&](BlockingWorker::Continuation t) { posted.post(std::move(t)); });
        std::promise<void> started, release;
        auto released = release.get_future().share();
        // One job holds the only thread, one waits in the queue: the next is refused.
        CPPUNIT_ASSERT(worker.submit(
            [&, released]() -> BlockingWorker::Continuation
            {
                started.set_value();
                released.wait();
                return [] {};
            }));
        started.get_future().wait();
        CPPUNIT_ASSERT(worker.submit([]() -> BlockingWorker::Continuation { return [] {}; }));
        CPPUNIT_ASSERT(!worker.submit([]() -> BlockingWorker::Continuation { return [] {}; }));
        release.set_value();
        CPPUNIT_ASSERT(posted.await(2));
    }

    void throwingJobPostsNothing()
    {
        Posted posted;
        BlockingWorker worker(1, 4,
                              [&](BlockingWorker::Continuation t) { posted.post(std::move(t)); });
        worker.submit([]() -> BlockingWorker::Continuation { throw std::runtime_error("boom"); });
        worker.submit([]() -> BlockingWorker::Continuation { return [] {}; });
        CPPUNIT_ASSERT(posted.await(1)); // the second job's, in order: the thread survived
        worker.stop();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), posted.tasks.size());
    }

    void stopDropsQueuedJobsAndRefusesNewOnes()
    {
        Posted posted;
        std::atomic<int> ran{0};
        {
            // No thread to take them: the jobs stay queued until stop() drops them.
            BlockingWorker idle(0, 8,
                                [&](BlockingWorker::Continuation t) { posted.post(std::move(t)); });
            CPPUNIT_ASSERT(
                idle.submit([&]() -> BlockingWorker::Continuation { return ++ran, [] {}; }));
            idle.stop();
            CPPUNIT_ASSERT(
                !idle.submit([&]() -> BlockingWorker::Continuation { return ++ran, [] {}; }));
        }
        CPPUNIT_ASSERT_EQUAL(0, ran.load());
        CPPUNIT_ASSERT(posted.tasks.empty());
    }

    void stopWaitsForTheRunningJob()
    {
        Posted posted;
        std::atomic<bool> finished{false};
        std::promise<void> started, release;
        auto released = release.get_future().share();
        BlockingWorker worker(1, 8,
                              [&](BlockingWorker::Continuation t) { posted.post(std::move(t)); });
        worker.submit(
            [&, released]() -> BlockingWorker::Continuation
            {
                started.set_value();
                released.wait();
                finished = true;
                return [] {};
            });
        started.get_future().wait();
        bool finishedWhenStopped = false;
        std::thread stopper(
            [&]
            {
                worker.stop();
                finishedWhenStopped = finished;
            });
        release.set_value();
        stopper.join();
        CPPUNIT_ASSERT(finishedWhenStopped);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BlockingWorkerTest);
