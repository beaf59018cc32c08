// RoomService's rules, in milliseconds: requests in, what each connection was
// sent out (a recording Outbox), no sockets. A few end-to-end cases over real
// sockets stay in integration/SignalingTest.
#include "signaling/RoomService.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "support/RecordingOutbox.h"
#include "tokens/TokenIssuer.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>

using namespace rolecall;

namespace
{

const std::vector<std::string> everything = {"room.self.audio_mute",
                                             "room.self.audio_unmute",
                                             "room.self.video_mute",
                                             "room.self.video_unmute",
                                             "room.self.deaf",
                                             "room.self.undeaf",
                                             "room.self.set_input_volume",
                                             "room.self.set_output_volume",
                                             "room.self.set_input_sensitivity",
                                             "room.self.set_position",
                                             "room.self.set_meta",
                                             "room.self.raisehand",
                                             "room.self.lowerhand",
                                             "room.self.screenshare",
                                             "room.self.additional_source",
                                             "room.member.audio_mute",
                                             "room.member.audio_unmute",
                                             "room.member.video_mute",
                                             "room.member.video_unmute",
                                             "room.member.deaf",
                                             "room.member.undeaf",
                                             "room.member.remove",
                                             "room.member.set_input_volume",
                                             "room.member.set_output_volume",
                                             "room.member.set_input_sensitivity",
                                             "room.member.set_position",
                                             "room.member.set_meta",
                                             "room.member.promote",
                                             "room.member.demote",
                                             "room.member.raisehand",
                                             "room.member.lowerhand",
                                             "room.hide_video_muted",
                                             "room.show_video_muted",
                                             "room.list_available_layouts",
                                             "room.set_layout",
                                             "room.set_position",
                                             "room.set_meta",
                                             "room.lock",
                                             "room.unlock",
                                             "room.prioritize_handraise"};

std::string str(const Poco::Dynamic::Var& value)
{
    if (value.type() == typeid(Poco::JSON::Object::Ptr))
    {
        std::ostringstream out;
        value.extract<Poco::JSON::Object::Ptr>()->stringify(out);
        return out.str();
    }
    return value.toString();
}

} // namespace

class RoomServiceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RoomServiceTest);
    CPPUNIT_TEST(everyMemberMethodActsWithItsPermissionOnly);
    CPPUNIT_TEST(everyRoomMethodActsWithItsPermissionOnly);
    CPPUNIT_TEST(badValuesAreRefusedAndChangeNothing);
    CPPUNIT_TEST(raisedHandsKeepTheirOrder);
    CPPUNIT_TEST(aLockedRoomRefusesNewcomers);
    CPPUNIT_TEST(positionsForSeveralMembers);
    CPPUNIT_TEST(theAudienceSendsAndDoesNothingUntilPromoted);
    CPPUNIT_TEST(mediaAllowedIsEnforcedForEveryone);
    CPPUNIT_TEST(joinMutedOptions);
    CPPUNIT_TEST(removeAfterSecondsRemovesAndRevokes);
    CPPUNIT_TEST(endRoomOnLeaveEndsItForEveryone);
    CPPUNIT_TEST(aBanSticksForTheRoomsLife);
    CPPUNIT_TEST(removalTakesTheMembersScreenShareToo);
    CPPUNIT_TEST(additionalCameraNeedsItsPermission);
    CPPUNIT_TEST_SUITE_END();

    struct Joined
    {
        ConnectionId connection;
        std::string id;
    };

    std::unique_ptr<TokenIssuer> issuer;
    std::unique_ptr<RecordingOutbox> out;
    std::unique_ptr<RoomService> service;
    ConnectionId nextConnection = 1;
    int nextId = 1;

