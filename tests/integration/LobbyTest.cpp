// The lobby of `lobby = true` roles on the embedded backend, against the real
// server over real WebSockets: the page carries a ticket and no room token,
// the waiting connection can do nothing but wait, and members who may remove
// others admit or deny it.
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Thread.h"
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include "tokens/LobbyTicketIssuer.h"
#include "tokens/TokenIssuer.h"
#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

using namespace rolecall;

namespace
{

// Our room tokens all start with this header ({"alg":"HS256","typ":"JWT"}).
const std::string jwtHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

const std::string visitorRole = "[role.visitor]\n"
                                "plugin = guest\n"
                                "route = /visit\n"
                                "label = Visitor\n"
                                "auth = none\n"
                                "lobby = true\n";

std::string lobbySections(const std::string& lobby = "")
{
    return visitorRole + "\n[lobby]\n" + lobby;
}

Poco::JSON::Object::Ptr parse(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string token(const std::string& room, const std::string& user, bool moderator)
{
    return roomToken(room, user, moderator);
}

std::string code(WsClient& c, const std::string& method, Poco::JSON::Object::Ptr p)
{
    return WsClient::errorCode(c.reply(c.request(method, p)));
}

} // namespace

class LobbyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LobbyTest);
    CPPUNIT_TEST(lobbyPageCarriesNoRoomToken);
    CPPUNIT_TEST(moderatorPagesAreMadeToWatch);
    CPPUNIT_TEST(ticketIsNoRoomTokenAndTokenIsNoTicket);
    CPPUNIT_TEST(nothingBeforeAdmission);
    CPPUNIT_TEST(waitingOutlivesTheJoinDeadline);
    CPPUNIT_TEST(admitGivesAWorkingTokenForTheRole);
    CPPUNIT_TEST(denyTellsAndCloses);
    CPPUNIT_TEST(admitAllLetsInThisRoomsOnly);
    CPPUNIT_TEST(onlyMembersWhoMayRemoveDecide);
    CPPUNIT_TEST(waitingForAModerator);
    CPPUNIT_TEST(leavingTheLobbyIsToldToModerators);
    CPPUNIT_TEST(reconnectKeepsThePlace);
    CPPUNIT_TEST(lobbiesAreCapped);
    CPPUNIT_TEST(waitIsCapped);
    CPPUNIT_TEST(lobbyWithoutAnyoneToAdmitIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { server = std::make_unique<ConfiguredServer>(lobbySections()); }
    void tearDown() override { server.reset(); }

    /// The page of the lobby role as a browser gets it: its config.
    Poco::JSON::Object::Ptr visitorPage(const std::string& room, const std::string& user,
                                        std::string* body = nullptr)
    {
        const HttpReply page = httpGet(port(), "/visit?room=" + room + "&user=" + user);
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        if (body)
            *body = page.body;
        return parse(pageConfigJson(page.body));
    }

    std::string ticketFor(const std::string& room, const std::string& user)
    {
        return visitorPage(room, user)->getObject("lobby")->getValue<std::string>("ticket");
    }

    /// lobby.wait with a fresh ticket from the page; the result.
    Poco::JSON::Object::Ptr wait(WsClient& c, const std::string& room, const std::string& user)
    {
        auto answer = c.reply(c.request("lobby.wait", params({{"ticket", ticketFor(room, user)}})));
        if (!answer->has("result"))
            throw std::runtime_error("lobby.wait refused: " + WsClient::errorCode(answer));
        return answer->getObject("result");
    }

    void lobbyPageCarriesNoRoomToken()
    {
        std::string body;
        auto config = visitorPage("Hall", "Gus", &body);
        CPPUNIT_ASSERT(!config->has("token"));
        CPPUNIT_ASSERT(body.find(jwtHeader) == std::string::npos); // no room token anywhere
        auto lobby = config->getObject("lobby");
        CPPUNIT_ASSERT_EQUAL(std::string("/ws"), lobby->getValue<std::string>("signaling"));
        CPPUNIT_ASSERT_EQUAL(std::string("lobby1."),
                             lobby->getValue<std::string>("ticket").substr(0, 7));
        CPPUNIT_ASSERT(body.find("id=\"lobby\"") != std::string::npos);
        CPPUNIT_ASSERT(body.find("/static/lobby.js") != std::string::npos);
        // The JSON API of the same role: a ticket, no token either.
        const HttpReply api = httpGet(port(), "/api/token?role=visitor&room=Hall&user=Gus");
        CPPUNIT_ASSERT_EQUAL(200, api.status);
        CPPUNIT_ASSERT(!parse(api.body)->has("token"));
        CPPUNIT_ASSERT(api.body.find(jwtHeader) == std::string::npos);
        CPPUNIT_ASSERT(parse(api.body)->getObject("lobby")->has("ticket"));
        // Other roles are unchanged: their pages carry tokens.
        CPPUNIT_ASSERT(
            parse(pageConfigJson(httpGet(port(), "/guest?room=Hall").body))->has("token"));
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port(), "/static/lobby.js").status);
    }

    void moderatorPagesAreMadeToWatch()
    {
        const HttpReply mod =
            httpGet(port(), "/?room=Hall&user=Moe", basicAuth(moderatorUser, moderatorPassword));
        CPPUNIT_ASSERT_EQUAL(200, mod.status);
        auto config = parse(pageConfigJson(mod.body));
        // On embedded the room connection carries the lobby: no ticket needed.
        CPPUNIT_ASSERT(config->has("lobby_watch"));
        CPPUNIT_ASSERT(!config->getObject("lobby_watch")->has("ticket"));
        CPPUNIT_ASSERT(mod.body.find("id=\"lobby-panel\"") != std::string::npos);
        CPPUNIT_ASSERT(mod.body.find("/static/lobby.js") != std::string::npos);
        // A guest may not admit: nothing of the lobby on its page.
        const HttpReply guest = httpGet(port(), "/guest?room=Hall&user=Bob");
        CPPUNIT_ASSERT(!parse(pageConfigJson(guest.body))->has("lobby_watch"));
        CPPUNIT_ASSERT(guest.body.find("lobby") == std::string::npos);
    }

    void ticketIsNoRoomTokenAndTokenIsNoTicket()
    {
        const std::string ticket = ticketFor("Hall", "Gus");
        WsClient c(port());
        CPPUNIT_ASSERT_EQUAL(std::string("401"), code(c, "room.join", params({{"token", ticket}})));
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(c, "lobby.wait", params({{"token", "x"}, {"ticket", "x"}})));
        CPPUNIT_ASSERT_EQUAL(
            std::string("401"),
            code(c, "lobby.wait", params({{"ticket", token("Hall", "Gus", false)}})));
        CPPUNIT_ASSERT_EQUAL(std::string("400"), code(c, "lobby.wait", params({})));
        // Made with the server's key but expired, tampered, or of the other kind.
        LobbyTicketIssuer tickets(testSigningKey());
        LobbyTicket expired;
        expired.room = "Hall";
        expired.user = "Gus";
        expired.role = "visitor";
        CPPUNIT_ASSERT_EQUAL(
            std::string("401"),
            code(c, "lobby.wait", params({{"ticket", tickets.issue(expired, -10)}})));
        std::string tampered = ticket;
        tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(c, "lobby.wait", params({{"ticket", tampered}})));
        LobbyTicket watch = expired;
        watch.kind = LobbyTicket::Kind::Watch;
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(c, "lobby.wait", params({{"ticket", tickets.issue(watch, 60)}})));
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(c, "lobby.watch", params({{"ticket", ticket}})));
        // The connection stays usable: the good ticket waits.
        CPPUNIT_ASSERT(
            c.reply(c.request("lobby.wait", params({{"ticket", ticket}})))->has("result"));
    }

    void nothingBeforeAdmission()
    {
        WsClient mod(port()), gus(port());
        mod.join(token("Hall", "Moe", true));
        wait(gus, "Hall", "Gus");
        const std::string id = mod.next("lobby.waiting")->getValue<std::string>("id");
        // Even a genuine room token does not join from the lobby.
        CPPUNIT_ASSERT_EQUAL(
            std::string("403"),
            code(gus, "room.join", params({{"token", token("Hall", "Gus", false)}})));
        CPPUNIT_ASSERT_EQUAL(
            std::string("403"),
            code(gus, "webrtc.signal",
                 params({{"to", "x"}, {"data", Poco::JSON::Object::Ptr(new Poco::JSON::Object)}})));
        CPPUNIT_ASSERT_EQUAL(std::string("403"), code(gus, "member.audio_mute", params({})));
        CPPUNIT_ASSERT_EQUAL(std::string("403"), code(gus, "lobby.admit", params({{"id", id}})));
        CPPUNIT_ASSERT_EQUAL(
            std::string("400"),
            code(gus, "lobby.wait", params({{"ticket", ticketFor("Hall", "Gus")}})));
        CPPUNIT_ASSERT(mod.silentAbout("member.joined"));
        // Gus still waits: the moderator lists him, and nobody was admitted.
        auto list = mod.reply(mod.request("lobby.list"))->getObject("result")->getArray("waiting");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), list->size());
        CPPUNIT_ASSERT_EQUAL(id, list->getObject(0)->getValue<std::string>("id"));
        CPPUNIT_ASSERT(gus.silentAbout("lobby.admitted"));
    }

    void waitingOutlivesTheJoinDeadline()
    {
        server = std::make_unique<ConfiguredServer>(visitorRole +
                                                    "\n[signaling]\njoin_timeout_ms = 500\n");
        WsClient idle(port()), gus(port());
        wait(gus, "Hall", "Gus");
        // The plain connection is closed at its join deadline...
        CPPUNIT_ASSERT_EQUAL(1008, idle.waitClosed(5000));
        // ... which the waiting one has passed too, and it still answers.
        CPPUNIT_ASSERT_EQUAL(std::string("403"), code(gus, "room.leave", params({})));
    }

    void admitGivesAWorkingTokenForTheRole()
    {
        WsClient mod(port()), gus(port());
        const std::string modId =
            mod.join(token("Hall", "Moe", true))->getValue<std::string>("member_id");
        auto waited = wait(gus, "Hall", "Gus");
        CPPUNIT_ASSERT_EQUAL(true, waited->getValue<bool>("moderator_present"));
        auto seen = mod.next("lobby.waiting");
        const std::string id = seen->getValue<std::string>("id");
        CPPUNIT_ASSERT_EQUAL(waited->getValue<std::string>("id"), id);
        CPPUNIT_ASSERT_EQUAL(std::string("Gus"), seen->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("visitor"), seen->getValue<std::string>("role"));

        auto answer = mod.reply(mod.request("lobby.admit", params({{"id", id}})));
        CPPUNIT_ASSERT_EQUAL(
            id, answer->getObject("result")->getArray("ids")->getElement<std::string>(0));
        auto admitted = gus.next("lobby.admitted");
        const std::string roomToken = admitted->getValue<std::string>("token");
        CPPUNIT_ASSERT_EQUAL(std::string("/ws"),
                             admitted->getObject("connection")->getValue<std::string>("signaling"));
        CPPUNIT_ASSERT_EQUAL(1000, gus.waitClosed()); // the lobby connection is done
        auto left = mod.next("lobby.left");
        CPPUNIT_ASSERT_EQUAL(id, left->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("admitted"), left->getValue<std::string>("reason"));

        // The token is the role's, for this room and name, and joins.
        const RoomGrant grant = TokenIssuer(testSigningKey(), 600).verify(roomToken);
        CPPUNIT_ASSERT_EQUAL(std::string("Hall"), grant.room);
        CPPUNIT_ASSERT_EQUAL(std::string("Gus"), grant.user);
        CPPUNIT_ASSERT_EQUAL(std::string("visitor"), grant.role);
        CPPUNIT_ASSERT(grant.permissions == guestPermissions);
        WsClient joined(port());
        auto result = joined.join(roomToken);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             result->getObject("room_session")->getArray("members")->size());
        CPPUNIT_ASSERT_EQUAL(
            std::string("Gus"),
            mod.next("member.joined")->getObject("member")->getValue<std::string>("name"));
        CPPUNIT_ASSERT(!modId.empty());
    }

    void denyTellsAndCloses()
    {
        WsClient mod(port()), gus(port());
        mod.join(token("Hall", "Moe", true));
        wait(gus, "Hall", "Gus");
        const std::string id = mod.next("lobby.waiting")->getValue<std::string>("id");
        auto answer = mod.reply(mod.request("lobby.deny", params({{"id", id}})));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), answer->getObject("result")->getArray("ids")->size());
        CPPUNIT_ASSERT(gus.next("lobby.denied"));
        CPPUNIT_ASSERT_EQUAL(1000, gus.waitClosed());
        CPPUNIT_ASSERT_EQUAL(std::string("denied"),
                             mod.next("lobby.left")->getValue<std::string>("reason"));
        CPPUNIT_ASSERT_EQUAL(
            std::size_t(0),
            mod.reply(mod.request("lobby.list"))->getObject("result")->getArray("waiting")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("404"), code(mod, "lobby.admit", params({{"id", id}})));
        CPPUNIT_ASSERT(server->logLine({"Gus", "denied", "Hall"}) != "");
    }

    void admitAllLetsInThisRoomsOnly()
    {
        WsClient mod(port()), gus(port()), ivy(port()), other(port());
        mod.join(token("Hall", "Moe", true));
        wait(gus, "Hall", "Gus");
        wait(ivy, "Hall", "Ivy");
        wait(other, "Attic", "Oto");
        const std::string first = mod.next("lobby.waiting")->getValue<std::string>("id");
        const std::string second = mod.next("lobby.waiting")->getValue<std::string>("id");
        auto ids = mod.reply(mod.request("lobby.admit", params({{"id", "all"}})))
                       ->getObject("result")
                       ->getArray("ids");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), ids->size());
        CPPUNIT_ASSERT_EQUAL(first, ids->getElement<std::string>(0)); // in the order they came
        CPPUNIT_ASSERT_EQUAL(second, ids->getElement<std::string>(1));
        CPPUNIT_ASSERT_EQUAL(std::string("Gus"),
                             TokenIssuer(testSigningKey(), 600)
                                 .verify(gus.next("lobby.admitted")->getValue<std::string>("token"))
                                 .user);
        CPPUNIT_ASSERT(ivy.next("lobby.admitted"));
        CPPUNIT_ASSERT(other.silentAbout("lobby.admitted"));
        // Attic's visitor still waits, for a moderator of Attic.
        WsClient atticMod(port());
        atticMod.join(token("Attic", "Ada", true));
        auto list = atticMod.next("lobby.list")->getArray("waiting");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), list->size());
        CPPUNIT_ASSERT_EQUAL(std::string("Oto"), list->getObject(0)->getValue<std::string>("name"));
    }

    void onlyMembersWhoMayRemoveDecide()
    {
        WsClient mod(port()), bob(port()), stranger(port()), atticMod(port()), gus(port());
        mod.join(token("Hall", "Moe", true));
        bob.join(token("Hall", "Bob", false));
        atticMod.join(token("Attic", "Ada", true));
        wait(gus, "Hall", "Gus");
        const std::string id = mod.next("lobby.waiting")->getValue<std::string>("id");
        CPPUNIT_ASSERT(bob.silentAbout("lobby.waiting")); // guests are not told
        for (const std::string method : {"lobby.admit", "lobby.deny"})
        {
            CPPUNIT_ASSERT_EQUAL(std::string("403"), code(bob, method, params({{"id", id}})));
            CPPUNIT_ASSERT_EQUAL(std::string("403"), code(bob, method, params({{"id", "all"}})));
            CPPUNIT_ASSERT_EQUAL(std::string("401"), code(stranger, method, params({{"id", id}})));
            // Another room's moderator does not even see him.
            CPPUNIT_ASSERT_EQUAL(std::string("404"), code(atticMod, method, params({{"id", id}})));
            CPPUNIT_ASSERT_EQUAL(std::string("404"),
                                 code(mod, method, params({{"id", "no-such-id"}})));
            CPPUNIT_ASSERT_EQUAL(std::string("400"), code(mod, method, params({})));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("403"), code(bob, "lobby.list", params({})));
        // Nothing changed: Gus still waits, unadmitted.
        CPPUNIT_ASSERT(gus.silentAbout("lobby.admitted"));
        CPPUNIT_ASSERT_EQUAL(
            std::size_t(1),
            mod.reply(mod.request("lobby.list"))->getObject("result")->getArray("waiting")->size());
    }

    void waitingForAModerator()
    {
        WsClient gus(port()), bob(port()), mod(port());
        auto waited = wait(gus, "Hall", "Gus");
        CPPUNIT_ASSERT_EQUAL(false, waited->getValue<bool>("moderator_present"));
        bob.join(token("Hall", "Bob", false)); // a guest cannot let anyone in
        CPPUNIT_ASSERT(gus.silentAbout("lobby.moderator"));
        mod.join(token("Hall", "Moe", true));
        CPPUNIT_ASSERT_EQUAL(true, gus.next("lobby.moderator")->getValue<bool>("present"));
        // The arriving moderator is told who waits.
        auto list = mod.next("lobby.list")->getArray("waiting");
        CPPUNIT_ASSERT_EQUAL(std::string("Gus"), list->getObject(0)->getValue<std::string>("name"));
        mod.reply(mod.request("room.leave"));
        CPPUNIT_ASSERT_EQUAL(false, gus.next("lobby.moderator")->getValue<bool>("present"));
    }

    void leavingTheLobbyIsToldToModerators()
    {
        WsClient mod(port());
        mod.join(token("Hall", "Moe", true));
        {
            WsClient gus(port());
            wait(gus, "Hall", "Gus");
            mod.next("lobby.waiting");
        } // Gus closes his page
        auto left = mod.next("lobby.left");
        CPPUNIT_ASSERT_EQUAL(std::string("Gus"), left->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("left"), left->getValue<std::string>("reason"));
    }

    void reconnectKeepsThePlace()
    {
        WsClient mod(port()), first(port());
        mod.join(token("Hall", "Moe", true));
        const std::string ticket = ticketFor("Hall", "Gus");
        auto a = first.reply(first.request("lobby.wait", params({{"ticket", ticket}})));
        const std::string id = a->getObject("result")->getValue<std::string>("id");
        mod.next("lobby.waiting");
        // The same page again (its old connection not yet found dead).
        WsClient again(port());
        auto b = again.reply(again.request("lobby.wait", params({{"ticket", ticket}})));
        CPPUNIT_ASSERT_EQUAL(id, b->getObject("result")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(4000, first.waitClosed());
        CPPUNIT_ASSERT(mod.silentAbout("lobby.left"));
        CPPUNIT_ASSERT(mod.silentAbout("lobby.waiting"));
        mod.reply(mod.request("lobby.admit", params({{"id", id}})));
        CPPUNIT_ASSERT(again.next("lobby.admitted")); // the new connection gets it
    }

    void lobbiesAreCapped()
    {
        server = std::make_unique<ConfiguredServer>(
            lobbySections("max_waiting_per_room = 2\nmax_waiting = 3\n"));
        WsClient a(port()), b(port()), c(port()), d(port()), e(port());
        wait(a, "Hall", "A");
        wait(b, "Hall", "B");
        CPPUNIT_ASSERT_EQUAL(std::string("429"),
                             code(c, "lobby.wait", params({{"ticket", ticketFor("Hall", "C")}})));
        wait(d, "Attic", "D");
        CPPUNIT_ASSERT_EQUAL(std::string("503"),
                             code(e, "lobby.wait", params({{"ticket", ticketFor("Cellar", "E")}})));
        // A refused connection is not in the lobby: the join deadline and the rooms apply.
        c.join(token("Hall", "Cy", false));
        // A place that frees up is taken again, once the server has seen A go.
        a.cut();
        const std::string ticket = ticketFor("Cellar", "E");
        // Nothing tells a client when the server has noticed the cut: ask again,
        // a bounded number of times.
        bool admitted = false;
        for (int i = 0; i < 250 && !admitted; ++i)
        {
            admitted =
                e.reply(e.request("lobby.wait", params({{"ticket", ticket}})))->has("result");
            if (!admitted)
                Poco::Thread::sleep(20);
        }
        CPPUNIT_ASSERT_MESSAGE("a freed place in the lobby", admitted);
    }

    void waitIsCapped()
    {
        server = std::make_unique<ConfiguredServer>(lobbySections("max_wait_seconds = 1\n"));
        WsClient mod(port()), gus(port());
        mod.join(token("Hall", "Moe", true));
        wait(gus, "Hall", "Gus");
        CPPUNIT_ASSERT_EQUAL(1, gus.next("lobby.timeout", 5000)->getValue<int>("max_wait_seconds"));
        CPPUNIT_ASSERT_EQUAL(1000, gus.waitClosed());
        mod.next("lobby.waiting");
        CPPUNIT_ASSERT_EQUAL(std::string("timeout"),
                             mod.next("lobby.left", 5000)->getValue<std::string>("reason"));
    }

    void lobbyWithoutAnyoneToAdmitIsRefused()
    {
        TempDir dir;
        const std::string text = testConfig(0, dir.file("state"), visitorRole);
        const std::string config = dir.write("rolecall.ini", text);
        const auto line = std::count(text.begin(), text.begin() + text.find("lobby = true"), '\n');
        const auto checked = ServerProcess::run({"--check-config", "--config=" + config});
        CPPUNIT_ASSERT(checked.exitCode != 0);
        CPPUNIT_ASSERT(checked.err.find(config + ":" + std::to_string(line + 1) +
                                        ": role 'visitor' has lobby = true, but no role holds "
                                        "room.member.remove") != std::string::npos);
    }

private:
    unsigned short port() const { return server->port(); }

    std::unique_ptr<ConfiguredServer> server;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LobbyTest);
