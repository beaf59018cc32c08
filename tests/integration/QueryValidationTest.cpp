// Room and user query parameters a role page refuses (400, naming the
// parameter on the error page) and the edge cases it accepts.
#include "Poco/JSON/Parser.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

namespace
{

std::string repeat(const std::string& piece, int times)
{
    std::string out;
    for (int i = 0; i < times; ++i)
        out += piece;
    return out;
}

/// The text of <p id="error-message">, or a marker saying it is missing.
std::string errorMessage(const std::string& page)
{
    const std::string marker = "id=\"error-message\">";
    const auto start = page.find(marker);
    if (start == std::string::npos)
        return "<no error-message element>";
    const auto from = start + marker.size();
    return page.substr(from, page.find("</p>", from) - from);
}

} // namespace

class QueryValidationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(QueryValidationTest);
    CPPUNIT_TEST(roomWithSpaceIsRefused);
    CPPUNIT_TEST(roomOf101CharactersIsRefused);
    CPPUNIT_TEST(emptyRoomIsRefused);
    CPPUNIT_TEST(roomGivenTwiceIsRefused);
    CPPUNIT_TEST(roomGivenTwiceApartIsRefused);
    CPPUNIT_TEST(emptyUserIsRefused);
    CPPUNIT_TEST(userOf101CharactersIsRefused);
    CPPUNIT_TEST(userWithControlCharacterIsRefused);
    CPPUNIT_TEST(userWithInvalidUtf8IsRefused);
    CPPUNIT_TEST(malformedPercentEncodingIsRefused);
    CPPUNIT_TEST(malformedPercentEncodingNamesParameter);
    CPPUNIT_TEST(roomOf100CharactersIsAccepted);
    CPPUNIT_TEST(userOf100MultiByteCharactersIsAccepted);
    CPPUNIT_TEST_SUITE_END();

public:
    // One server for the whole suite, whose tests only read from it: started
    // before the first test, stopped after the last.
    void setUp() override
    {
        if (_shared)
            return;
        _shared = std::make_unique<Shared>();
        _testsLeft = std::unique_ptr<CppUnit::Test>(suite())->countTestCases();
    }

    void tearDown() override
    {
        if (_shared && --_testsLeft == 0)
            _shared.reset();
    }

    void roomWithSpaceIsRefused() { expectRefused("room=a%20b&user=Ann", "room"); }
    void roomOf101CharactersIsRefused() { expectRefused("room=" + repeat("r", 101), "room"); }
    void emptyRoomIsRefused() { expectRefused("room=&user=Ann", "room"); }
    void roomGivenTwiceIsRefused() { expectRefused("room=One&room=Two&user=Ann", "room"); }
    void roomGivenTwiceApartIsRefused() { expectRefused("room=One&user=Ann&room=Two", "room"); }
    void emptyUserIsRefused() { expectRefused("room=Reception&user=", "user"); }
    void userOf101CharactersIsRefused() { expectRefused("user=" + repeat("u", 101), "user"); }
    void userWithControlCharacterIsRefused() { expectRefused("user=Ann%01", "user"); }
    void userWithInvalidUtf8IsRefused() { expectRefused("user=Ann%FF", "user"); }

    void malformedPercentEncodingIsRefused()
    {
        const HttpReply reply = httpGet(port(), "/guest?room=%ZZ&user=Ann");
        CPPUNIT_ASSERT_EQUAL(400, reply.status);
        CPPUNIT_ASSERT(reply.body.find("id=\"error-message\"") != std::string::npos);
        CPPUNIT_ASSERT(reply.body.find("id=\"room-name\"") == std::string::npos);
    }

    // The page should say which parameter is malformed, as for every other 400.
    void malformedPercentEncodingNamesParameter() { expectRefused("room=%ZZ&user=Ann", "room"); }

    void roomOf100CharactersIsAccepted()
    {
        const std::string room = repeat("r", 100);
        const HttpReply reply = httpGet(port(), "/guest?user=Ann&room=" + room);
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(room, configValue(reply.body, "room"));
    }

    void userOf100MultiByteCharactersIsAccepted()
    {
        const HttpReply reply =
            httpGet(port(), "/guest?room=Reception&user=" + repeat("%C3%A9", 100));
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(repeat("\xC3\xA9", 100), configValue(reply.body, "user"));
    }

private:
    /// GET /guest?query answers 400 with an error page that names `parameter`
    /// and carries no room token.
    void expectRefused(const std::string& query, const std::string& parameter)
    {
        const HttpReply reply = httpGet(port(), "/guest?" + query);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 400, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/html"), reply.headers.getContentType().substr(0, 9));
        const std::string message = errorMessage(reply.body);
        CPPUNIT_ASSERT_MESSAGE(query + " -> error message '" + message + "' does not name '" +
                                   parameter + "'",
                               message.find(parameter) != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(query + " -> error page carries a token",
                               reply.body.find("\"token\"") == std::string::npos);
    }

    static std::string configValue(const std::string& page, const std::string& name)
    {
        const auto config =
            Poco::JSON::Parser().parse(pageConfigJson(page)).extract<Poco::JSON::Object::Ptr>();
        return config->getValue<std::string>(name);
    }

    unsigned short port() const { return _shared->server.port(); }

    struct Shared
    {
        TempDir dir;
        unsigned short port = ServerProcess::freePort();
        ServerProcess server{
            dir.write("rolecall.ini", testConfig(port, dir.file("state"), standardRoles())), port};
    };
    inline static std::unique_ptr<Shared> _shared;
    inline static int _testsLeft = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(QueryValidationTest);
