#include "net/TrustedProxies.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class TrustedProxiesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TrustedProxiesTest);
    CPPUNIT_TEST(blocksMatchTheirAddresses);
    CPPUNIT_TEST(clientIsTheRightMostUntrustedHop);
    CPPUNIT_TEST(headersFromOthersAreIgnored);
    CPPUNIT_TEST(badBlocksAreNamed);
    CPPUNIT_TEST_SUITE_END();

public:
    void blocksMatchTheirAddresses()
    {
        const TrustedProxies proxies({"10.0.0.0/8", "192.0.2.1", "2001:db8::/32"});
        CPPUNIT_ASSERT(proxies.trusts("10.1.2.3"));
        CPPUNIT_ASSERT(!proxies.trusts("11.0.0.1"));
        CPPUNIT_ASSERT(proxies.trusts("192.0.2.1"));
        CPPUNIT_ASSERT(!proxies.trusts("192.0.2.2"));
        CPPUNIT_ASSERT(proxies.trusts("2001:db8::5"));
        CPPUNIT_ASSERT(!proxies.trusts("2001:db9::5"));
        CPPUNIT_ASSERT(!proxies.trusts("not an address"));
        CPPUNIT_ASSERT(!TrustedProxies().trusts("10.1.2.3"));
    }

    void clientIsTheRightMostUntrustedHop()
    {
        const TrustedProxies proxies({"10.0.0.0/8"});
        CPPUNIT_ASSERT_EQUAL(std::string("203.0.113.7"),
                             proxies.clientOf("10.0.0.1", "203.0.113.7"));
        // A client may write its own X-Forwarded-For: only what the trusted
        // proxies appended counts.
        CPPUNIT_ASSERT_EQUAL(std::string("203.0.113.7"),
                             proxies.clientOf("10.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2"));
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.1"), proxies.clientOf("10.0.0.1", ""));
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.1"), proxies.clientOf("10.0.0.1", "garbage"));
    }

    void headersFromOthersAreIgnored()
    {
        const TrustedProxies proxies({"10.0.0.0/8"});
        CPPUNIT_ASSERT_EQUAL(std::string("198.51.100.9"),
                             proxies.clientOf("198.51.100.9", "203.0.113.7"));
    }

    void badBlocksAreNamed()
    {
        CPPUNIT_ASSERT(TrustedProxies::problem({"10.0.0.0/8", "::1"}).empty());
        CPPUNIT_ASSERT(TrustedProxies::problem({"10.0.0.0/33"}).find("10.0.0.0/33") !=
                       std::string::npos);
        CPPUNIT_ASSERT(!TrustedProxies::problem({"proxy.example.org"}).empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TrustedProxiesTest);
