// `rolecall --list-roles`: the admin's view of the roles as they would be served.
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>

class ListRolesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ListRolesTest);
    CPPUNIT_TEST(printsEveryRoleAsServed);
    CPPUNIT_TEST(refusesABrokenConfigWithItsLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void printsEveryRoleAsServed()
    {
        TempDir dir;
        const std::string config = dir.write(
            "rolecall.ini",
            testConfig(1, dir.file("state"),
                       standardRoles() + "[role.listener]\nplugin = generic\n"
                                         "route = /listen\nlabel = Listener\n"
                                         "permissions = room.self.audio_mute\nauth = none\n"));
        const auto result = ServerProcess::run({"--config=" + config, "--list-roles"});
        CPPUNIT_ASSERT_EQUAL(0, result.exitCode);
        CPPUNIT_ASSERT(
            result.out.find("ROLE        ROUTE         LABEL           PLUGIN      LOGIN  "
                            "PERMISSIONS") != std::string::npos);
        CPPUNIT_ASSERT(
            result.out.find("moderator   /             Moderator       moderator   yes    "
                            "room.self.audio_mute,") != std::string::npos);
        CPPUNIT_ASSERT(
            result.out.find("guest       /guest        Regular User    guest       no     ") !=
            std::string::npos);
        CPPUNIT_ASSERT(
            result.out.find("listener    /listen       Listener        generic     no     "
                            "room.self.audio_mute\n") != std::string::npos);
        CPPUNIT_ASSERT(result.out.find("OK,") ==
                       std::string::npos); // that is --check-config's line
    }

    void refusesABrokenConfigWithItsLine()
    {
        TempDir dir;
        const std::string config =
            dir.write("rolecall.ini", "[role.guest]\nplugin = guest\nroute = nope\nauth = none\n");
        const auto result = ServerProcess::run({"--config=" + config, "--list-roles"});
        CPPUNIT_ASSERT(result.exitCode != 0);
        CPPUNIT_ASSERT(result.err.find(config + ":3: route 'nope'") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ListRolesTest);
