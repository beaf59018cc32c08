// A role with `auth = basic` and no credentials gets a password generated at
// start, printed once on stdout and never logged.
#include "Poco/RegularExpression.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>
#include <csignal>
#include <fstream>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace
{

const std::string rolesWithoutCredentials = "[role.moderator]\n"
                                            "plugin = moderator\n"
                                            "route = /\n"
                                            "label = Moderator\n"
                                            "auth = basic\n\n"
                                            "[role.guest]\n"
                                            "plugin = guest\n"
                                            "route = /guest\n"
                                            "auth = none\n";

} // namespace

class OneTimePasswordTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OneTimePasswordTest);
    CPPUNIT_TEST(passwordIsPrintedOnStdout);
    CPPUNIT_TEST(printedPasswordLogsIn);
    CPPUNIT_TEST(otherPasswordIsRefused);
    CPPUNIT_TEST(passwordIsNotLogged);
    CPPUNIT_TEST(eachStartGetsAnotherPassword);
    CPPUNIT_TEST(passwordIsKeptInTheStateFolderForAServiceAdmin);
    CPPUNIT_TEST(stateFileGoesOnceTheRoleHasCredentials);
    CPPUNIT_TEST(systemdStateDirectoryIsTheStateFolder);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<TempDir>();
        _server = start();
        _password = printedPassword(toldOutput(*_server));
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
        const std::string again = printedPassword(toldOutput(*second));
        CPPUNIT_ASSERT(again != _password);
        CPPUNIT_ASSERT_EQUAL(
            401, httpGet(second->port(), "/", basicAuth("moderator", _password)).status);
        CPPUNIT_ASSERT_EQUAL(200,
                             httpGet(second->port(), "/", basicAuth("moderator", again)).status);
    }

    // A service has no console: the same login is in <state>/initial-password,
    // readable by its owner only.
    void passwordIsKeptInTheStateFolderForAServiceAdmin()
    {
        const std::string file = _dir->file("state") + "/initial-password";
        struct stat st
        {
        };
        CPPUNIT_ASSERT_EQUAL(0, ::stat(file.c_str(), &st));
        CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(st.st_mode & 0777));
        std::ifstream in(file);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        CPPUNIT_ASSERT_MESSAGE(text, text.find("password " + _password) != std::string::npos);
    }

    void stateFileGoesOnceTheRoleHasCredentials()
    {
        const std::string file = _dir->file("state") + "/initial-password";
        _dir->write("rolecall.ini", testConfig(0, _dir->file("state"), standardRoles()));
        _server->signal(SIGHUP);
        // The file goes as the new roles are served, before this line.
        CPPUNIT_ASSERT_MESSAGE(_server->log(), _server->waitForLog("reload done"));
        CPPUNIT_ASSERT_MESSAGE(_server->err(), ::access(file.c_str(), F_OK) != 0);
    }

    // systemd's StateDirectory= arrives as $STATE_DIRECTORY: with no
    // state_dir in the config, that is where state goes.
    void systemdStateDirectoryIsTheStateFolder()
    {
        _server->stop();
        const std::string stateDirectory = _dir->file("systemd-state");
        std::string config = testConfig(0, "UNUSED", rolesWithoutCredentials);
        config.replace(config.find("state_dir = UNUSED"), std::string("state_dir = UNUSED").size(),
                       "");
        ServerProcess server(_dir->write("systemd.ini", config),
                             {{"STATE_DIRECTORY", stateDirectory}});
        toldOutput(server); // the file is written as the password is told
        CPPUNIT_ASSERT_EQUAL(0, ::access((stateDirectory + "/initial-password").c_str(), F_OK));
    }

private:
    std::unique_ptr<ServerProcess> start()
    {
        const std::string config = _dir->write(
            "rolecall.ini", testConfig(0, _dir->file("state"), rolesWithoutCredentials));
        return std::make_unique<ServerProcess>(config);
    }

    /// The server's stdout, with the password told: the server tells it
    /// (and flushes) before it logs that it listens, which ServerProcess
    /// waits for.
    static std::string toldOutput(const ServerProcess& server) { return server.out(); }

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
