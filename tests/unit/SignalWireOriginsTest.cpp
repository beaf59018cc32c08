// Where a signalwire page's scripts connect: the space, and the relay the
// SDK picks from the room token's header ("ch"), else its default.
#include "backends/SignalWireOrigins.h"
#include "util/Base64Url.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

namespace
{

std::string tokenWithHeader(const std::string& header)
{
    return Base64Url::encode(header) + "." + Base64Url::encode("{}") + ".c2ln";
}

} // namespace

class SignalWireOriginsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SignalWireOriginsTest);
    CPPUNIT_TEST(relayFromTheTokenHeader);
    CPPUNIT_TEST(defaultRelayWithoutOne);
    CPPUNIT_TEST(nothingButAHostIsTakenFromTheToken);
    CPPUNIT_TEST_SUITE_END();

public:
    void relayFromTheTokenHeader()
    {
        const auto origins = SignalWireOrigins::forPage(
            "example.signalwire.com",
            tokenWithHeader(R"({"typ":"VRT","ch":"puc.signalwire.com","alg":"HS512"})"));
        const std::vector<std::string> expected = {"https://example.signalwire.com",
                                                   "wss://example.signalwire.com",
                                                   "wss://puc.signalwire.com"};
        CPPUNIT_ASSERT(origins == expected);
    }

    void defaultRelayWithoutOne()
    {
        for (const std::string& token :
             {tokenWithHeader(R"({"alg":"HS256"})"), std::string("not a token"), std::string()})
        {
            const auto origins = SignalWireOrigins::forPage("example.signalwire.com", token);
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), origins.size());
            CPPUNIT_ASSERT_EQUAL(std::string("wss://relay.signalwire.com"), origins[2]);
        }
    }

    void nothingButAHostIsTakenFromTheToken()
    {
        for (const std::string ch : {"evil.example; script-src *", "*", "a b", "https://x.org"})
        {
            const auto origins = SignalWireOrigins::forPage(
                "example.signalwire.com", tokenWithHeader(R"({"ch":")" + ch + R"("})"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ch, std::string("wss://relay.signalwire.com"),
                                         origins.back());
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignalWireOriginsTest);
