// Role options end to end: from the config section, through the page's
// token, to what the embedded rooms enforce over real WebSockets.
#include "Poco/JSON/Parser.h"
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/WsClient.h"
#include <cppunit/extensions/HelperMacros.h>

class RoleOptionsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RoleOptionsTest);
    CPPUNIT_TEST(listenerJoinsMutedAndMayNeverSendVideo);
    CPPUNIT_TEST(aBriefRoleIsRemovedWhenItsTimeIsUp);
    CPPUNIT_TEST(theHostLeavingEndsTheRoom);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<ConfiguredServer> server;

public:
    void setUp() override
    {
        server = std::make_unique<ConfiguredServer>(
            "[role.listener]\nplugin = guest\nroute = /listen\nauth = none\n"
            "permissions = room.self.audio_mute, room.self.audio_unmute, "
            "room.self.video_unmute\nmedia_allowed = audio-only\njoin_audio_muted = true\n"
            "[role.brief]\nplugin = guest\nroute = /brief\nauth = none\n"
            "remove_after_seconds = 1\n"
            "[role.host]\nplugin = guest\nroute = /host\nauth = none\n"
            "end_room_on_leave = true\n");
    }

    void tearDown() override { server.reset(); }

    std::string tokenFor(const std::string& role, const std::string& user)
    {
        const HttpReply reply =
            httpGet(server->port(), "/api/token?role=" + role + "&room=R&user=" + user);
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        return Poco::JSON::Parser()
            .parse(reply.body)
            .extract<Poco::JSON::Object::Ptr>()
            ->getValue<std::string>("token");
    }

    static Poco::JSON::Object::Ptr self(const Poco::JSON::Object::Ptr& joined)
    {
        const std::string id = joined->getValue<std::string>("member_id");
        const auto members = joined->getObject("room_session")->getArray("members");
        for (std::size_t i = 0; i < members->size(); ++i)
            if (members->getObject(i)->getValue<std::string>("id") == id)
                return members->getObject(i);
        return nullptr;
    }

    void listenerJoinsMutedAndMayNeverSendVideo()
    {
        WsClient lis(server->port());
        const auto me = self(lis.join(tokenFor("listener", "Lis")));
        CPPUNIT_ASSERT(me->getValue<bool>("audio_muted"));
        CPPUNIT_ASSERT(me->getValue<bool>("video_muted"));
        CPPUNIT_ASSERT_EQUAL(std::string("audio-only"), me->getValue<std::string>("media_allowed"));
        // Holding room.self.video_unmute does not help: the role may not send video.
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             WsClient::errorCode(lis.reply(lis.request("member.video_unmute"))));
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             WsClient::errorCode(lis.reply(lis.request("member.audio_unmute"))));
    }

    void aBriefRoleIsRemovedWhenItsTimeIsUp()
    {
        WsClient guest(server->port());
        guest.join(tokenFor("guest", "Gus"));
        WsClient brief(server->port());
        brief.join(tokenFor("brief", "Bri"));
        const auto left = brief.next("room.left", 5000);
        CPPUNIT_ASSERT_EQUAL(std::string("time_limit"), left->getValue<std::string>("reason"));
        CPPUNIT_ASSERT_EQUAL(1000, brief.waitClosed());
        CPPUNIT_ASSERT(guest.next("member.left"));
    }

    void theHostLeavingEndsTheRoom()
    {
        WsClient host(server->port());
        host.join(tokenFor("host", "Hal"));
        WsClient guest(server->port());
        guest.join(tokenFor("guest", "Gus"));
        host.reply(host.request("room.leave"));
        const auto left = guest.next("room.left");
        CPPUNIT_ASSERT_EQUAL(std::string("ended"), left->getValue<std::string>("reason"));
        CPPUNIT_ASSERT_EQUAL(1000, guest.waitClosed());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RoleOptionsTest);
