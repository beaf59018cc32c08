// Password guessing is throttled: failed logins are counted per client
// address (behind trusted proxies, the client they name) and per user name;
// past five, the next check waits, answered 429 with Retry-After, and no
// check runs at all until then, not even for the right password.
#include "Poco/JSON/Parser.h"
#include "Poco/NumberParser.h"
#include "Poco/Timestamp.h"
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

std::map<std::string, std::string> loginFrom(const std::string& address, const std::string& user,
                                             const std::string& password)
{
    auto headers = basicAuth(user, password);
    headers["X-Forwarded-For"] = address;
    return headers;
}

/// Five wrong passwords: each is a plain 401.
void failFiveTimes(unsigned short port,
                   const std::function<std::map<std::string, std::string>(int)>& attempt)
{
    for (int i = 0; i < 5; ++i)
    {
        const HttpReply reply = httpGet(port, "/", attempt(i));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("attempt " + std::to_string(i + 1), 401, reply.status);
    }
}

void expectThrottled(const HttpReply& reply)
{
    CPPUNIT_ASSERT_EQUAL(429, reply.status);
    CPPUNIT_ASSERT(reply.headers.has("Retry-After"));
    const int wait = Poco::NumberParser::parse(reply.headers.get("Retry-After"));
    CPPUNIT_ASSERT_MESSAGE(reply.headers.get("Retry-After"), wait >= 1 && wait <= 2);
    CPPUNIT_ASSERT(reply.body.find("Moderator") == std::string::npos);
}

} // namespace

class LoginBackoffTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LoginBackoffTest);
    CPPUNIT_TEST(sixthAttemptIs429AndTheRightPasswordWorksAfterTheWait);
    CPPUNIT_TEST(failuresCountPerUserNameAcrossAddresses);
    CPPUNIT_TEST(failuresCountPerAddressAcrossUserNames);
    CPPUNIT_TEST(tokenApiIsThrottledWithJson);
    CPPUNIT_TEST(badThrottleSettingIsRefusedWithItsLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void sixthAttemptIs429AndTheRightPasswordWorksAfterTheWait()
    {
        ConfiguredServer server;
        failFiveTimes(server.port(),
                      [](int i) { return basicAuth(moderatorUser, "guess-" + std::to_string(i)); });
        // The right password, at once: not even checked.
        expectThrottled(httpGet(server.port(), "/", basicAuth(moderatorUser, moderatorPassword)));
        // Once the wait is over, it works (asked again until the 429s stop).
        HttpReply reply;
        for (Poco::Timestamp start; start.elapsed() < 10 * 1000 * 1000LL;)
            if ((reply = httpGet(server.port(), "/", basicAuth(moderatorUser, moderatorPassword)))
                    .status != 429)
                break;
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        // The log names the address and the user, never a password.
        CPPUNIT_ASSERT_MESSAGE(server.log(),
                               !server
                                    .logLine({"failed login to role moderator from 127.0.0.1",
                                              "as user 'mod'", "too many failures"})
                                    .empty());
        CPPUNIT_ASSERT(server.log().find("guess-") == std::string::npos);
        CPPUNIT_ASSERT(server.log().find(moderatorPassword) == std::string::npos);
    }

    // One user name guessed from five addresses: the sixth address waits too.
    void failuresCountPerUserNameAcrossAddresses()
    {
        ConfiguredServer server("", "trusted_proxies = 127.0.0.0/8\n");
        failFiveTimes(server.port(), [](int i)
                      { return loginFrom("203.0.113." + std::to_string(i + 1), "mod", "guess"); });
        expectThrottled(httpGet(server.port(), "/",
                                loginFrom("203.0.113.99", moderatorUser, moderatorPassword)));
        // Another name from a fresh address is checked (and refused) as usual.
        CPPUNIT_ASSERT_EQUAL(
            401, httpGet(server.port(), "/", loginFrom("203.0.113.98", "ann", "guess")).status);
        CPPUNIT_ASSERT_MESSAGE(server.log(), !server
                                                  .logLine({"from 203.0.113.5", "as user 'mod'",
                                                            "too many failures for this user"})
                                                  .empty());
    }

    // Five names guessed from one address: that address waits for any name.
    void failuresCountPerAddressAcrossUserNames()
    {
        ConfiguredServer server("", "trusted_proxies = 127.0.0.0/8\n");
        failFiveTimes(server.port(), [](int i)
                      { return loginFrom("198.51.100.7", "user" + std::to_string(i), "guess"); });
        expectThrottled(httpGet(server.port(), "/",
                                loginFrom("198.51.100.7", moderatorUser, moderatorPassword)));
        CPPUNIT_ASSERT_EQUAL(
            200,
            httpGet(server.port(), "/", loginFrom("198.51.100.8", moderatorUser, moderatorPassword))
                .status);
    }

    void tokenApiIsThrottledWithJson()
    {
        ConfiguredServer server;
        const std::string target = "/api/token?role=moderator&room=Reception&user=Boss";
        for (int i = 0; i < 5; ++i)
            CPPUNIT_ASSERT_EQUAL(
                401, httpGet(server.port(), target, basicAuth(moderatorUser, "guess")).status);
        const HttpReply reply =
            httpGet(server.port(), target, basicAuth(moderatorUser, moderatorPassword));
        expectThrottled(reply);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.getContentType());
        const auto body = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(429, body->getObject("error")->getValue<int>("status"));
        CPPUNIT_ASSERT(!body->has("token"));
    }

    void badThrottleSettingIsRefusedWithItsLine()
    {
        const std::string why = ConfiguredServer::refusal("[auth]\nfree_failures = 0\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find(".ini:") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(why,
                               why.find("'auth.free_failures' must be a whole number from 1") !=
                                   std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             ConfiguredServer::refusal("[auth]\nfree_failures = 3\nbackoff_ms = "
                                                       "200\nconcurrent_checks = 1\n"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginBackoffTest);
