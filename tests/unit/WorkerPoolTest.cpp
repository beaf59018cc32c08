#include "net/WorkerPool.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include <atomic>
#include <cppunit/extensions/HelperMacros.h>
#include <future>
#include <sys/socket.h>
#include <unistd.h>

using namespace rolecall;

namespace
{

Response ok(const std::string& body)
{
    Response response(Poco::Net::HTTPResponse::HTTP_OK);
    response.body = body;
    return response;
}

/// A connected pair of sockets: the pool writes to one, the test reads the other.
struct SocketPair
{
    int fds[2] = {-1, -1};
    SocketPair() { ::socketpair(AF_UNIX, SOCK_STREAM, 0, fds); }
    ~SocketPair()
    {
        ::close(fds[0]);
        ::close(fds[1]);
    }
    std::string read()
    {
        char buffer[4096];
        const ssize_t n = ::recv(fds[1], buffer, sizeof buffer, MSG_DONTWAIT);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }
};

// Takes results until `count` have come (or 5 s passed), nudging like the loop does.
std::vector<WorkerPool::Done> collect(WorkerPool& pool, std::size_t count)
{
    std::vector<WorkerPool::Done> all;
    for (Poco::Timestamp start; all.size() < count && start.elapsed() < 5000000;)
    {
        pool.nudge();
        pool.takeDone(all);
        Poco::Thread::sleep(1);
    }
    return all;
}

} // namespace

class WorkerPoolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WorkerPoolTest);
    CPPUNIT_TEST(workerWritesTheAnswerItself);
    CPPUNIT_TEST(aFullQueueSaysNo);
    CPPUNIT_TEST(aBlockedJobDoesNotHoldTheOthers);
    CPPUNIT_TEST(aThrowingJobStillAnswers);
    CPPUNIT_TEST_SUITE_END();

public:
    void workerWritesTheAnswerItself()
    {
        std::atomic<int> wakes{0};
        WorkerPool pool(2, 8, [&] { ++wakes; });
        SocketPair pair;
        CPPUNIT_ASSERT(pool.submit({42, pair.fds[0], false, true}, [] { return ok("hello"); }));
        const auto done = collect(pool, 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), done.size());
        CPPUNIT_ASSERT_EQUAL(ConnectionId(42), done[0].connection);
        CPPUNIT_ASSERT(done[0].keepAlive);
        CPPUNIT_ASSERT(done[0].unsent.empty());
        const std::string sent = pair.read();
        CPPUNIT_ASSERT(sent.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
        CPPUNIT_ASSERT(sent.find("Content-Length: 5\r\n\r\nhello") != std::string::npos);
        // Fully sent and kept alive: the loop was not woken for it.
        CPPUNIT_ASSERT_EQUAL(0, wakes.load());
    }

    void aFullQueueSaysNo()
    {
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        WorkerPool pool(1, 2, [] {});
        SocketPair pair;
        auto blocking = [released]
        {
            released.wait();
            return ok("x");
        };
        CPPUNIT_ASSERT(pool.submit({1, pair.fds[0], false, true}, blocking));
        // Wait until the one thread has taken it, so the queue is empty.
        for (Poco::Timestamp start; pool.nudge() && start.elapsed() < 2000000;)
            Poco::Thread::sleep(1);
        CPPUNIT_ASSERT(pool.submit({2, pair.fds[0], false, true}, blocking));
        CPPUNIT_ASSERT(pool.submit({3, pair.fds[0], false, true}, blocking));
        CPPUNIT_ASSERT(!pool.submit({4, pair.fds[0], false, true}, blocking));
        release.set_value();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), collect(pool, 3).size());
    }

    void aBlockedJobDoesNotHoldTheOthers()
    {
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        WorkerPool pool(2, 8, [] {});
        SocketPair pair;
        CPPUNIT_ASSERT(pool.submit({1, pair.fds[0], false, true},
                                   [released]
                                   {
                                       released.wait();
                                       return ok("slow");
                                   }));
        Poco::Thread::sleep(20); // the blocked job is running
        CPPUNIT_ASSERT(pool.submit({2, pair.fds[0], false, true}, [] { return ok("fast"); }));
        const auto done = collect(pool, 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), done.size());
        CPPUNIT_ASSERT_EQUAL(ConnectionId(2), done[0].connection);
        release.set_value();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), collect(pool, 1).size());
    }

    void aThrowingJobStillAnswers()
    {
        WorkerPool pool(1, 8, [] {});
        SocketPair pair;
        CPPUNIT_ASSERT(pool.submit({7, pair.fds[0], false, true},
                                   []() -> Response { throw std::runtime_error("plugin bug"); }));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), collect(pool, 1).size());
        CPPUNIT_ASSERT(pair.read().rfind("HTTP/1.1 500", 0) == 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WorkerPoolTest);