public:
    void setUp() override
    {
        issuer = std::make_unique<TokenIssuer>("0123456789abcdef0123456789abcdef", 600);
        out = std::make_unique<RecordingOutbox>();
        service = std::make_unique<RoomService>(*issuer, 5, *out);
    }

    std::string token(const std::string& user, const std::vector<std::string>& permissions,
                      RoleOptions options = {}, const std::string& room = "R")
    {
        RoomGrant grant;
        grant.room = room;
        grant.user = user;
        grant.role = "role";
        grant.permissions = permissions;
        grant.options = options;
        return issuer->issue(grant);
    }

    /// The reply's result, or {"error": code} for an error.
    Poco::JSON::Object::Ptr call(ConnectionId from, const std::string& method,
                                 const std::string& params = "{}")
    {
        const int id = nextId++;
        service->receive(from, R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" +
                                   method + R"(","params":)" + params + "}");
        Poco::JSON::Object::Ptr reply = out->reply(from, id);
        CPPUNIT_ASSERT_MESSAGE(method + " got no reply", reply);
        if (reply->has("error"))
        {
            Poco::JSON::Object::Ptr error = new Poco::JSON::Object;
            error->set("error", reply->getObject("error")->getValue<std::string>("code"));
            error->set("message", reply->getObject("error")->getValue<std::string>("message"));
            return error;
        }
        Poco::JSON::Object::Ptr result = reply->getObject("result");
        return result ? result : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
    }

    std::string error(const Poco::JSON::Object::Ptr& reply)
    {
        return reply->optValue<std::string>("error", "");
    }

    Joined join(const std::string& jwt, const std::string& extra = "")
    {
        const ConnectionId c = nextConnection++;
        auto result = call(c, "room.join", R"({"token":")" + jwt + "\"" + extra + "}");
        CPPUNIT_ASSERT_MESSAGE("join refused: " + result->optValue<std::string>("message", ""),
                               error(result).empty());
        return {c, result->getValue<std::string>("member_id")};
    }

    /// The member as `viewer`'s page knows it: the join list plus updates.
    Poco::JSON::Object::Ptr memberSeenBy(ConnectionId viewer, const std::string& id)
    {
        Poco::JSON::Object::Ptr member = new Poco::JSON::Object;
        for (const auto& message : out->sent(viewer))
        {
            const auto params = message->getObject("params");
            const auto result = message->getObject("result");
            if (result && result->getObject("room_session"))
            {
                const auto list = result->getObject("room_session")->getArray("members");
                for (std::size_t i = 0; i < list->size(); ++i)
                    if (list->getObject(i)->getValue<std::string>("id") == id)
                        member = list->getObject(i);
            }
            const std::string method = message->optValue<std::string>("method", "");
            if ((method == "member.joined" || method == "member.updated") &&
                params->getObject("member")->getValue<std::string>("id") == id)
                for (const auto& [key, value] : *params->getObject("member"))
                    member->set(key, value);
        }
        return member;
    }

    std::size_t updatesSeen(ConnectionId viewer, const std::string& method = "member.updated")
    {
        return out->notifications(viewer, method).size();
    }

    // Each member.* method: refused with 403 and nothing announced without
    // its permission; with it, done and announced to the room.
    void everyMemberMethodActsWithItsPermissionOnly()
    {
        struct Case
        {
            const char* method;
            const char* action;
            const char* params; // without member_id
            const char* key;
            const char* value; // as seen afterwards
            bool self;
        };
        const std::vector<Case> cases = {
            {"member.audio_mute", "audio_mute", "", "audio_muted", "true", true},
            {"member.video_mute", "video_mute", "", "video_muted", "true", true},
            {"member.deaf", "deaf", "", "deaf", "true", true},
            {"member.raisehand", "raisehand", "", "handraised", "true", true},
            {"member.set_input_volume", "set_input_volume", R"("volume":-12)", "input_volume",
             "-12", true},
            {"member.set_output_volume", "set_output_volume", R"("volume":6)", "output_volume", "6",
             true},
            {"member.set_input_sensitivity", "set_input_sensitivity", R"("value":80)",
             "input_sensitivity", "80", true},
            {"member.set_meta", "set_meta", R"("meta":{"status":"away"})", "meta",
             R"({"status":"away"})", true},
            {"member.set_position", "set_position", R"("position":"reserved-0")", "position",
             "reserved-0", true},
            {"member.demote", "demote", "", "type", "audience", false},
        };
        for (const Case& c : cases)
            for (bool onSelf : {true, false})
            {
                if (onSelf && !c.self)
                    continue;
                setUp();
                const std::string permission =
                    std::string(onSelf ? "room.self." : "room.member.") + c.action;
                std::vector<std::string> without;
                for (const auto& p : everything)
                    if (p != permission)
                        without.push_back(p);
                Joined ann = join(token("Ann", {}));
                Joined weak = join(token("Weak", without));
                Joined strong = join(token("Strong", {permission}));
                const Joined& target = onSelf ? weak : ann;
                auto params = [&](const Joined& actor)
                {
                    std::string p = onSelf ? "" : R"("member_id":")" + ann.id + "\"";
                    if (*c.params)
                        p += (p.empty() ? "" : ",") + std::string(c.params);
                    (void)actor;
                    return "{" + p + "}";
                };
                const std::string what = std::string(c.method) + (onSelf ? " (self)" : "");
                const std::string before = str(memberSeenBy(ann.connection, target.id)->get(c.key));
                const auto refused = call(weak.connection, c.method, params(weak));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("403"), error(refused));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::size_t(0), updatesSeen(ann.connection));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(
                    what, before, str(memberSeenBy(ann.connection, target.id)->get(c.key)));
                if (onSelf)
                {
                    // The same permission, held by someone else, does not help Weak.
                    const Joined& actor = strong;
                    const auto done = call(actor.connection, c.method, params(actor));
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string(""), error(done));
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(
                        what, std::string(c.value),
                        str(memberSeenBy(ann.connection, strong.id)->get(c.key)));
                }
                else
                {
                    const auto done = call(strong.connection, c.method, params(strong));
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " +
                                                     done->optValue<std::string>("message", ""),
                                                 std::string(""), error(done));
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(
                        what, std::string(c.value),
                        str(memberSeenBy(weak.connection, ann.id)->get(c.key)));
                    // Announced with who did it.
                    const auto update = out->notifications(ann.connection, "member.updated").back();
                    CPPUNIT_ASSERT_EQUAL(strong.id,
                                         update->getObject("params")->getValue<std::string>("by"));
                }
            }
    }

    void everyRoomMethodActsWithItsPermissionOnly()
    {
        struct Case
        {
            const char* method;
            const char* permission;
            const char* params;
            const char* key;
            const char* value;
        };
        const std::vector<Case> cases = {
            {"room.lock", "room.lock", "{}", "locked", "true"},
            {"room.set_layout", "room.set_layout", R"({"name":"highlight-1-responsive"})", "layout",
             "highlight-1-responsive"},
            {"room.hide_video_muted", "room.hide_video_muted", "{}", "hide_video_muted", "true"},
            {"room.set_meta", "room.set_meta", R"({"meta":{"topic":"Q4"}})", "meta",
             R"({"topic":"Q4"})"},
            {"room.set_prioritize_handraise", "room.prioritize_handraise", R"({"enabled":true})",
             "prioritize_handraise", "true"},
        };
        for (const Case& c : cases)
        {
            setUp();
            Joined ann = join(token("Ann", {}));
            Joined mod = join(token("Moe", {c.permission}));
            const auto refused = call(ann.connection, c.method, c.params);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.method, std::string("403"), error(refused));
            CPPUNIT_ASSERT_EQUAL(std::size_t(0), updatesSeen(mod.connection, "room.updated"));
            CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(mod.connection, c.method, c.params)));
            const auto updates = out->notifications(ann.connection, "room.updated");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.method, std::size_t(1), updates.size());
            const auto room = updates[0]->getObject("params")->getObject("room_session");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.method, std::string(c.value), str(room->get(c.key)));
        }
        // Undoing needs its own permission.
        setUp();
        Joined mod = join(token("Moe", {"room.lock", "room.show_video_muted"}));
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(mod.connection, "room.lock")));
        CPPUNIT_ASSERT_EQUAL(std::string("403"), error(call(mod.connection, "room.unlock")));
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             error(call(mod.connection, "room.list_available_layouts")));
        Joined lister = join(token("Lee", {"room.list_available_layouts", "room.unlock"}));
        std::ostringstream layouts;
        call(lister.connection, "room.list_available_layouts")
            ->getArray("layouts")
            ->stringify(layouts);
        CPPUNIT_ASSERT_EQUAL(std::string(R"(["grid-responsive","highlight-1-responsive"])"),
                             layouts.str());
    }

    void badValuesAreRefusedAndChangeNothing()
    {
        Joined ann = join(token("Ann", everything));
        const std::vector<std::pair<std::string, std::string>> bad = {
            {"member.set_input_volume", R"({"volume":51})"},
            {"member.set_input_volume", R"({"volume":"loud"})"},
            {"member.set_input_volume", R"({"volume":true})"},
            {"member.set_output_volume", R"({"volume":1.5})"},
            {"member.set_input_sensitivity", R"({"value":-1})"},
            {"member.set_meta", R"({"meta":"x"})"},
            {"member.set_meta", R"({"meta":{"big":")" + std::string(1100, 'x') + R"("}})"},
            {"member.set_position", R"({"position":"center"})"},
            {"room.set_layout", R"({"name":"8x8"})"},
            {"room.set_meta", R"({"meta":[1]})"},
            {"room.set_prioritize_handraise", R"({"enabled":"yes"})"},
            {"room.set_position", R"({"positions":{"nobody":"auto"}})"},
            {"member.remove", R"({"member_id":"x","ban":"yes"})"},
        };
        for (const auto& [method, params] : bad)
        {
            const auto reply = call(ann.connection, method, params);
            CPPUNIT_ASSERT_MESSAGE(method + " " + params + " → " + error(reply),
                                   error(reply) == "400" || error(reply) == "404");
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), updatesSeen(ann.connection));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), updatesSeen(ann.connection, "room.updated"));
        const auto ann2 = memberSeenBy(ann.connection, ann.id);
        CPPUNIT_ASSERT_EQUAL(0, ann2->getValue<int>("input_volume"));
        CPPUNIT_ASSERT_EQUAL(std::string("auto"), ann2->getValue<std::string>("position"));
    }

    void raisedHandsKeepTheirOrder()
    {
        Joined mod = join(token("Moe", {"room.member.lowerhand", "room.prioritize_handraise"}));
        Joined a = join(token("Ann", {"room.self.raisehand", "room.self.lowerhand"}));
        Joined b = join(token("Bob", {"room.self.raisehand"}));
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(b.connection, "member.raisehand")));
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(a.connection, "member.raisehand")));
        const auto bobAt = memberSeenBy(mod.connection, b.id)->getValue<int>("handraised_at");
        const auto annAt = memberSeenBy(mod.connection, a.id)->getValue<int>("handraised_at");
        CPPUNIT_ASSERT(bobAt > 0 && annAt > bobAt);
        // Bob may not lower his own hand; the moderator lowers it for him.
        CPPUNIT_ASSERT_EQUAL(std::string("403"), error(call(b.connection, "member.lowerhand")));
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(mod.connection, "member.lowerhand",
                                                         R"({"member_id":")" + b.id + "\"}")));
        CPPUNIT_ASSERT(!memberSeenBy(a.connection, b.id)->getValue<bool>("handraised"));
        CPPUNIT_ASSERT_EQUAL(0, memberSeenBy(a.connection, b.id)->getValue<int>("handraised_at"));
        // Raised again, Bob is now after Ann.
        call(b.connection, "member.raisehand");
        CPPUNIT_ASSERT(memberSeenBy(mod.connection, b.id)->getValue<int>("handraised_at") > annAt);
        // All hands down at once.
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(mod.connection, "member.lowerhand",
                                                         R"({"member_id":"all"})")));
        CPPUNIT_ASSERT(!memberSeenBy(mod.connection, a.id)->getValue<bool>("handraised"));
        CPPUNIT_ASSERT(!memberSeenBy(mod.connection, b.id)->getValue<bool>("handraised"));
    }

    void aLockedRoomRefusesNewcomers()
    {
        Joined mod = join(token("Moe", {"room.lock", "room.unlock"}));
        const std::string annToken = token("Ann", {});
        Joined ann = join(annToken);
        call(mod.connection, "room.lock");
        const auto refused =
            call(nextConnection++, "room.join", R"({"token":")" + token("Cat", {}) + "\"}");
        CPPUNIT_ASSERT_EQUAL(std::string("423"), error(refused));
        CPPUNIT_ASSERT(refused->getValue<std::string>("message").find("locked") !=
                       std::string::npos);
        // Ann's page reconnecting (her token was in) and another moderator get in.
        join(annToken);
        join(token("Max", {"room.unlock"}));
        call(mod.connection, "room.unlock");
        join(token("Cat", {}));
        (void)ann;
    }

    void positionsForSeveralMembers()
    {
        Joined mod = join(token("Moe", {"room.set_position"}));
        Joined ann = join(token("Ann", {}));
        const std::string both =
            R"({"positions":{")" + ann.id + R"(":"reserved-0",")" + mod.id + R"(":"off-canvas"}})";
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             error(call(ann.connection, "room.set_position", both)));
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             error(call(mod.connection, "room.set_position", both)));
        CPPUNIT_ASSERT_EQUAL(
            std::string("reserved-0"),
            memberSeenBy(ann.connection, ann.id)->getValue<std::string>("position"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("off-canvas"),
            memberSeenBy(ann.connection, mod.id)->getValue<std::string>("position"));
    }

    void theAudienceSendsAndDoesNothingUntilPromoted()
    {
        RoleOptions audience;
        audience.audience = true;
        Joined mod = join(token(
            "Moe", {"room.member.promote", "room.member.demote", "room.member.audio_unmute"}));
        Joined viewer =
            join(token("Val", {"room.self.audio_unmute", "room.self.raisehand"}, audience));
        auto val = memberSeenBy(mod.connection, viewer.id);
        CPPUNIT_ASSERT_EQUAL(std::string("audience"), val->getValue<std::string>("type"));
        CPPUNIT_ASSERT(val->getValue<bool>("audio_muted") && val->getValue<bool>("video_muted"));
        // Neither Val nor a moderator can make the audience send; Val can do nothing.
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             error(call(viewer.connection, "member.audio_unmute")));
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             error(call(viewer.connection, "member.raisehand")));
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             error(call(mod.connection, "member.audio_unmute",
                                        R"({"member_id":")" + viewer.id + "\"}")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("403"),
            error(call(nextConnection++, "room.join",
                       R"({"token":")" + token("Val", {"room.self.screenshare"}, audience) +
                           R"(","screen":true})")));
        // Promoted: Val is a member with the role's permissions.
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(mod.connection, "member.promote",
                                                         R"({"member_id":")" + viewer.id + "\"}")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("member"),
            memberSeenBy(viewer.connection, viewer.id)->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             error(call(viewer.connection, "member.audio_unmute")));
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(viewer.connection, "member.raisehand")));
        // Demoted: muted, hand down, nothing allowed again.
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(mod.connection, "member.demote",
                                                         R"({"member_id":")" + viewer.id + "\"}")));
        val = memberSeenBy(mod.connection, viewer.id);
        CPPUNIT_ASSERT_EQUAL(std::string("audience"), val->getValue<std::string>("type"));
        CPPUNIT_ASSERT(val->getValue<bool>("audio_muted"));
        CPPUNIT_ASSERT(!val->getValue<bool>("handraised"));
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             error(call(viewer.connection, "member.audio_unmute")));
        // Promote and demote act on others only.
        CPPUNIT_ASSERT_EQUAL(std::string("400"), error(call(mod.connection, "member.demote")));
    }

    void mediaAllowedIsEnforcedForEveryone()
    {
        RoleOptions audioOnly;
        audioOnly.mediaAllowed = "audio-only";
        Joined mod = join(token("Moe", {"room.member.video_unmute", "room.member.audio_unmute",
                                        "room.member.audio_mute"}));
        Joined lis =
            join(token("Lis", {"room.self.video_unmute", "room.self.audio_unmute"}, audioOnly));
        Joined ann = join(token("Ann", {}));
        auto seen = memberSeenBy(mod.connection, lis.id);
        CPPUNIT_ASSERT(seen->getValue<bool>("video_muted"));
        CPPUNIT_ASSERT(!seen->getValue<bool>("audio_muted"));
        CPPUNIT_ASSERT_EQUAL(std::string("audio-only"),
                             seen->getValue<std::string>("media_allowed"));
        CPPUNIT_ASSERT_EQUAL(std::string("403"),
                             error(call(lis.connection, "member.video_unmute")));
        CPPUNIT_ASSERT_EQUAL(std::string("403"), error(call(mod.connection, "member.video_unmute",
                                                            R"({"member_id":")" + lis.id + "\"}")));
        // "all" leaves alone those it cannot apply to.
        call(mod.connection, "member.audio_mute", R"({"member_id":"all"})");
        const auto all = call(mod.connection, "member.video_unmute", R"({"member_id":"all"})");
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(all));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), all->getArray("member_ids")->size());
        CPPUNIT_ASSERT_EQUAL(ann.id, all->getArray("member_ids")->getElement<std::string>(0));
        CPPUNIT_ASSERT(memberSeenBy(mod.connection, lis.id)->getValue<bool>("video_muted"));
        // A screen share is video: refused for an audio-only role.
        CPPUNIT_ASSERT_EQUAL(
            std::string("403"),
            error(call(nextConnection++, "room.join",
                       R"({"token":")" + token("Lis", {"room.self.screenshare"}, audioOnly) +
                           R"(","screen":true})")));
    }

    void joinMutedOptions()
    {
        RoleOptions quiet;
        quiet.joinAudioMuted = true;
        Joined mod = join(token("Moe", {}));
        Joined q = join(token("Quinn", {"room.self.audio_unmute"}, quiet));
        auto seen = memberSeenBy(mod.connection, q.id);
        CPPUNIT_ASSERT(seen->getValue<bool>("audio_muted"));
        CPPUNIT_ASSERT(!seen->getValue<bool>("video_muted"));
        // Muted on joining, not forbidden: Quinn may unmute.
        CPPUNIT_ASSERT_EQUAL(std::string(""), error(call(q.connection, "member.audio_unmute")));
    }

    void removeAfterSecondsRemovesAndRevokes()
    {
        RoleOptions brief;
        brief.removeAfterSeconds = 30;
        Joined mod = join(token("Moe", {}));
        const std::string jwt = token("Tim", {}, brief);
        Joined tim = join(jwt);
        service->expire(Poco::Timestamp() + Poco::Timespan(29, 0));
        CPPUNIT_ASSERT(service->hasJoined(tim.connection));
        service->expire(Poco::Timestamp() + Poco::Timespan(31, 0));
        CPPUNIT_ASSERT(!service->hasJoined(tim.connection));
        CPPUNIT_ASSERT(service->hasJoined(mod.connection));
        const auto left = out->notifications(tim.connection, "room.left");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), left.size());
        CPPUNIT_ASSERT_EQUAL(std::string("time_limit"),
                             left[0]->getObject("params")->getValue<std::string>("reason"));
        CPPUNIT_ASSERT(out->closes().count(tim.connection));
        CPPUNIT_ASSERT_EQUAL(std::string("401"), error(call(nextConnection++, "room.join",
                                                            R"({"token":")" + jwt + "\"}")));
    }

    void endRoomOnLeaveEndsItForEveryone()
    {
        RoleOptions host;
        host.endRoomOnLeave = true;
        Joined h = join(token("Hal", {}, host));
        Joined a = join(token("Ann", {}));
        Joined b = join(token("Bob", {}));
        // Hal's page reconnecting (same token) does not end it.
        const std::string jwt = token("Hal", {}, host);
        Joined h2 = join(jwt);
        join(jwt);
        CPPUNIT_ASSERT(service->hasJoined(a.connection));
        call(h.connection, "room.leave");
        for (const Joined& m : {a, b})
        {
            CPPUNIT_ASSERT(!service->hasJoined(m.connection));
            const auto left = out->notifications(m.connection, "room.left");
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), left.size());
            CPPUNIT_ASSERT_EQUAL(std::string("ended"),
                                 left[0]->getObject("params")->getValue<std::string>("reason"));
            CPPUNIT_ASSERT_EQUAL(1000, out->closes().at(m.connection).code);
        }
        (void)h2;
    }

    void aBanSticksForTheRoomsLife()
    {
        Joined mod = join(token("Moe", {"room.member.remove"}));
        Joined bob = join(token("Bob", {}));
        Joined ann = join(token("Ann", {}));
        call(mod.connection, "member.remove", R"({"member_id":")" + ann.id + "\"}");
        join(token("Ann", {})); // removed, not banned: a fresh token gets in
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             error(call(mod.connection, "member.remove",
                                        R"({"member_id":")" + bob.id + R"(","ban":true})")));
        const auto refused =
            call(nextConnection++, "room.join", R"({"token":")" + token("Bob", {}) + "\"}");
        CPPUNIT_ASSERT_EQUAL(std::string("403"), error(refused));
        CPPUNIT_ASSERT(refused->getValue<std::string>("message").find("may not rejoin") !=
                       std::string::npos);
        join(token("Bob", {}, {}, "OtherRoom")); // only this room
    }

    void removalTakesTheMembersScreenShareToo()
    {
        Joined mod = join(token("Moe", {"room.member.remove"}));
        const std::string jwt = token("Sam", {"room.self.screenshare"});
        Joined sam = join(jwt);
        Joined screen = join(jwt, R"(,"screen":true)");
        call(mod.connection, "member.remove", R"({"member_id":")" + sam.id + "\"}");
        CPPUNIT_ASSERT(!service->hasJoined(sam.connection));
        CPPUNIT_ASSERT(!service->hasJoined(screen.connection));
    }

    void additionalCameraNeedsItsPermission()
    {
        Joined mod = join(token("Moe", {}));
        const auto refused = call(nextConnection++, "room.join",
                                  R"({"token":")" + token("Dee", {}) + R"(","device":true})");
        CPPUNIT_ASSERT_EQUAL(std::string("403"), error(refused));
        Joined cam = join(token("Dee", {"room.self.additional_source"}), R"(,"device":true)");
        const auto seen = memberSeenBy(mod.connection, cam.id);
        CPPUNIT_ASSERT_EQUAL(std::string("device"), seen->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(std::string("Dee (camera)"), seen->getValue<std::string>("name"));
        // A flag that is not a boolean is a bad request, not a server failure.
        const auto notBoolean =
            call(nextConnection++, "room.join",
                 R"({"token":")" + token("Dee", {"room.self.additional_source"}) +
                     R"(","device":"yes"})");
        CPPUNIT_ASSERT_EQUAL(std::string("400"), error(notBoolean));
        CPPUNIT_ASSERT_EQUAL(std::string("'device' must be true or false"),
                             notBoolean->getValue<std::string>("message"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RoomServiceTest);
