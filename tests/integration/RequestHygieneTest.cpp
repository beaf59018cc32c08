// What the HTTP layer accepts on a connection: a body is read and dropped,
// never parsed as the next request; oversized and chunked bodies are
// refused; /ws upgrades only for its own or listed origins. Written before
// the non-blocking network core; see the commit message for how each test
// fails on the threaded core.
#include "support/ConfiguredServer.h"
#include "support/RawHttp.h"
#include "support/RawWebSocket.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

bool isHealth(const RawHttp::Response& response)
{
    return response.status == 200 && response.body.find("\"status\":\"ok\"") != std::string::npos;
}

} // namespace

class RequestHygieneTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RequestHygieneTest);
    CPPUNIT_TEST(bodyOfAGetIsNeverARequest);
    CPPUNIT_TEST(bodyOverTheLimitIs413);
    CPPUNIT_TEST(chunkedRequestIs501);
    CPPUNIT_TEST(foreignOriginIsRefused);
    CPPUNIT_TEST(listedOriginIsUpgraded);
    CPPUNIT_TEST_SUITE_END();

public:
    void tearDown() override { server.reset(); }

    // GET /healthz whose body is a whole request for /api/roles, then a real
    // GET /healthz: two answers, both /healthz, then the connection ends.
    void bodyOfAGetIsNeverARequest()
    {
        server = std::make_unique<ConfiguredServer>();
        RawHttp c(port());
        const std::string smuggled = "GET /api/roles HTTP/1.1\r\nHost: x\r\n\r\n";
        c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
               std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
        c.sendGet("/healthz", "Connection: close\r\n");
        const RawHttp::Response first = c.readResponse(3000);
        CPPUNIT_ASSERT_MESSAGE("first answer: " + first.head + "\n" + first.body, isHealth(first));
        const RawHttp::Response second = c.readResponse(3000);
        CPPUNIT_ASSERT_MESSAGE("second answer is not /healthz's: " + second.head + "\n" +
                                   second.body,
                               isHealth(second));
        CPPUNIT_ASSERT_MESSAGE("the connection stays open after Connection: close",
                               c.closedWithin(3000));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("more than two answers", std::string(), c.buffered());
    }

    // The default max_body_bytes is 65536.
    void bodyOverTheLimitIs413()
    {
        server = std::make_unique<ConfiguredServer>();
        RawHttp c(port());
        c.trySend("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n" +
                  std::string(100000, 'b'));
        const RawHttp::Response response = c.readResponse(5000);
        CPPUNIT_ASSERT_EQUAL(413, response.status);
        CPPUNIT_ASSERT_MESSAGE("still open after the 413", c.closedWithin(3000));
        CPPUNIT_ASSERT_EQUAL(200, RawHttp::get(port(), "/healthz", 3000).status);
    }

    void chunkedRequestIs501()
    {
        server = std::make_unique<ConfiguredServer>();
        RawHttp c(port());
        c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
               "5\r\nhello\r\n0\r\n\r\n");
        const RawHttp::Response response = c.readResponse(3000);
        CPPUNIT_ASSERT_EQUAL(501, response.status);
        CPPUNIT_ASSERT_MESSAGE("still open after the 501", c.closedWithin(3000));
        CPPUNIT_ASSERT_EQUAL(200, RawHttp::get(port(), "/healthz", 3000).status);
    }

    // No allowed_origins: only the server's own origin (http:// + Host) or no
    // Origin at all may upgrade.
    void foreignOriginIsRefused()
    {
        server = std::make_unique<ConfiguredServer>();
        RawWebSocket evil(port(), "Origin: http://evil.example\r\n");
        CPPUNIT_ASSERT_EQUAL(403, evil.status());
        CPPUNIT_ASSERT_EQUAL(std::string(), evil.handshake().header("Upgrade"));
        CPPUNIT_ASSERT_MESSAGE("the refusal is not logged:\n" + server->log(),
                               !server->logLine({"http://evil.example"}).empty());

        const std::string own = "http://127.0.0.1:" + std::to_string(port());
        CPPUNIT_ASSERT_EQUAL(101, RawWebSocket(port(), "Origin: " + own + "\r\n").status());
        CPPUNIT_ASSERT_EQUAL(101, RawWebSocket(port()).status());
        // Another port is another origin.
        CPPUNIT_ASSERT_EQUAL(403, RawWebSocket(port(), "Origin: http://127.0.0.1:" +
                                                           std::to_string(port() + 1) + "\r\n")
                                      .status());
    }

    void listedOriginIsUpgraded()
    {
        server = std::make_unique<ConfiguredServer>(
            "", "allowed_origins = https://meet.example.org, https://other.example.org\n");
        CPPUNIT_ASSERT_EQUAL(101,
                             RawWebSocket(port(), "Origin: https://meet.example.org\r\n").status());
        CPPUNIT_ASSERT_EQUAL(
            101, RawWebSocket(port(), "Origin: https://other.example.org\r\n").status());
        CPPUNIT_ASSERT_EQUAL(403, RawWebSocket(port(), "Origin: http://evil.example\r\n").status());
        CPPUNIT_ASSERT_EQUAL(
            101, RawWebSocket(port(), "Origin: http://127.0.0.1:" + std::to_string(port()) + "\r\n")
                     .status());
    }

private:
    std::unique_ptr<ConfiguredServer> server;

    unsigned short port() const { return server->port(); }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequestHygieneTest);
