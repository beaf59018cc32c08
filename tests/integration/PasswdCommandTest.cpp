// `rolecall passwd`: reads a password on stdin, prints one hash line that a
// config's `credentials =` accepts for logging in with that password.
#include "Poco/RegularExpression.h"
#include "Poco/String.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>

class PasswdCommandTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PasswdCommandTest);
    CPPUNIT_TEST(printsOneHashLine);
    CPPUNIT_TEST(hashIsSaltedPerRun);
    CPPUNIT_TEST(hashLogsInWithThatPassword);
    CPPUNIT_TEST(shortPasswordIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void printsOneHashLine()
    {
        const auto result = ServerProcess::run({"passwd"}, "s3cret-password\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.exitCode);
        CPPUNIT_ASSERT_MESSAGE(
            result.out, Poco::RegularExpression("^pbkdf2-sha256\\$[^\\s]+\\n$").match(result.out));
        CPPUNIT_ASSERT(result.out.find("s3cret-password") == std::string::npos);
        CPPUNIT_ASSERT(result.err.find("s3cret-password") == std::string::npos);
    }

    void hashIsSaltedPerRun()
    {
        const auto first = ServerProcess::run({"passwd"}, "s3cret-password\n");
        const auto second = ServerProcess::run({"passwd"}, "s3cret-password\n");
        CPPUNIT_ASSERT_EQUAL(0, second.exitCode);
        CPPUNIT_ASSERT(first.out != second.out);
    }

    void hashLogsInWithThatPassword()
    {
        const auto result = ServerProcess::run({"passwd"}, "s3cret-password\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.exitCode);
        const std::string hash = Poco::trim(result.out);

        TempDir dir;
        const std::string roles = "[role.moderator]\n"
                                  "plugin = moderator\n"
                                  "route = /\n"
                                  "auth = basic\n"
                                  "credentials = ann:" +
                                  hash + "\n";
        ServerProcess server(dir.write("rolecall.ini", testConfig(0, dir.file("state"), roles)));
        const unsigned short port = server.port();
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/", basicAuth("ann", "s3cret-password")).status);
        CPPUNIT_ASSERT_EQUAL(401, httpGet(port, "/", basicAuth("ann", "s3cret-passwore")).status);
        CPPUNIT_ASSERT_EQUAL(401, httpGet(port, "/", basicAuth("bob", "s3cret-password")).status);
        // Credentials are configured: no one-time password is generated.
        CPPUNIT_ASSERT(server.out().find("password:") == std::string::npos);
    }

    void shortPasswordIsRefused()
    {
        const auto result = ServerProcess::run({"passwd"}, "short\n");
        CPPUNIT_ASSERT(result.exitCode != 0);
        CPPUNIT_ASSERT(result.out.find("pbkdf2") == std::string::npos);
        CPPUNIT_ASSERT(result.err.find("at least 8") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswdCommandTest);
