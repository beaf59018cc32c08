// Behind a proxy that mounts rolecall on a path (server.base_path = /meet):
// every route, static file and /ws lives under it, and pages link there.
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/RawWebSocket.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>

class BasePathTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BasePathTest);
    CPPUNIT_TEST(routesLiveUnderThePrefix);
    CPPUNIT_TEST(pagesLinkUnderThePrefix);
    CPPUNIT_TEST(roomConnectionLivesUnderThePrefix);
    CPPUNIT_TEST(publicUrlNamesEachRoleAtStart);
    CPPUNIT_TEST(badPrefixIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        server = std::make_unique<ConfiguredServer>(
            "", "base_path = /meet\npublic_url = https://video.example.org\n");
    }
    void tearDown() override { server.reset(); }

    void routesLiveUnderThePrefix()
    {
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port(), "/meet/healthz").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port(), "/healthz").status); // for a local monitor
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port(), "/meet/guest?room=R").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port(), "/meet/static/rolecall.css").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port(), "/meet/api/roles").status);
        CPPUNIT_ASSERT_EQUAL(404, httpGet(port(), "/guest?room=R").status);
        CPPUNIT_ASSERT_EQUAL(404, httpGet(port(), "/meeting/guest?room=R").status);
    }

    void pagesLinkUnderThePrefix()
    {
        const std::string page = httpGet(port(), "/meet/guest?room=R").body;
        CPPUNIT_ASSERT(page.find("href=\"/meet/static/rolecall.css\"") != std::string::npos);
        CPPUNIT_ASSERT(page.find("src=\"/meet/static/rolecall.js\"") != std::string::npos);
        CPPUNIT_ASSERT(page.find("src=\"/meet/static/logo.svg\"") != std::string::npos);
        CPPUNIT_ASSERT(page.find("\"/static/") == std::string::npos);
        CPPUNIT_ASSERT(page.find("\"signaling\":\"\\/meet\\/ws\"") != std::string::npos ||
                       page.find("\"signaling\":\"/meet/ws\"") != std::string::npos);
        // Error pages too.
        const std::string missing = httpGet(port(), "/meet/nothing-here").body;
        CPPUNIT_ASSERT(missing.find("href=\"/meet/static/rolecall.css\"") != std::string::npos);
    }

    void roomConnectionLivesUnderThePrefix()
    {
        RawWebSocket ws(port(), "", 0, "/meet/ws");
        CPPUNIT_ASSERT_EQUAL(101, ws.status());
        RawWebSocket outside(port(), "", 0, "/ws");
        CPPUNIT_ASSERT_EQUAL(404, outside.status());
    }

    void publicUrlNamesEachRoleAtStart()
    {
        CPPUNIT_ASSERT_MESSAGE(server->log(),
                               !server->logLine({"https://video.example.org/meet/guest"}).empty());
    }

    void badPrefixIsRefused()
    {
        const std::string why = ConfiguredServer::refusal("", "base_path = meet/../x\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find("base_path") != std::string::npos);
    }

private:
    unsigned short port() const { return server->port(); }
    std::unique_ptr<ConfiguredServer> server;
};

CPPUNIT_TEST_SUITE_REGISTRATION(BasePathTest);
