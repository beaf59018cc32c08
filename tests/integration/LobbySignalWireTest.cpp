// The lobby on the signalwire backend, with the real binary, real WebSockets
// and the fake SignalWire API over HTTPS: a waiting page costs no call to the
// cloud; the token request is made only on admission, and off the event loop
// (the server keeps answering while the cloud holds the request).
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "support/FakeSignalWire.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestCa.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

namespace
{
const std::string projectId = "pk-lobby-7dafyd8fsd";
const std::string apiToken = "PT-lobby-secret-sdjfh";

Poco::JSON::Object::Ptr parse(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string code(WsClient& c, const std::string& method, Poco::JSON::Object::Ptr p)
{
    return WsClient::errorCode(c.reply(c.request(method, p)));
}

std::size_t tokenCalls(const FakeSignalWire& fake)
{
    return fake.count("POST /api/video/room_tokens");
}

} // namespace

class LobbySignalWireTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LobbySignalWireTest);
    CPPUNIT_TEST(waitingPageCostsNoCloudCall);
    CPPUNIT_TEST(moderatorPageGetsAWatchTicket);
    CPPUNIT_TEST(roomMethodsAreRefused);
    CPPUNIT_TEST(admissionAsksTheCloudOffTheLoop);
    CPPUNIT_TEST(cloudFailureIsToldAndTheGuestKeepsWaiting);
    CPPUNIT_TEST(waitingForAWatchingModerator);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        dir = std::make_unique<TempDir>();
        ca = std::make_unique<TestCa>(dir->file("ca"));
        fake = std::make_unique<FakeSignalWire>(*ca, projectId, apiToken);
        const std::string config = dir->write(
            "rolecall.ini",
            testConfig(0, dir->file("state"),
                       standardRoles() + "\n[role.visitor]\nplugin = guest\nroute = /visit\n"
                                         "label = Visitor\nauth = none\nlobby = true\n",
                       "backend = signalwire\n") +
                fake->configSection() + "timeout_ms = 5000\n");
        server = std::make_unique<ServerProcess>(config, fake->credentials());
        port = server->port();
    }

    void tearDown() override
    {
        server.reset();
        fake.reset();
        ca.reset();
        dir.reset();
    }

    Poco::JSON::Object::Ptr pageConfig(const HttpReply& page)
    {
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        return parse(pageConfigJson(page.body));
    }

    std::string waitTicket(const std::string& room, const std::string& user)
    {
        return pageConfig(httpGet(port, "/visit?room=" + room + "&user=" + user))
            ->getObject("lobby")
            ->getValue<std::string>("ticket");
    }

    /// The moderator's page (which opens the room on SignalWire) and its watch ticket.
    std::string watchTicket(const std::string& room)
    {
        return pageConfig(httpGet(port, "/?room=" + room + "&user=Moe",
                                  basicAuth(moderatorUser, moderatorPassword)))
            ->getObject("lobby_watch")
            ->getValue<std::string>("ticket");
    }

    Poco::JSON::Object::Ptr result(WsClient& c, const std::string& method,
                                   Poco::JSON::Object::Ptr p)
    {
        auto answer = c.reply(c.request(method, p));
        if (!answer->has("result"))
            throw std::runtime_error(method + " refused: " + WsClient::errorCode(answer));
        return answer->getObject("result");
    }

    void waitingPageCostsNoCloudCall()
    {
        const HttpReply page = httpGet(port, "/visit?room=Hall&user=Gus");
        auto config = pageConfig(page);
        CPPUNIT_ASSERT(!config->has("token"));
        CPPUNIT_ASSERT(config->getObject("lobby")->has("ticket"));
        CPPUNIT_ASSERT_EQUAL(std::string("signalwire"), config->getValue<std::string>("backend"));
        // The page may reach SignalWire later, once it has its token.
        const std::string policy = page.headers.get("Content-Security-Policy");
        CPPUNIT_ASSERT(policy.find("wss://example.signalwire.com") != std::string::npos);
        CPPUNIT_ASSERT(policy.find("wss://*.signalwire.com") != std::string::npos);
        WsClient gus(port);
        auto waited = result(
            gus, "lobby.wait",
            params({{"ticket", config->getObject("lobby")->getValue<std::string>("ticket")}}));
        CPPUNIT_ASSERT_EQUAL(false, waited->getValue<bool>("moderator_present"));
        CPPUNIT_ASSERT(fake->calls().empty()); // nothing asked of the cloud for a waiting page
    }

    void moderatorPageGetsAWatchTicket()
    {
        const std::string ticket = watchTicket("Hall");
        WsClient c(port);
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(c, "lobby.wait", params({{"ticket", ticket}})));
        // No rooms here to join, with a ticket or anything else.
        CPPUNIT_ASSERT_EQUAL(std::string("400"), code(c, "room.join", params({{"token", ticket}})));
        auto watching = result(c, "lobby.watch", params({{"ticket", ticket}}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), watching->getArray("waiting")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("403"), code(c, "room.join", params({{"token", "x"}})));
        // A guest's page gets none.
        CPPUNIT_ASSERT(!pageConfig(httpGet(port, "/guest?room=Hall&user=Bob"))->has("lobby_watch"));
    }

    void roomMethodsAreRefused()
    {
        // /ws is the lobby's only: the rooms are SignalWire's.
        WsClient c(port);
        CPPUNIT_ASSERT_EQUAL(std::string("400"),
                             code(c, "room.join", params({{"token", roomToken("Hall", "Eve")}})));
        CPPUNIT_ASSERT_EQUAL(std::string("400"), code(c, "member.audio_mute", params({})));
        CPPUNIT_ASSERT_EQUAL(std::string("401"), code(c, "lobby.admit", params({{"id", "all"}})));
    }

    void admissionAsksTheCloudOffTheLoop()
    {
        WsClient mod(port), gus(port);
        result(mod, "lobby.watch", params({{"ticket", watchTicket("Hall")}}));
        const std::size_t before = tokenCalls(*fake);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), before); // the moderator's own
        auto waited = result(gus, "lobby.wait", params({{"ticket", waitTicket("Hall", "Gus")}}));
        CPPUNIT_ASSERT_EQUAL(true, waited->getValue<bool>("moderator_present"));
        const std::string id = mod.next("lobby.waiting")->getValue<std::string>("id");
        CPPUNIT_ASSERT_EQUAL(before, tokenCalls(*fake)); // still none for Gus

        fake->holdRoom("Hall");
        auto admitted = result(mod, "lobby.admit", params({{"id", id}}));
        CPPUNIT_ASSERT_EQUAL(id, admitted->getArray("ids")->getElement<std::string>(0));
        CPPUNIT_ASSERT(fake->waitForCalls(
            [&](const std::vector<FakeSignalWire::Call>& calls)
            {
                std::size_t n = 0;
                for (const auto& c : calls)
                    n += c.path == "/api/video/room_tokens";
                return n == before + 1;
            }));
        // While the cloud holds Gus's token request, the loop serves everyone.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             result(mod, "lobby.list", params({}))->getArray("waiting")->size());
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/healthz").status);
        WsClient other(port);
        CPPUNIT_ASSERT_EQUAL(std::string("401"),
                             code(other, "lobby.wait", params({{"ticket", "x"}})));
        CPPUNIT_ASSERT(gus.silentAbout("lobby.admitted"));
        // Admitting again while it is being made asks nothing more.
        result(mod, "lobby.admit", params({{"id", "all"}}));

        fake->releaseRoom("Hall");
        auto event = gus.next("lobby.admitted", 5000);
        const std::string token = event->getValue<std::string>("token");
        CPPUNIT_ASSERT_EQUAL(std::string("example.signalwire.com"),
                             event->getObject("connection")->getValue<std::string>("space"));
        CPPUNIT_ASSERT_EQUAL(1000, gus.waitClosed());
        CPPUNIT_ASSERT_EQUAL(std::string("admitted"),
                             mod.next("lobby.left")->getValue<std::string>("reason"));
        // The cloud's token, asked for Gus as a visitor, exactly once.
        CPPUNIT_ASSERT_EQUAL(before + 1, tokenCalls(*fake));
        const auto calls = fake->calls();
        const auto& request = calls.back();
        CPPUNIT_ASSERT_EQUAL(std::string("/api/video/room_tokens"), request.path);
        CPPUNIT_ASSERT_EQUAL(std::string("Gus"), request.json->getValue<std::string>("user_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Hall"), request.json->getValue<std::string>("room_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("visitor"),
                             request.json->getObject("meta")->getValue<std::string>("role"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), request.json->getArray("permissions")->size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             static_cast<std::size_t>(std::count(token.begin(), token.end(), '.')));
    }

    void cloudFailureIsToldAndTheGuestKeepsWaiting()
    {
        WsClient mod(port), gus(port);
        result(mod, "lobby.watch", params({{"ticket", watchTicket("Hall")}}));
        result(gus, "lobby.wait", params({{"ticket", waitTicket("Hall", "Gus")}}));
        const std::string id = mod.next("lobby.waiting")->getValue<std::string>("id");
        fake->setMode(FakeSignalWire::Mode::ServerError);
        result(mod, "lobby.admit", params({{"id", id}}));
        auto failed = mod.next("lobby.admit_failed", 5000);
        CPPUNIT_ASSERT_EQUAL(id, failed->getValue<std::string>("id"));
        CPPUNIT_ASSERT(!failed->getValue<std::string>("message").empty());
        CPPUNIT_ASSERT(gus.silentAbout("lobby.admitted"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1),
                             result(mod, "lobby.list", params({}))->getArray("waiting")->size());
        fake->setMode(FakeSignalWire::Mode::Normal);
        result(mod, "lobby.admit", params({{"id", id}}));
        CPPUNIT_ASSERT(gus.next("lobby.admitted", 5000)->has("token"));
    }

    void waitingForAWatchingModerator()
    {
        WsClient gus(port);
        auto waited = result(gus, "lobby.wait", params({{"ticket", waitTicket("Hall", "Gus")}}));
        CPPUNIT_ASSERT_EQUAL(false, waited->getValue<bool>("moderator_present"));
        {
            WsClient mod(port);
            auto watching = result(mod, "lobby.watch", params({{"ticket", watchTicket("Hall")}}));
            CPPUNIT_ASSERT_EQUAL(
                std::string("Gus"),
                watching->getArray("waiting")->getObject(0)->getValue<std::string>("name"));
            CPPUNIT_ASSERT_EQUAL(true, gus.next("lobby.moderator")->getValue<bool>("present"));
        } // the moderator's page goes
        CPPUNIT_ASSERT_EQUAL(false, gus.next("lobby.moderator")->getValue<bool>("present"));
    }

private:
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<TestCa> ca;
    std::unique_ptr<FakeSignalWire> fake;
    unsigned short port = 0;
    std::unique_ptr<ServerProcess> server;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LobbySignalWireTest);
