// Room and user query parameters a role page refuses (400, naming the
// parameter on the error page) and the edge cases it accepts.
#include "Poco/JSON/Parser.h"
#include "support/SharedServerFixture.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

std::string repeat(const std::string& piece, int times)
{
    std::string out;
    for (int i = 0; i < times; ++i)
        out += piece;
    return out;
}

} // namespace

class QueryValidationTest : public SharedServerFixture<QueryValidationTest>
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
        const std::string message = elementText(reply.body, "error-message");
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(QueryValidationTest);
