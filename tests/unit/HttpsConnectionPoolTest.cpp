// HttpsConnectionPool against the fake SignalWire API over real TLS: reuse,
// the bound on idle connections, idle expiry, TLS session resumption.
#include "backends/HttpsConnectionPool.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/StreamCopier.h"
#include "support/FakeSignalWire.h"
#include "support/TempDir.h"
#include "support/TestCa.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

using rolecall::HttpsConnectionPool;

namespace
{
const std::string project = "pool-project";
const std::string apiToken = "pool-api-token";
} // namespace

class HttpsConnectionPoolTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HttpsConnectionPoolTest);
    CPPUNIT_TEST(givenBackConnectionIsReused);
    CPPUNIT_TEST(keepsAtMostMaxIdle);
    CPPUNIT_TEST(expiredConnectionIsNotReused);
    CPPUNIT_TEST(newConnectionsResumeTheTlsSession);
    CPPUNIT_TEST(unusedConnectionIsNotKept);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<TempDir>();
        _ca = std::make_unique<TestCa>(_dir->file("ca"));
        _fake = std::make_unique<FakeSignalWire>(*_ca, project, apiToken);
    }

    void tearDown() override
    {
        _fake.reset();
        _ca.reset();
        _dir.reset();
    }

    void givenBackConnectionIsReused()
    {
        auto p = pool(2, 30000);
        auto first = p->take();
        CPPUNIT_ASSERT(!first.reused);
        CPPUNIT_ASSERT_EQUAL(404, get(first));
        p->give(std::move(first));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), p->idleCount());
        auto second = p->take();
        CPPUNIT_ASSERT(second.reused);
        CPPUNIT_ASSERT_EQUAL(404, get(second));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->connectionCount());
    }

    void keepsAtMostMaxIdle()
    {
        auto p = pool(2, 30000);
        std::vector<HttpsConnectionPool::Lease> leases;
        for (int i = 0; i < 3; ++i)
        {
            leases.push_back(p->take());
            CPPUNIT_ASSERT_EQUAL(404, get(leases.back()));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), _fake->connectionCount());
        for (auto& lease : leases)
            p->give(std::move(lease));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), p->idleCount());
    }

    void expiredConnectionIsNotReused()
    {
        auto p = pool(2, 0); // every idle connection is already too old
        auto first = p->take();
        CPPUNIT_ASSERT_EQUAL(404, get(first));
        p->give(std::move(first));
        auto second = p->take();
        CPPUNIT_ASSERT(!second.reused);
        CPPUNIT_ASSERT_EQUAL(404, get(second));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _fake->connectionCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), p->idleCount());
    }

    void newConnectionsResumeTheTlsSession()
    {
        auto p = pool(0, 30000);
        auto a = p->fresh();
        auto b = p->fresh();
        CPPUNIT_ASSERT_EQUAL(404, get(a));
        CPPUNIT_ASSERT_EQUAL(404, get(b)); // nothing to resume yet: a is still out
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _fake->resumedHandshakes());
        p->give(std::move(a));
        p->give(std::move(b));
        for (int i = 0; i < 3; ++i)
        {
            auto c = p->take(); // pool size 0: always a new connection
            CPPUNIT_ASSERT(!c.reused);
            CPPUNIT_ASSERT_EQUAL(404, get(c));
            p->give(std::move(c));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), _fake->connectionCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), _fake->resumedHandshakes());
    }

    void unusedConnectionIsNotKept()
    {
        auto p = pool(2, 30000);
        p->give(p->take());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), p->idleCount());
    }

private:
    std::unique_ptr<TempDir> _dir;
    std::unique_ptr<TestCa> _ca;
    std::unique_ptr<FakeSignalWire> _fake;

    std::unique_ptr<HttpsConnectionPool> pool(std::size_t maxIdle, int idleMs)
    {
        return std::make_unique<HttpsConnectionPool>(
            "127.0.0.1", _fake->port(), _ca->clientContext(), maxIdle,
            Poco::Timespan(0, idleMs * 1000LL), Poco::Timespan(5, 0));
    }

    int get(HttpsConnectionPool::Lease& lease)
    {
        Poco::Net::HTTPRequest request("GET", "/api/video/rooms/lobby",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        Poco::Net::HTTPBasicCredentials(project, apiToken).authenticate(request);
        lease.session->sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(lease.session->receiveResponse(response), body);
        return response.getStatus();
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HttpsConnectionPoolTest);
