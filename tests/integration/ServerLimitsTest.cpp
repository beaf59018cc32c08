// The server's caps: connections in all and per client address, members and
// rooms. Over a cap a client is refused with 503 and everyone else keeps
// being served. Written before the non-blocking network core, whose config
// keys these are; on the threaded core each test fails at start-up (unknown
// key).
#include "Poco/String.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include "support/ConfiguredServer.h"
#include "support/RawHttp.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

/// A keep-alive connection from `from` that has had one /healthz answered.
std::unique_ptr<RawHttp> heldConnection(unsigned short port, const std::string& from = "")
{
    auto c = std::make_unique<RawHttp>(port, from);
    c->sendGet("/healthz");
    CPPUNIT_ASSERT_EQUAL(200, c->readResponse(3000).status);
    return c;
}

/// A new connection from `from` asking for a page is answered 503 with
/// Retry-After and Connection: close, then closed.
void assertRefused(unsigned short port, const std::string& from = "")
{
    RawHttp c(port, from);
    c.sendGet("/guest?room=Full");
    const RawHttp::Response response = c.readResponse(3000);
    CPPUNIT_ASSERT_EQUAL(503, response.status);
    CPPUNIT_ASSERT_MESSAGE("no Retry-After:\n" + response.head,
                           !response.header("Retry-After").empty());
    CPPUNIT_ASSERT_EQUAL(std::string("close"), Poco::toLower(response.header("Connection")));
    CPPUNIT_ASSERT_MESSAGE("the refused connection stays open", c.closedWithin(3000));
}

/// Over a cap, /healthz still answers 200 (on a connection closed after it),
/// so a monitor can tell a full server from a dead one.
void assertHealthAnswers(unsigned short port, const std::string& from = "")
{
    RawHttp c(port, from);
    c.sendGet("/healthz");
    const RawHttp::Response response = c.readResponse(3000);
    CPPUNIT_ASSERT_EQUAL(200, response.status);
    CPPUNIT_ASSERT_EQUAL(std::string("close"), Poco::toLower(response.header("Connection")));
}

/// A new connection from `from` gets a 200 within 5 s (a freed place may
/// take the server a moment to notice).
void assertAdmittedSoon(unsigned short port, const std::string& from = "")
{
    int status = 0;
    for (Poco::Timestamp start; status != 200 && start.elapsed() < 5000 * 1000LL;)
    {
        RawHttp c(port, from);
        c.sendGet("/healthz", "Connection: close\r\n");
        status = c.readResponse(3000).status;
        if (status != 200)
            Poco::Thread::sleep(100);
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("a connection after a place came free", 200, status);
}

} // namespace

class ServerLimitsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ServerLimitsTest);
    CPPUNIT_TEST(connectionsPerAddressAreCapped);
    CPPUNIT_TEST(connectionsInAllAreCapped);
    CPPUNIT_TEST(membersInAllAreCapped);
    CPPUNIT_TEST(roomsAreCapped);
    CPPUNIT_TEST_SUITE_END();

public:
    void tearDown() override { server.reset(); }

    void connectionsPerAddressAreCapped()
    {
        server = std::make_unique<ConfiguredServer>("[limits]\nmax_connections_per_address = 4\n");
        std::vector<std::unique_ptr<RawHttp>> held;
        for (int i = 0; i < 4; ++i)
            held.push_back(heldConnection(port()));
        assertRefused(port());
        assertHealthAnswers(port());
        CPPUNIT_ASSERT_MESSAGE(
            "no log line with 'refused' and the cap:\n" + server->log(),
            !server->logLine({"refused", "max_connections_per_address"}).empty());
        // Another client address is not affected.
        auto other = heldConnection(port(), "127.0.0.2");
        // The held ones still work.
        held.front()->sendGet("/healthz");
        CPPUNIT_ASSERT_EQUAL(200, held.front()->readResponse(3000).status);
        held.pop_back();
        assertAdmittedSoon(port());
    }

    void connectionsInAllAreCapped()
    {
        server = std::make_unique<ConfiguredServer>("[limits]\nmax_connections = 6\n");
        WsClient ann(port()); // a WebSocket counts as a connection too
        ann.join(roomToken("Capped", "Ann"));
        std::vector<std::unique_ptr<RawHttp>> held;
        held.push_back(heldConnection(port(), "127.0.0.2"));
        for (int i = 0; i < 4; ++i)
            held.push_back(heldConnection(port()));
        assertRefused(port());
        assertRefused(port(), "127.0.0.3");
        assertHealthAnswers(port(), "127.0.0.3");
        CPPUNIT_ASSERT_MESSAGE("no log line with 'refused' and the cap:\n" + server->log(),
                               !server->logLine({"refused", "max_connections"}).empty());
        CPPUNIT_ASSERT(ann.reply(ann.request("member.audio_mute"), 3000)->has("result"));
        held.front()->sendGet("/healthz");
        CPPUNIT_ASSERT_EQUAL(200, held.front()->readResponse(3000).status);
        held.pop_back();
        assertAdmittedSoon(port());
    }

    void membersInAllAreCapped()
    {
        server = std::make_unique<ConfiguredServer>("[limits]\nmax_members = 2\n");
        WsClient ann(port()), bob(port()), cat(port());
        ann.join(roomToken("One", "Ann"));
        bob.join(roomToken("Two", "Bob"));
        auto refused =
            cat.reply(cat.request("room.join", params({{"token", roomToken("One", "Cat")}})));
        CPPUNIT_ASSERT_EQUAL(std::string("503"), WsClient::errorCode(refused));
        CPPUNIT_ASSERT_MESSAGE("the message does not say the server is full",
                               refused->getObject("error")->getValue<std::string>("message").find(
                                   "full") != std::string::npos);
        CPPUNIT_ASSERT(ann.reply(ann.request("member.audio_mute"), 3000)->has("result"));
        CPPUNIT_ASSERT(ann.silentAbout("member.joined"));
        CPPUNIT_ASSERT_EQUAL(200, RawHttp::get(port(), "/healthz", 3000).status);
    }

    void roomsAreCapped()
    {
        server = std::make_unique<ConfiguredServer>("[limits]\nmax_rooms = 1\n");
        WsClient ann(port()), bob(port());
        ann.join(roomToken("One", "Ann"));
        auto refused =
            bob.reply(bob.request("room.join", params({{"token", roomToken("Two", "Bob")}})));
        CPPUNIT_ASSERT_EQUAL(std::string("503"), WsClient::errorCode(refused));
        // The existing room still takes members, on the same connection.
        bob.join(roomToken("One", "Bob"));
        ann.next("member.joined");
        CPPUNIT_ASSERT_EQUAL(200, RawHttp::get(port(), "/healthz", 3000).status);
    }

private:
    std::unique_ptr<ConfiguredServer> server;

    unsigned short port() const { return server->port(); }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ServerLimitsTest);
