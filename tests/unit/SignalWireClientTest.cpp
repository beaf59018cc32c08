// SignalWireClient's use of kept-alive connections: a connection the server
// closed while it idled is replaced once, for requests that are safe to send
// twice, and never for a POST that is not, nor after a timeout.
#include "backends/SignalWireClient.h"
#include "rooms/RoomBackend.h"
#include "support/FakeSignalWire.h"
#include "support/TempDir.h"
#include "support/TestCa.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

using rolecall::BackendError;
using rolecall::SignalWireClient;

namespace
{
const std::string project = "client-project";
const std::string apiToken = "client-api-token";
const std::string tokens = "/api/video/room_tokens";
} // namespace

class SignalWireClientTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SignalWireClientTest);
    CPPUNIT_TEST(callsShareOneConnection);
    CPPUNIT_TEST(getIsRetriedOnceOnAClosedConnection);
    CPPUNIT_TEST(safePostIsRetriedOnceOnAClosedConnection);
    CPPUNIT_TEST(unsafePostIsNotRepeated);
    CPPUNIT_TEST(timeoutIsNotRepeated);
    CPPUNIT_TEST(retryThatFailsIsReported);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<TempDir>();
        _ca = std::make_unique<TestCa>(_dir->file("ca"));
        _fake = std::make_unique<FakeSignalWire>(*_ca, project, apiToken);
        rolecall::SignalWireSettings settings;
        settings.projectKey = project;
        settings.token = apiToken;
        settings.space = "example.signalwire.com";
        settings.baseUrl = _fake->baseUrl();
        settings.caFile = _ca->caFile();
        settings.timeoutMs = 400;
        _client = std::make_unique<SignalWireClient>(settings);
    }

    void tearDown() override
    {
        _client.reset();
        _fake.reset();
        _ca.reset();
        _dir.reset();
    }

    void callsShareOneConnection()
    {
        for (int i = 0; i < 5; ++i)
        {
            CPPUNIT_ASSERT_EQUAL(404, lookUp());
            CPPUNIT_ASSERT_EQUAL(200, token(SignalWireClient::Repeat::Unsafe));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->connectionCount());
    }

    void getIsRetriedOnceOnAClosedConnection()
    {
        CPPUNIT_ASSERT_EQUAL(404, lookUp());
        token(SignalWireClient::Repeat::Safe);
        token(SignalWireClient::Repeat::Safe);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->closeIdleConnections());
        CPPUNIT_ASSERT_EQUAL(404, lookUp());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _fake->connectionCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->resumedHandshakes());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), _fake->calls().size());
    }

    void safePostIsRetriedOnceOnAClosedConnection()
    {
        CPPUNIT_ASSERT_EQUAL(200, token(SignalWireClient::Repeat::Safe));
        _fake->closeIdleConnections();
        CPPUNIT_ASSERT_EQUAL(200, token(SignalWireClient::Repeat::Safe));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _fake->count("POST " + tokens));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _fake->connectionCount());
    }

    void unsafePostIsNotRepeated()
    {
        CPPUNIT_ASSERT_EQUAL(200, token(SignalWireClient::Repeat::Unsafe));
        _fake->closeIdleConnections();
        expectError(502, "cannot reach SignalWire",
                    [this] { token(SignalWireClient::Repeat::Unsafe); });
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->count("POST " + tokens));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->connectionCount());
        // The broken connection was dropped, not put back.
        CPPUNIT_ASSERT_EQUAL(200, token(SignalWireClient::Repeat::Unsafe));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _fake->connectionCount());
    }

    void timeoutIsNotRepeated()
    {
        CPPUNIT_ASSERT_EQUAL(404, lookUp());
        _fake->setMode(FakeSignalWire::Mode::Slow);
        _fake->setDelay(std::chrono::milliseconds(3000));
        expectError(504, "did not answer within 0.4", [this] { lookUp(); });
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), _fake->calls().size());
    }

    void retryThatFailsIsReported()
    {
        CPPUNIT_ASSERT_EQUAL(404, lookUp());
        _fake->stop(); // closes the idle connection and refuses new ones
        expectError(502, "cannot reach SignalWire at 127.0.0.1", [this] { lookUp(); });
    }

private:
    std::unique_ptr<TempDir> _dir;
    std::unique_ptr<TestCa> _ca;
    std::unique_ptr<FakeSignalWire> _fake;
    std::unique_ptr<SignalWireClient> _client;

    int lookUp() { return _client->call("GET", "/api/video/rooms/Lobby").status; }

    int token(SignalWireClient::Repeat repeat)
    {
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        body->set("room_name", "Lobby");
        return _client->call("POST", tokens, body, repeat).status;
    }

    template <typename F> static void expectError(int status, const std::string& text, F f)
    {
        try
        {
            f();
        }
        catch (const BackendError& e)
        {
            CPPUNIT_ASSERT_EQUAL(status, e.code());
            CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find(text) != std::string::npos);
            return;
        }
        CPPUNIT_FAIL("no BackendError");
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignalWireClientTest);
