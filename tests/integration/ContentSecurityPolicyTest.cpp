// Pages may connect to their own origin only (which covers same-origin ws:
// and wss:), plus SignalWire's space and relay on that backend.
#include "Poco/String.h"
#include "support/ConfiguredServer.h"
#include "support/FakeSignalWire.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestCa.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

/// The sources of one directive of a Content-Security-Policy value.
std::string directive(const std::string& policy, const std::string& name)
{
    const auto start = policy.find(name + " ");
    if (start == std::string::npos)
        return "<no " + name + ">";
    const auto from = start + name.size() + 1;
    return policy.substr(from, policy.find(';', from) - from);
}

} // namespace

class ContentSecurityPolicyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ContentSecurityPolicyTest);
    CPPUNIT_TEST(embeddedPagesConnectToTheirOwnOriginOnly);
    CPPUNIT_TEST(signalwirePagesMayAlsoReachTheSpaceAndRelay);
    CPPUNIT_TEST_SUITE_END();

public:
    void embeddedPagesConnectToTheirOwnOriginOnly()
    {
        ConfiguredServer server;
        for (const auto& reply :
             {httpGet(server.port(), "/guest?room=Csp"), httpGet(server.port(), "/nowhere"),
              httpGet(server.port(), "/", basicAuth(moderatorUser, moderatorPassword))})
        {
            const std::string policy = reply.headers.get("Content-Security-Policy");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(policy, std::string("'self'"),
                                         directive(policy, "connect-src"));
            CPPUNIT_ASSERT_EQUAL(std::string("'self'"), directive(policy, "default-src"));
            CPPUNIT_ASSERT_EQUAL(std::string("'none'"), directive(policy, "frame-ancestors"));
        }
    }

    void signalwirePagesMayAlsoReachTheSpaceAndRelay()
    {
        TempDir dir;
        TestCa ca(dir.file("ca"));
        FakeSignalWire fake(ca, "csp-project", "csp-token");
        const std::string config = dir.write(
            "rolecall.ini",
            testConfig(0, dir.file("state"), standardRoles(), "backend = signalwire\n") +
                "\n[signalwire]\nspace = example.signalwire.com\nbase_url = " + fake.baseUrl() +
                "\nca_file = " + ca.caFile() + "\ncreate_rooms = always\n");
        ServerProcess server(
            config, {{"SIGNALWIRE_PROJECT_KEY", "csp-project"}, {"SIGNALWIRE_TOKEN", "csp-token"}});
        const unsigned short port = server.port();
        const HttpReply page = httpGet(port, "/guest?room=Csp&user=Ann");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        const std::string policy = page.headers.get("Content-Security-Policy");
        // The fake's tokens carry no "ch" header: the SDK's default relay.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(policy,
                                     std::string("'self' https://example.signalwire.com "
                                                 "wss://example.signalwire.com "
                                                 "wss://relay.signalwire.com"),
                                     directive(policy, "connect-src"));
        // One policy only: with two, a browser would apply both.
        int policies = 0;
        for (const auto& [name, value] : page.headers)
            policies += Poco::icompare(name, "Content-Security-Policy") == 0 ? 1 : 0;
        CPPUNIT_ASSERT_EQUAL(1, policies);
        // Other answers keep the strict policy.
        CPPUNIT_ASSERT_EQUAL(
            std::string("'self'"),
            directive(httpGet(port, "/nowhere").headers.get("Content-Security-Policy"),
                      "connect-src"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ContentSecurityPolicyTest);
