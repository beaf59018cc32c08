// A removed member's token stays revoked across a restart: revocations are
// kept in the state folder (mode 0600) until the token would expire anyway.
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>

class RevokedTokenRestartTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RevokedTokenRestartTest);
    CPPUNIT_TEST(removedMembersTokenIsRefusedAfterARestart);
    CPPUNIT_TEST(expiredRevocationsAreNotKept);
    CPPUNIT_TEST_SUITE_END();

public:
    void removedMembersTokenIsRefusedAfterARestart()
    {
        TempDir dir;
        const std::string config =
            dir.write("rolecall.ini", testConfig(0, dir.file("state"), standardRoles()));
        const std::string bobToken = roomToken("Kept", "Bob");
        {
            ServerProcess server(config);
            WsClient mod(server.port()), bob(server.port());
            mod.join(roomToken("Kept", "Ann", true));
            const std::string bobId = bob.join(bobToken)->getValue<std::string>("member_id");
            const auto reply =
                mod.reply(mod.request("member.remove", params({{"member_id", bobId}})));
            CPPUNIT_ASSERT_EQUAL(std::string(""), WsClient::errorCode(reply));
            CPPUNIT_ASSERT_EQUAL(1000, bob.waitClosed());
        }
        ServerProcess again(config);
        const unsigned short port = again.port();
        WsClient bob(port);
        const auto refused = bob.reply(bob.request("room.join", params({{"token", bobToken}})));
        CPPUNIT_ASSERT_EQUAL(std::string("401"), WsClient::errorCode(refused));
        // A new token for the same person is another matter.
        WsClient bobAgain(port);
        bobAgain.join(roomToken("Kept", "Bob"));
        CPPUNIT_ASSERT(again.err().find("1 removed members' tokens stay revoked") !=
                       std::string::npos);
        struct stat info;
        CPPUNIT_ASSERT_EQUAL(0, ::stat(dir.file("state/revoked-tokens").c_str(), &info));
        CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(info.st_mode & 07777));
    }

    void expiredRevocationsAreNotKept()
    {
        TempDir dir;
        const std::string past = std::to_string(Poco::Timestamp().epochTime() - 10);
        const std::string future = std::to_string(Poco::Timestamp().epochTime() + 600);
        dir.write("state/revoked-tokens", "gone-id " + past + "\nkept-id " + future + "\n");
        ServerProcess server(
            dir.write("rolecall.ini", testConfig(0, dir.file("state"), standardRoles())));
        CPPUNIT_ASSERT_MESSAGE(server.err(), server.err().find("1 removed members' tokens stay "
                                                               "revoked") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RevokedTokenRestartTest);
