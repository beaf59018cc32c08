// The embedded rooms' signaling, against the real server over real WebSockets.
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include "tokens/TokenIssuer.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

using namespace rolecall;

namespace
{

std::string token(const std::string& room, const std::string& user, bool moderator)
{
    RoomGrant grant;
    grant.room = room;
    grant.user = user;
    grant.role = moderator ? "moderator" : "guest";
    grant.permissions = moderator ? moderatorPermissions : guestPermissions;
    return TokenIssuer(testSigningKey(), 600).issue(grant);
}

} // namespace

class SignalingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SignalingTest);
    CPPUNIT_TEST(membersSeeEachOtherJoin);
    CPPUNIT_TEST(tokenFromThePageJoins);
    CPPUNIT_TEST(badTokensAreRefused);
    CPPUNIT_TEST(nothingBeforeJoin);
    CPPUNIT_TEST(guestCannotModerateAndNothingChanges);
    CPPUNIT_TEST(guestControlsOwnMedia);
    CPPUNIT_TEST(moderatorMutesOneThenAll);
    CPPUNIT_TEST(moderatorRemovesOneAndTokenIsRevoked);
    CPPUNIT_TEST(moderatorRemovesAll);
    CPPUNIT_TEST(unknownMemberIs404);
    CPPUNIT_TEST(sixthMemberOfFiveIsRefused);
    CPPUNIT_TEST(leaveAnnouncesLeft);
    CPPUNIT_TEST(rejoinWithTheSameTokenReplacesTheStaleMember);
    CPPUNIT_TEST(abruptCloseAnnouncesLeftWithinSeconds);
    CPPUNIT_TEST(malformedMessagesGetErrorsAndConnectionStays);
    CPPUNIT_TEST(binaryFrameClosesOnlyThatConnection);
    CPPUNIT_TEST(oversizedFrameClosesOnlyThatConnection);
    CPPUNIT_TEST(floodIsRateLimited);
    CPPUNIT_TEST(signalsAreRelayedWithinTheRoomOnly);
    CPPUNIT_TEST(otherRoomsSeeNothing);
    CPPUNIT_TEST(screenShareNeedsItsPermission);
    CPPUNIT_TEST(talkingIsToldToTheRoom);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        dir = std::make_unique<TempDir>();
        const std::string config = dir->write(
            "rolecall.ini", testConfig(0, dir->file("state"), standardRoles()) +
                                "\n[signaling]\nping_interval_ms = 300\nmax_message_bytes = 4096\n"
                                "messages_per_second = 20\n");
        server = std::make_unique<ServerProcess>(config);
        port = server->port();
    }

    void tearDown() override
    {
        server.reset();
        dir.reset();
    }

    void membersSeeEachOtherJoin()
    {
        WsClient ann(port), bob(port);
        auto first = ann.join(token("A", "Ann", true));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             first->getObject("room_session")->getArray("members")->size());
        auto second = bob.join(token("A", "Bob", false));
        auto members = second->getObject("room_session")->getArray("members");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), members->size());
        CPPUNIT_ASSERT_EQUAL(std::string("Ann"),
                             members->getObject(0)->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("moderator"),
                             members->getObject(0)->getValue<std::string>("role"));
        CPPUNIT_ASSERT_EQUAL(std::string("A"),
                             second->getObject("room_session")->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), second->getArray("permissions")->size());
        auto joined = ann.next("member.joined")->getObject("member");
        CPPUNIT_ASSERT_EQUAL(second->getValue<std::string>("member_id"),
                             joined->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("Bob"), joined->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(false, joined->getValue<bool>("audio_muted"));
        CPPUNIT_ASSERT(joined->has("joined_at"));
    }

    void tokenFromThePageJoins()
    {
        const HttpReply reply = httpGet(port, "/api/token?role=guest&room=Page&user=Pat");
        const auto body = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        WsClient pat(port);
        auto result = pat.join(body->getValue<std::string>("token"));
        CPPUNIT_ASSERT_EQUAL(std::string("Page"),
                             result->getObject("room_session")->getValue<std::string>("name"));
    }

    void badTokensAreRefused()
    {
        WsClient c(port);
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(c, "room.join", params({{"token", "garbage"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("400"), code(c, "room.join", params({})));
        RoomGrant grant;
        grant.room = "A";
        grant.user = "Eve";
        grant.role = "moderator";
        const std::string otherKey =
            TokenIssuer("some-other-signing-key-0123456789abcdefg", 600).issue(grant);
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(c, "room.join", params({{"token", otherKey}})));
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(c, "room.join", params({{"token", expiredToken()}})));
        // Still usable afterwards: a good token joins on the same connection.
        c.join(token("A", "Ann", false));
    }

    void nothingBeforeJoin()
    {
        WsClient c(port);
        CPPUNIT_ASSERT_EQUAL(std::string("401"), code(c, "member.audio_mute", params({})));
        CPPUNIT_ASSERT_EQUAL(std::string("401"), code(c, "webrtc.signal", params({{"to", "x"}})));
    }

    void guestCannotModerateAndNothingChanges()
    {
        WsClient mod(port), guest(port);
        const std::string modId =
            mod.join(token("A", "Ann", true))->getValue<std::string>("member_id");
        guest.join(token("A", "Bob", false));
        mod.next("member.joined");
        for (const std::string method :
             {"member.audio_mute", "member.video_mute", "member.audio_unmute",
              "member.video_unmute", "member.remove"})
        {
            CPPUNIT_ASSERT_EQUAL(std::string("403"),
                                 code(guest, method, params({{"member_id", modId}})));
            CPPUNIT_ASSERT_EQUAL(std::string("403"),
                                 code(guest, method, params({{"member_id", "all"}})));
        }
        CPPUNIT_ASSERT(mod.silentAbout("member.updated"));
        CPPUNIT_ASSERT(mod.silentAbout("room.left"));
    }

    void guestControlsOwnMedia()
    {
        WsClient mod(port), guest(port);
        mod.join(token("A", "Ann", true));
        const std::string guestId =
            guest.join(token("A", "Bob", false))->getValue<std::string>("member_id");
        auto reply = guest.reply(guest.request("member.video_mute"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), WsClient::errorCode(reply));
        auto seen = mod.next("member.updated")->getObject("member");
        CPPUNIT_ASSERT_EQUAL(guestId, seen->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(true, seen->getValue<bool>("video_muted"));
        CPPUNIT_ASSERT_EQUAL(std::string("video_muted"),
                             seen->getArray("updated")->getElement<std::string>(0));
        CPPUNIT_ASSERT_EQUAL(
            true, guest.next("member.updated")->getObject("member")->getValue<bool>("video_muted"));
    }

    void moderatorMutesOneThenAll()
    {
        WsClient mod(port), bob(port), cat(port);
        const std::string annId =
            mod.join(token("A", "Ann", true))->getValue<std::string>("member_id");
        const std::string bobId =
            bob.join(token("A", "Bob", false))->getValue<std::string>("member_id");
        cat.join(token("A", "Cat", false));
        auto reply = mod.reply(mod.request("member.audio_mute", params({{"member_id", bobId}})));
        CPPUNIT_ASSERT_EQUAL(
            bobId, reply->getObject("result")->getArray("member_ids")->getElement<std::string>(0));
        for (WsClient* c : {&mod, &bob, &cat})
        {
            auto update = c->next("member.updated");
            CPPUNIT_ASSERT_EQUAL(annId, update->getValue<std::string>("by")); // who did it
            auto m = update->getObject("member");
            CPPUNIT_ASSERT_EQUAL(bobId, m->getValue<std::string>("id"));
            CPPUNIT_ASSERT_EQUAL(true, m->getValue<bool>("audio_muted"));
        }
        // Mute all: Bob is muted already, so only Cat changes; Ann is not touched.
        reply = mod.reply(mod.request("member.audio_mute", params({{"member_id", "all"}})));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             reply->getObject("result")->getArray("member_ids")->size());
        auto m = bob.next("member.updated")->getObject("member");
        CPPUNIT_ASSERT(m->getValue<std::string>("id") != bobId);
        CPPUNIT_ASSERT(bob.silentAbout("member.updated"));
        CPPUNIT_ASSERT_EQUAL(
            true, cat.next("member.updated")->getObject("member")->getValue<bool>("audio_muted"));
        mod.reply(mod.request("member.audio_unmute", params({{"member_id", "all"}})));
        int unmuted = 0;
        for (int i = 0; i < 2; ++i)
            unmuted +=
                cat.next("member.updated")->getObject("member")->getValue<bool>("audio_muted") ? 0
                                                                                               : 1;
        CPPUNIT_ASSERT_EQUAL(2, unmuted);
    }

    void moderatorRemovesOneAndTokenIsRevoked()
    {
        WsClient mod(port), bob(port), cat(port);
        mod.join(token("A", "Ann", true));
        const std::string bobToken = token("A", "Bob", false);
        const std::string bobId = bob.join(bobToken)->getValue<std::string>("member_id");
        cat.join(token("A", "Cat", false));
        mod.reply(mod.request("member.remove", params({{"member_id", bobId}})));
        CPPUNIT_ASSERT_EQUAL(std::string("removed"),
                             bob.next("room.left")->getValue<std::string>("reason"));
        CPPUNIT_ASSERT_EQUAL(1000, bob.waitClosed());
        auto left = cat.next("member.left");
        CPPUNIT_ASSERT_EQUAL(bobId, left->getObject("member")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("removed"), left->getValue<std::string>("reason"));
        WsClient again(port);
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(again, "room.join", params({{"token", bobToken}})));
    }

    void moderatorRemovesAll()
    {
        WsClient mod(port), bob(port), cat(port);
        mod.join(token("A", "Ann", true));
        bob.join(token("A", "Bob", false));
        cat.join(token("A", "Cat", false));
        auto reply = mod.reply(mod.request("member.remove", params({{"member_id", "all"}})));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             reply->getObject("result")->getArray("member_ids")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("removed"),
                             bob.next("room.left")->getValue<std::string>("reason"));
        CPPUNIT_ASSERT_EQUAL(std::string("removed"),
                             cat.next("room.left")->getValue<std::string>("reason"));
        mod.next("member.left");
        mod.next("member.left");
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             WsClient::errorCode(mod.reply(mod.request("member.video_mute"))));
    }

    void unknownMemberIs404()
    {
        WsClient mod(port);
        mod.join(token("A", "Ann", true));
        CPPUNIT_ASSERT_EQUAL(std::string("404"),
                             code(mod, "member.audio_mute", params({{"member_id", "nobody"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("404"),
                             code(mod, "member.remove", params({{"member_id", "nobody"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("400"), code(mod, "member.remove", params({})));
    }

    void sixthMemberOfFiveIsRefused()
    {
        std::vector<std::unique_ptr<WsClient>> members;
        for (int i = 0; i < 5; ++i)
        {
            members.push_back(std::make_unique<WsClient>(port));
            members.back()->join(token("Full", "m" + std::to_string(i), false));
        }
        WsClient sixth(port);
        CPPUNIT_ASSERT_EQUAL(
            std::string("409"),
            code(sixth, "room.join", params({{"token", token("Full", "six", false)}})));
        members.front()->reply(members.front()->request("room.leave"));
        sixth.join(token("Full", "six", false)); // a place came free
    }

    void leaveAnnouncesLeft()
    {
        WsClient ann(port), bob(port);
        ann.join(token("A", "Ann", false));
        const std::string bobId =
            bob.join(token("A", "Bob", false))->getValue<std::string>("member_id");
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             WsClient::errorCode(bob.reply(bob.request("room.leave"))));
        auto left = ann.next("member.left");
        CPPUNIT_ASSERT_EQUAL(bobId, left->getObject("member")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("left"), left->getValue<std::string>("reason"));
    }

    void rejoinWithTheSameTokenReplacesTheStaleMember()
    {
        WsClient ann(port), stale(port), fresh(port);
        ann.join(token("A", "Ann", false));
        const std::string bobToken = token("A", "Bob", false);
        const std::string staleId = stale.join(bobToken)->getValue<std::string>("member_id");
        ann.next("member.joined");
        auto result = fresh.join(bobToken);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             result->getObject("room_session")->getArray("members")->size());
        CPPUNIT_ASSERT_EQUAL(4000, stale.waitClosed());
        CPPUNIT_ASSERT_EQUAL(
            staleId, ann.next("member.left")->getObject("member")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(
            result->getValue<std::string>("member_id"),
            ann.next("member.joined")->getObject("member")->getValue<std::string>("id"));
    }

    void abruptCloseAnnouncesLeftWithinSeconds()
    {
        WsClient ann(port);
        ann.join(token("A", "Ann", false));
        auto bob = std::make_unique<WsClient>(port);
        const std::string bobId =
            bob->join(token("A", "Bob", false))->getValue<std::string>("member_id");
        bob->cut();
        auto left = ann.next("member.left", 3000);
        CPPUNIT_ASSERT_EQUAL(bobId, left->getObject("member")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("disconnected"), left->getValue<std::string>("reason"));
    }

    void malformedMessagesGetErrorsAndConnectionStays()
    {
        WsClient c(port);
        c.join(token("A", "Ann", true));
        for (const std::string bad :
             {"not json", "[1,2]", "{\"jsonrpc\":\"2.0\"}", "{\"id\":7,\"method\":\"room.leave\"}",
              "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"member.audio_mute\",\"params\":[1]}",
              "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"member.audio_mute\",\"params\":{\"member_"
              "id\":5}}",
              "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"no.such\"}"})
        {
            c.sendText(bad);
            auto error = nextError(c);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("400"), error);
        }
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             WsClient::errorCode(c.reply(c.request("member.audio_mute"))));
    }

    void binaryFrameClosesOnlyThatConnection()
    {
        WsClient ann(port), bob(port);
        ann.join(token("A", "Ann", false));
        bob.join(token("A", "Bob", false));
        bob.sendBinary(std::string("\x00\x01\x02", 3));
        CPPUNIT_ASSERT_EQUAL(1003, bob.waitClosed());
        CPPUNIT_ASSERT_EQUAL(std::string("disconnected"),
                             ann.next("member.left")->getValue<std::string>("reason"));
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/healthz").status);
    }

    void oversizedFrameClosesOnlyThatConnection()
    {
        WsClient ann(port), bob(port);
        ann.join(token("A", "Ann", false));
        bob.join(token("A", "Bob", false));
        bob.sendText(std::string(8000, 'x')); // limit is 4096 in this config
        CPPUNIT_ASSERT_EQUAL(1009, bob.waitClosed());
        ann.next("member.left");
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             WsClient::errorCode(ann.reply(ann.request("member.video_mute"))));
    }

    void floodIsRateLimited()
    {
        WsClient c(port);
        c.join(token("A", "Ann", false));
        for (int i = 0; i < 60; ++i)
            c.request("member.audio_mute");
        bool limited = false;
        for (int i = 0; i < 60 && !limited; ++i)
            limited = nextError(c) == "429";
        CPPUNIT_ASSERT(limited);
    }

    void signalsAreRelayedWithinTheRoomOnly()
    {
        WsClient ann(port), bob(port), eve(port);
        const std::string annId =
            ann.join(token("A", "Ann", false))->getValue<std::string>("member_id");
        const std::string bobId =
            bob.join(token("A", "Bob", false))->getValue<std::string>("member_id");
        eve.join(token("B", "Eve", false));
        Poco::JSON::Object::Ptr sdp = params({{"type", "offer"}, {"sdp", "v=0"}});
        ann.reply(ann.request("webrtc.signal", params({{"to", bobId}, {"data", sdp}})));
        auto relayed = bob.next("webrtc.signal");
        CPPUNIT_ASSERT_EQUAL(annId, relayed->getValue<std::string>("from"));
        CPPUNIT_ASSERT_EQUAL(std::string("offer"),
                             relayed->getObject("data")->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(std::string("404"),
                             code(eve, "webrtc.signal", params({{"to", bobId}, {"data", sdp}})));
        CPPUNIT_ASSERT(bob.silentAbout("webrtc.signal"));
    }

    void otherRoomsSeeNothing()
    {
        WsClient eve(port);
        eve.join(token("B", "Eve", true));
        WsClient mod(port), bob(port);
        mod.join(token("A", "Ann", true));
        bob.join(token("A", "Bob", false));
        mod.reply(mod.request("member.audio_mute", params({{"member_id", "all"}})));
        mod.reply(mod.request("member.remove", params({{"member_id", "all"}})));
        // Eve's moderator rights stop at her own room.
        CPPUNIT_ASSERT_EQUAL(std::string("404"),
                             code(eve, "member.remove",
                                  params({{"member_id", mod.reply(mod.request("member.video_mute"))
                                                            ->getObject("result")
                                                            ->getArray("member_ids")
                                                            ->getElement<std::string>(0)}})));
        for (const char* method : {"member.joined", "member.updated", "member.left", "room.left"})
            CPPUNIT_ASSERT_MESSAGE(method, eve.silentAbout(method));
    }

    void screenShareNeedsItsPermission()
    {
        WsClient ann(port), guestScreen(port), presenterScreen(port);
        ann.join(token("A", "Ann", false));
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             code(guestScreen, "room.join",
                                  params({{"token", token("A", "Gus", false)}, {"screen", true}})));
        CPPUNIT_ASSERT(ann.silentAbout("member.joined"));

        RoomGrant grant;
        grant.room = "A";
        grant.user = "Pat";
        grant.role = "presenter";
        grant.permissions = guestPermissions;
        grant.permissions.push_back("room.self.screenshare");
        const std::string presenter = TokenIssuer(testSigningKey(), 600).issue(grant);
        auto reply = presenterScreen.reply(
            presenterScreen.request("room.join", params({{"token", presenter}, {"screen", true}})));
        CPPUNIT_ASSERT_EQUAL(std::string(""), WsClient::errorCode(reply));
        auto seen = ann.next("member.joined")->getObject("member");
        CPPUNIT_ASSERT_EQUAL(std::string("screen"), seen->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(std::string("Pat (screen)"), seen->getValue<std::string>("name"));
    }

    void talkingIsToldToTheRoom()
    {
        WsClient ann(port), bob(port);
        ann.join(token("A", "Ann", false));
        const std::string bobId =
            bob.join(token("A", "Bob", false))->getValue<std::string>("member_id");
        CPPUNIT_ASSERT_EQUAL(std::string("400"), code(bob, "member.talking", params({})));
        CPPUNIT_ASSERT_EQUAL(std::string("400"),
                             code(bob, "member.talking", params({{"talking", "yes"}})));
        CPPUNIT_ASSERT_EQUAL(std::string(""), WsClient::errorCode(bob.reply(bob.request(
                                                  "member.talking", params({{"talking", true}})))));
        auto seen = ann.next("member.talking")->getObject("member");
        CPPUNIT_ASSERT_EQUAL(bobId, seen->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(true, seen->getValue<bool>("talking"));
        // Saying it again announces nothing: the next one Ann hears is the stop.
        bob.reply(bob.request("member.talking", params({{"talking", true}})));
        bob.reply(bob.request("member.talking", params({{"talking", false}})));
        CPPUNIT_ASSERT_EQUAL(
            false, ann.next("member.talking")->getObject("member")->getValue<bool>("talking"));
        // A newcomer sees who is talking in the member list.
        bob.reply(bob.request("member.talking", params({{"talking", true}})));
        WsClient cat(port);
        auto members =
            cat.join(token("A", "Cat", false))->getObject("room_session")->getArray("members");
        bool bobTalking = false;
        for (std::size_t i = 0; i < members->size(); ++i)
            if (members->getObject(i)->getValue<std::string>("id") == bobId)
                bobTalking = members->getObject(i)->getValue<bool>("talking");
        CPPUNIT_ASSERT(bobTalking);
        // Muted, Bob stops talking for everyone, and cannot start again.
        CPPUNIT_ASSERT_EQUAL(
            true, ann.next("member.talking")->getObject("member")->getValue<bool>("talking"));
        WsClient mod(port);
        mod.join(token("A", "Moe", true));
        mod.reply(mod.request("member.audio_mute", params({{"member_id", bobId}})));
        auto stopped = ann.next("member.talking")->getObject("member");
        CPPUNIT_ASSERT_EQUAL(bobId, stopped->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(false, stopped->getValue<bool>("talking"));
        bob.reply(bob.request("member.talking", params({{"talking", true}})));
        mod.reply(mod.request("member.audio_unmute", params({{"member_id", bobId}})));
        bob.reply(bob.request("member.talking", params({{"talking", true}})));
        // The next one Ann hears is after the unmute: the muted "true" was not told.
        auto next = ann.next("member.talking")->getObject("member");
        CPPUNIT_ASSERT_EQUAL(true, next->getValue<bool>("talking"));
        CPPUNIT_ASSERT(ann.silentAbout("member.talking"));
    }

private:
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<ServerProcess> server;
    unsigned short port = 0;

    static std::string code(WsClient& c, const std::string& method, Poco::JSON::Object::Ptr p)
    {
        return WsClient::errorCode(c.reply(c.request(method, p)));
    }

    static std::string nextError(WsClient& c) { return c.nextErrorCode(); }

    static std::string expiredToken()
    {
        Poco::JWT::Token t;
        t.setIssuer("rolecall");
        t.setId("expired-1");
        t.setIssuedAt(Poco::Timestamp() - Poco::Timespan(7200, 0));
        t.setExpiration(Poco::Timestamp() - Poco::Timespan(3600, 0));
        t.payload().set("room", "A");
        t.payload().set("user", "Old");
        t.payload().set("role", "guest");
        t.payload().set("permissions", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
        return Poco::JWT::Signer(testSigningKey()).sign(t, Poco::JWT::Signer::ALGO_HS256);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignalingTest);
