// Behind a reverse proxy: X-Forwarded-For names the client only when the
// connection comes from server.trusted_proxies.
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/RawWebSocket.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

// Joins through a connection that says it forwards 203.0.113.7.
void joinForwarded(unsigned short port, const std::string& user)
{
    RawWebSocket ws(port, "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n");
    CPPUNIT_ASSERT_EQUAL(101, ws.status());
    ws.request("room.join", params({{"token", roomToken("Proxied", user)}}));
    const auto frame = ws.readFrame(3000);
    CPPUNIT_ASSERT_MESSAGE(frame.payload, frame.payload.find("\"result\"") != std::string::npos);
}

} // namespace

class ProxyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProxyTest);
    CPPUNIT_TEST(forwardedClientIsBelievedFromATrustedProxy);
    CPPUNIT_TEST(forwardedClientIsIgnoredFromAnyoneElse);
    CPPUNIT_TEST(badProxyBlockIsRefused);
    CPPUNIT_TEST(upgradeDroppedByAProxyIsNamedInTheLog);
    CPPUNIT_TEST_SUITE_END();

public:
    void forwardedClientIsBelievedFromATrustedProxy()
    {
        ConfiguredServer server("", "trusted_proxies = 127.0.0.0/8\n");
        joinForwarded(server.port(), "Ann");
        CPPUNIT_ASSERT_MESSAGE(server.log(),
                               !server.logLine({"(Ann)", "joined from 203.0.113.7"}).empty());
    }

    void forwardedClientIsIgnoredFromAnyoneElse()
    {
        ConfiguredServer server("", "trusted_proxies = 10.0.0.0/8\n");
        joinForwarded(server.port(), "Ann");
        CPPUNIT_ASSERT_MESSAGE(server.log(),
                               !server.logLine({"(Ann)", "joined from 127.0.0.1"}).empty());
        CPPUNIT_ASSERT(server.log().find("203.0.113.7") == std::string::npos);
    }

    void badProxyBlockIsRefused()
    {
        const std::string why = ConfiguredServer::refusal("", "trusted_proxies = 10.0.0.0/40\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find("10.0.0.0/40") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(why, why.find(".ini:") != std::string::npos);
    }
    // A proxy that does not forward Upgrade/Connection turns the browser's
    // upgrade into a plain GET: the client gets a 400, the admin a log line
    // naming the likely cause.
    void upgradeDroppedByAProxyIsNamedInTheLog()
    {
        ConfiguredServer server;
        const HttpReply reply = httpGet(server.port(), "/ws");
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT_MESSAGE(
            server.log(), !server.logLine({"/ws", "without Upgrade headers", "proxy"}).empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ProxyTest);
