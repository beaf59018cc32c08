// A role with `auth = basic` and no credentials gets a password generated at
// start, printed once on stdout and never logged.
#include "Poco/RegularExpression.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

namespace
{

const std::string rolesWithoutCredentials = "[role.moderator]\n"
                                            "plugin = moderator\n"
                                            "route = /\n"
                                            "label = Moderator\n"
                                            "auth = basic\n\n"
                                            "[role.guest]\n"
                                            "plugin = guest\n"
                                            "route = /guest\n";

} // namespace

class OneTimePasswordTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OneTimePasswordTest);
    CPPUNIT_TEST(passwordIsPrintedOnStdout);
    CPPUNIT_TEST(printedPasswordLogsIn);
    CPPUNIT_TEST(otherPasswordIsRefused);
    CPPUNIT_TEST(passwordIsNotLogged);
    CPPUNIT_TEST(eachStartGetsAnotherPassword);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<TempDir>();
        _server = start();
        _password = printedPassword(_server->out());
    }

    void tearDown() override
    {
        _server.reset();
        _dir.reset();
    }

    void passwordIsPrintedOnStdout()
    {
        CPPUNIT_ASSERT_MESSAGE(_server->out(), _password.size() >= 16);
        CPPUNIT_ASSERT(_server->out().find("user 'moderator'") != std::string::npos);
    }

    void printedPasswordLogsIn()
    {
        const HttpReply reply = httpGet(_server->port(), "/", basicAuth("moderator", _password));
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT(reply.body.find("id=\"role-label\">Moderator<") != std::string::npos);
    }

    void otherPasswordIsRefused()
    {
        CPPUNIT_ASSERT_EQUAL(
            401, httpGet(_server->port(), "/", basicAuth("moderator", _password + "x")).status);
        CPPUNIT_ASSERT_EQUAL(
            401, httpGet(_server->port(), "/", basicAuth("moderator", "wrong-password")).status);
        // The password belongs to user "moderator" only.
        CPPUNIT_ASSERT_EQUAL(401,
                             httpGet(_server->port(), "/", basicAuth("admin", _password)).status);
    }

    void passwordIsNotLogged()
    {
        // Log in once, then stop the server so its log is complete.
        httpGet(_server->port(), "/", basicAuth("moderator", _password));
        _server->stop();
        CPPUNIT_ASSERT(!_server->err().empty());                             // the log is there...
        CPPUNIT_ASSERT(_server->err().find(_password) == std::string::npos); // ...without it
        // Printed exactly once.
        const std::string out = _server->out();
        CPPUNIT_ASSERT_EQUAL(out.find(_password), out.rfind(_password));
    }

    void eachStartGetsAnotherPassword()
    {
        _server->stop();
        auto second = start();
        const std::string again = printedPassword(second->out());
        CPPUNIT_ASSERT(again != _password);
        CPPUNIT_ASSERT_EQUAL(
            401, httpGet(second->port(), "/", basicAuth("moderator", _password)).status);
        CPPUNIT_ASSERT_EQUAL(200,
                             httpGet(second->port(), "/", basicAuth("moderator", again)).status);
    }

private:
    std::unique_ptr<ServerProcess> start()
    {
        const unsigned short port = ServerProcess::freePort();
        const std::string config = _dir->write(
            "rolecall.ini", testConfig(port, _dir->file("state"), rolesWithoutCredentials));
        return std::make_unique<ServerProcess>(config, port);
    }

    /// The password in the "...password: <pw>" line of `out`.
    static std::string printedPassword(const std::string& out)
    {
        Poco::RegularExpression line("password: ([^\\s]+)");
        std::vector<std::string> groups;
        CPPUNIT_ASSERT_MESSAGE("no 'password: ' line in stdout:\n" + out,
                               line.split(out, groups) == 2);
        return groups[1];
    }

    std::unique_ptr<TempDir> _dir;
    std::unique_ptr<ServerProcess> _server;
    std::string _password;
};

CPPUNIT_TEST_SUITE_REGISTRATION(OneTimePasswordTest);
