// Live reload on a running server: roles added, changed, removed and a broken
// edit refused, while a member stays connected to its room throughout. Each
// step waits for the reload's own log line ("reload done: added role ..."),
// which the server writes once the new roles are served, then checks them.
#include "Poco/JSON/Parser.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include <cppunit/extensions/HelperMacros.h>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <sys/stat.h>

class ReloadTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ReloadTest);
    CPPUNIT_TEST(rolesChangeLiveAndMembersStay);
    CPPUNIT_TEST(editingTheFileReloadsWithoutASignal);
    CPPUNIT_TEST(twoEditsWithinOneSecondAreBothApplied);
    CPPUNIT_TEST(renamedOverFileIsApplied);
    CPPUNIT_TEST(sighupAfterAnEditReloadsOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        dir = std::make_unique<TempDir>();
        writeConfig("");
        server = std::make_unique<ServerProcess>(dir->file("rolecall.ini"));
        port = server->port();
    }

    void tearDown() override
    {
        server.reset();
        dir.reset();
    }

    void rolesChangeLiveAndMembersStay()
    {
        WsClient member(port);
        member.join(tokenFor("guest"));

        writeConfig("[role.listener]\nplugin = guest\nroute = /listen\nlabel = Listener\n"
                    "permissions = room.self.audio_mute\nauth = none\n");
        server->signal(SIGHUP);
        waitForLog("added role listener at /listen");
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/listen").status);
        CPPUNIT_ASSERT_EQUAL(std::string("[\"room.self.audio_mute\"]"), permissionsOf("listener"));

        writeConfig("[role.listener]\nplugin = guest\nroute = /listen\nlabel = Listener\n"
                    "permissions = room.self.audio_mute, room.self.audio_unmute\nauth = none\n");
        server->signal(SIGHUP);
        waitForLog("changed role listener: permissions");
        CPPUNIT_ASSERT_EQUAL(std::string("[\"room.self.audio_mute\",\"room.self.audio_unmute\"]"),
                             permissionsOf("listener"));

        writeConfig("");
        server->signal(SIGHUP);
        waitForLog("removed role listener");
        CPPUNIT_ASSERT_EQUAL(404, httpGet(port, "/listen").status);

        // A broken edit: refused with file:line, and the previous roles stay.
        writeConfig(
            "[role.listener]\nplugin = guest\nroute = /listen\npermissions = room.self.fly\n"
            "auth = none\n");
        server->signal(SIGHUP);
        waitForLog("unknown permission 'room.self.fly'");
        CPPUNIT_ASSERT(server->err().find("reload refused") != std::string::npos);
        CPPUNIT_ASSERT(server->err().find(dir->file("rolecall.ini") + ":") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(404, httpGet(port, "/listen").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/guest").status);

        // The member never noticed: still joined, still served.
        auto reply = member.reply(member.request("member.audio_mute"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), WsClient::errorCode(reply));
        CPPUNIT_ASSERT(member.silentAbout("room.left"));
    }

    void editingTheFileReloadsWithoutASignal()
    {
        writeConfig(
            "[role.helpdesk]\nplugin = guest\nroute = /help\nlabel = Help desk\nauth = none\n");
        waitForLog("added role helpdesk at /help");
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/help").status);
        CPPUNIT_ASSERT(server->err().find("config file changed") != std::string::npos);
    }

    // Both edits carry modification times within the same second (pinned,
    // so the test does not depend on when it runs): each is still seen.
    void twoEditsWithinOneSecondAreBothApplied()
    {
        const std::string path = dir->file("rolecall.ini");
        struct stat st
        {
        };
        CPPUNIT_ASSERT_EQUAL(0, ::stat(path.c_str(), &st));
        int edit = 0;
        for (const std::string role : {"one", "two"})
        {
            writeConfig("[role." + role + "]\nplugin = guest\nroute = /" + role +
                        "\nauth = none\n");
            const timespec times[2] = {{st.st_mtim.tv_sec, 100000000L * ++edit},
                                       {st.st_mtim.tv_sec, 100000000L * edit}};
            CPPUNIT_ASSERT_EQUAL(0, ::utimensat(AT_FDCWD, path.c_str(), times, 0));
            waitForLog("added role " + role + " at /" + role);
            CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/" + role).status);
        }
    }

    // The atomic way the README asks for: a temporary file renamed over the config.
    void renamedOverFileIsApplied()
    {
        dir->write("next.ini", testConfig(0, dir->file("state"),
                                          standardRoles() + "\n[role.desk]\nplugin = guest\n"
                                                            "route = /desk\nauth = none\n"));
        CPPUNIT_ASSERT_EQUAL(
            0, std::rename(dir->file("next.ini").c_str(), dir->file("rolecall.ini").c_str()));
        waitForLog("added role desk at /desk");
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/desk").status);
    }

    // An edit, then SIGHUP: one reload, whichever of the file event and the
    // signal comes first. A later marker edit's reload is the barrier that
    // every reload the first edit caused has been logged.
    void sighupAfterAnEditReloadsOnce()
    {
        const int before = count("reload done");
        writeConfig("[role.x]\nplugin = guest\nroute = /x\nauth = none\n");
        server->signal(SIGHUP);
        waitForLog("added role x at /x");
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/x").status);
        writeConfig("[role.x]\nplugin = guest\nroute = /x\nauth = none\n"
                    "[role.marker]\nplugin = guest\nroute = /marker\nauth = none\n");
        waitForLog("added role marker");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server->err(), before + 2, count("reload done"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(server->err(), 1, count("added role x at /x"));
    }

private:
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<ServerProcess> server;
    unsigned short port = 0;

    void writeConfig(const std::string& extraRoles)
    {
        dir->write("rolecall.ini",
                   testConfig(0, dir->file("state"), standardRoles() + "\n" + extraRoles));
    }

    std::string tokenFor(const std::string& role)
    {
        const HttpReply reply = httpGet(port, "/api/token?role=" + role + "&room=Stay&user=Sam");
        return Poco::JSON::Parser()
            .parse(reply.body)
            .extract<Poco::JSON::Object::Ptr>()
            ->getValue<std::string>("token");
    }

    std::string permissionsOf(const std::string& role)
    {
        const HttpReply reply = httpGet(port, "/api/token?role=" + role);
        if (reply.status != 200)
            return "status " + std::to_string(reply.status);
        std::ostringstream out;
        Poco::JSON::Parser()
            .parse(reply.body)
            .extract<Poco::JSON::Object::Ptr>()
            ->getArray("permissions")
            ->stringify(out);
        return out.str();
    }

    int count(const std::string& text) const { return server->count(text); }

    void waitForLog(const std::string& text) const
    {
        if (!server->waitForLog(text))
            CPPUNIT_FAIL("the log never said '" + text + "':\n" + server->log());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReloadTest);
