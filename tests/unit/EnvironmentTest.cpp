#include "app/Environment.h"
#include "Poco/Environment.h"
#include "support/TempDir.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class EnvironmentTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EnvironmentTest);
    CPPUNIT_TEST(readsTheSeedsDotenvStyle);
    CPPUNIT_TEST(processEnvironmentWins);
    CPPUNIT_TEST(missingDotenvIsFine);
    CPPUNIT_TEST_SUITE_END();

public:
    void readsTheSeedsDotenvStyle()
    {
        TempDir dir;
        dir.write(
            ".env",
            "# secrets\nSIGNALWIRE_PROJECT_KEY = '7dafyd8fsd-adfhsdj7'\n"
            "SIGNALWIRE_TOKEN=\"PTsjdfsh123\"\nexport SIGNALWIRE_SPACE=example.signalwire.com\n");
        Environment env(dir.file(".env"));
        CPPUNIT_ASSERT_EQUAL(std::string("7dafyd8fsd-adfhsdj7"),
                             *env.get("SIGNALWIRE_PROJECT_KEY"));
        CPPUNIT_ASSERT_EQUAL(std::string("PTsjdfsh123"), *env.get("SIGNALWIRE_TOKEN"));
        CPPUNIT_ASSERT_EQUAL(std::string("example.signalwire.com"), *env.get("SIGNALWIRE_SPACE"));
        CPPUNIT_ASSERT(!env.get("ROLECALL_TEST_UNSET_VARIABLE"));
    }

    void processEnvironmentWins()
    {
        TempDir dir;
        dir.write(".env", "ROLECALL_TEST_VARIABLE = from-file\n");
        Poco::Environment::set("ROLECALL_TEST_VARIABLE", "from-process");
        CPPUNIT_ASSERT_EQUAL(std::string("from-process"),
                             *Environment(dir.file(".env")).get("ROLECALL_TEST_VARIABLE"));
    }

    void missingDotenvIsFine()
    {
        Environment env("/nonexistent/.env");
        CPPUNIT_ASSERT(!env.get("ROLECALL_TEST_UNSET_VARIABLE"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EnvironmentTest);
