#include "config/Validation.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class ValidationTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ValidationTest);
    CPPUNIT_TEST(roomNamesFollowSignalWiresRule);
    CPPUNIT_TEST(displayNamesArePrintableUnicodeUpTo100Characters);
    CPPUNIT_TEST(displayNamesRefuseControlFormatAndBrokenUtf8);
    CPPUNIT_TEST(routesArePlainPathsOutsideReservedOnes);
    CPPUNIT_TEST(identifiers);
    CPPUNIT_TEST_SUITE_END();

public:
    void roomNamesFollowSignalWiresRule()
    {
        for (const std::string& ok :
             std::vector<std::string>{"Reception", "Main_Office", "a-b_C9", std::string(100, 'r')})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ok, std::string(), Validation::roomName(ok));
        for (const std::string& bad : std::vector<std::string>{
                 "", "two words", "caf\xC3\xA9", "a/b", "a.b", "<x>", std::string(101, 'r')})
            CPPUNIT_ASSERT_MESSAGE(bad, !Validation::roomName(bad).empty());
    }

    void displayNamesArePrintableUnicodeUpTo100Characters()
    {
        std::string hundredAccents;
        for (int i = 0; i < 100; ++i)
            hundredAccents += "\xC3\xA9"; // é: 200 bytes, 100 characters
        for (const std::string& ok : {std::string("Ann"), std::string("Ann Lee"), hundredAccents,
                                      std::string("\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E"), // 王小明
                                      std::string("Zo\xC3\xAB \xF0\x9F\x8E\xA5"), // Zoë 🎥
                                      std::string("</script>\"'&")})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ok, std::string(), Validation::displayName(ok));
        CPPUNIT_ASSERT_EQUAL(std::string("must be at most 100 characters"),
                             Validation::displayName(hundredAccents + "e"));
        CPPUNIT_ASSERT_EQUAL(std::string("must not be empty"), Validation::displayName(""));
    }

    void displayNamesRefuseControlFormatAndBrokenUtf8()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("must contain only printable characters"),
                             Validation::displayName("a\x01"
                                                     "b"));
        CPPUNIT_ASSERT_EQUAL(std::string("must contain only printable characters"),
                             Validation::displayName("line\nbreak"));
        CPPUNIT_ASSERT_EQUAL(std::string("must contain only printable characters"),
                             Validation::displayName("evil\xE2\x80\xAE"
                                                     "txt")); // U+202E bidi override
        CPPUNIT_ASSERT_EQUAL(std::string("is not valid UTF-8"), Validation::displayName("bad\xFF"));
        CPPUNIT_ASSERT_EQUAL(std::string("is not valid UTF-8"), Validation::displayName("\xC3"));
    }

    void routesArePlainPathsOutsideReservedOnes()
    {
        for (const std::string ok : {"/", "/guest", "/team/lead", "/a-b_c.d~e", "/apis", "/wsx"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(ok, std::string(), Validation::route(ok));
        for (const std::string bad : {"", "guest", "/a b", "/a?b", "//x", "/x/../y", "/./x", "/api",
                                      "/api/token", "/static/x", "/ws", "/healthz"})
            CPPUNIT_ASSERT_MESSAGE(bad, !Validation::route(bad).empty());
    }

    void identifiers()
    {
        CPPUNIT_ASSERT(Validation::identifier("guest_2").empty());
        CPPUNIT_ASSERT(!Validation::identifier("Guest").empty());
        CPPUNIT_ASSERT(!Validation::identifier("a.b").empty());
        CPPUNIT_ASSERT(!Validation::identifier("").empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ValidationTest);
