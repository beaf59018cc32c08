// Clients that are slow or silent, and a server that stalls, against the real
// server over real sockets: none of them may delay anyone else, and each is
// closed by its own deadline. Written before the non-blocking network core
// (one event loop instead of HTTP worker threads plus a reactor that reads
// frames with blocking calls); see the commit message for how each test
// fails on the threaded core.
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include "support/ConfiguredServer.h"
#include "support/RawHttp.h"
#include "support/RawWebSocket.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include <atomic>
#include <cppunit/extensions/HelperMacros.h>
#include <functional>
#include <signal.h>
#include <thread>

namespace
{

/// Runs `body` on its own thread; the destructor asks it to stop (the flag
/// it is given) and joins it, so a failed assertion never leaves it running.
class Background
{
public:
    explicit Background(std::function<void(const std::atomic<bool>&)> body)
        : _thread([this, body] { body(_stop); })
    {
    }
    ~Background() { stop(); }
    /// Waits for the body to return by itself.
    void join()
    {
        if (_thread.joinable())
            _thread.join();
    }
    void stop()
    {
        _stop = true;
        join();
    }

private:
    std::atomic<bool> _stop{false};
    std::thread _thread;
};

/// Sleeps `ms` in short steps; false if `stop` was set meanwhile.
bool pause(int ms, const std::atomic<bool>& stop)
{
    for (Poco::Timestamp start; start.elapsed() < ms * 1000LL;)
    {
        if (stop)
            return false;
        Poco::Thread::sleep(10);
    }
    return !stop;
}

long long msSince(const Poco::Timestamp& start)
{
    return start.elapsed() / 1000;
}

/// Ann mutes or unmutes herself: the time until her reply and Bob's
/// member.updated have both arrived (each waited for up to 10 s).
long long roundTrip(WsClient& ann, WsClient& bob, bool mute)
{
    Poco::Timestamp start;
    auto reply = ann.reply(ann.request(mute ? "member.audio_mute" : "member.audio_unmute"), 10000);
    if (!WsClient::errorCode(reply).empty())
        throw std::runtime_error("mute refused: " + WsClient::errorCode(reply));
    bob.next("member.updated", 10000);
    return msSince(start);
}

/// Round trips between Ann and Bob for `ms`, each within `boundMs`.
void keepExchanging(WsClient& ann, WsClient& bob, int ms, int boundMs, const std::string& during)
{
    bool mute = true;
    for (Poco::Timestamp start; start.elapsed() < ms * 1000LL; mute = !mute)
    {
        const long long took = roundTrip(ann, bob, mute);
        CPPUNIT_ASSERT_MESSAGE("a round trip between two members took " + std::to_string(took) +
                                   " ms (bound " + std::to_string(boundMs) + " ms) " + during,
                               took <= boundMs);
        Poco::Thread::sleep(100);
    }
}

/// Sends the header of a text frame announcing `announced` payload bytes,
/// then one payload byte every `stepMs`, never the last one, for at most
/// `forMs` or until the server sends something or closes.
void trickleFrame(RawWebSocket& ws, int announced, int stepMs, int forMs,
                  const std::atomic<bool>& stop)
{
    RawHttp& c = ws.connection();
    if (!c.trySend(RawWebSocket::frameHeader(1, static_cast<std::size_t>(announced))))
        return;
    const std::string payload = RawWebSocket::masked(std::string(announced, 'x'));
    Poco::Timestamp start;
    for (int i = 0; i + 1 < announced && start.elapsed() < forMs * 1000LL; ++i)
    {
        if (!pause(stepMs, stop) || c.readable() ||
            !c.trySend(payload.substr(static_cast<std::size_t>(i), 1)))
            return;
    }
}

/// Opens `count` connections that send `text` one byte per `stepMs` to all
/// of them in turn, for at most `forMs`; a connection on which the server
/// sends something or closes gets no more bytes, and `answeredAfterMs`
/// records when (-1: never).
struct Slowloris
{
    std::vector<std::unique_ptr<RawHttp>> connections;
    std::vector<long long> answeredAfterMs;

    Slowloris(unsigned short port, int count)
    {
        for (int i = 0; i < count; ++i)
            connections.push_back(std::make_unique<RawHttp>(port));
        answeredAfterMs.assign(connections.size(), -1);
    }

    void run(const std::string& text, int stepMs, int forMs, const std::atomic<bool>& stop)
    {
        Poco::Timestamp start;
        std::size_t open = connections.size();
        for (std::size_t i = 0; i < text.size() && open > 0 && start.elapsed() < forMs * 1000LL;
             ++i)
        {
            for (std::size_t k = 0; k < connections.size(); ++k)
            {
                if (answeredAfterMs[k] >= 0)
                    continue;
                if (connections[k]->readable() || !connections[k]->trySend(text.substr(i, 1)))
                {
                    answeredAfterMs[k] = msSince(start);
                    --open;
                }
            }
            if (!pause(stepMs, stop))
                return;
        }
    }
};

/// A GET on a new connection answered 200 within `boundMs` (the wait itself
/// is 5 s, so a slow answer is reported with its time).
void assertPrompt(unsigned short port, const std::string& target, int boundMs,
                  const std::string& during)
{
    Poco::Timestamp start;
    RawHttp::Response response;
    try
    {
        response = RawHttp::get(port, target, 5000);
    }
    catch (const std::exception& e)
    {
        CPPUNIT_FAIL("GET " + target + " " + during + ": " + e.what());
    }
    const long long took = msSince(start);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("GET " + target + " " + during, 200, response.status);
    CPPUNIT_ASSERT_MESSAGE("GET " + target + " took " + std::to_string(took) + " ms (bound " +
                               std::to_string(boundMs) + " ms) " + during,
                           took <= boundMs);
}

/// SIGSTOPs a server until resume() or destruction (so a failed assertion
/// never leaves it stopped).
class Stall
{
public:
    explicit Stall(ServerProcess& server) : _server(server) { _server.signal(SIGSTOP); }
    ~Stall() { resume(); }
    void resume()
    {
        if (!_resumed)
            _server.signal(SIGCONT);
        _resumed = true;
    }

private:
    ServerProcess& _server;
    bool _resumed = false;
};

const std::string fastSignaling = "[signaling]\nmessages_per_second = 1000\n";

} // namespace

class SlowPeerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SlowPeerTest);
    CPPUNIT_TEST(trickledFrameDelaysNoOne);
    CPPUNIT_TEST(trickledFrameIsClosedWith1008);
    CPPUNIT_TEST(slowHeadersDelayNoOne);
    CPPUNIT_TEST(slowHeadersGet408);
    CPPUNIT_TEST(idleKeepAliveConnectionsHoldNoWorker);
    CPPUNIT_TEST(idleKeepAliveConnectionIsClosed);
    CPPUNIT_TEST(incompleteBodyIsClosed);
    CPPUNIT_TEST(memberThatStopsReadingIsDroppedAlone);
    CPPUNIT_TEST(stalledServerDropsOnlyTheDead);
    CPPUNIT_TEST_SUITE_END();

public:
    void tearDown() override { server.reset(); }

    // One client sends a frame a byte at a time; two members in a room keep
    // exchanging mute/unmute meanwhile. Default frame timeout (10 s): the
    // trickle (3 s) ends before it, so only the others' latency is tested.
    void trickledFrameDelaysNoOne()
    {
        server = std::make_unique<ConfiguredServer>(fastSignaling);
        WsClient ann(port()), bob(port());
        ann.join(roomToken("Trickle", "Ann"));
        bob.join(roomToken("Trickle", "Bob"));
        ann.next("member.joined");
        RawWebSocket trickler(port());
        CPPUNIT_ASSERT_EQUAL(101, trickler.status());
        Background trickle([&](const std::atomic<bool>& stop)
                           { trickleFrame(trickler, 100, 100, 3000, stop); });
        keepExchanging(ann, bob, 3500, 1000, "while another client trickled a frame");
    }

    void trickledFrameIsClosedWith1008()
    {
        server = std::make_unique<ConfiguredServer>(fastSignaling +
                                                    "\n[limits]\nframe_timeout_ms = 1500\n");
        WsClient ann(port()), bob(port());
        ann.join(roomToken("Trickle", "Ann"));
        bob.join(roomToken("Trickle", "Bob"));
        ann.next("member.joined");
        RawWebSocket trickler(port());
        CPPUNIT_ASSERT_EQUAL(101, trickler.status());
        Poco::Timestamp started;
        Background trickle([&](const std::atomic<bool>& stop)
                           { trickleFrame(trickler, 100, 100, 3000, stop); });
        keepExchanging(ann, bob, 2500, 1000, "while another client trickled a frame");
        trickle.join(); // ends when the server closes, at 3 s at the latest
        CPPUNIT_ASSERT_EQUAL(1008, trickler.waitClosed(3000));
        CPPUNIT_ASSERT_MESSAGE("closed after " + std::to_string(msSince(started)) + " ms",
                               msSince(started) < 5500);
    }

    // 64 connections each sending a request head one byte per 200 ms, on a
    // server with 2 workers: pages and /healthz answer within 1 s throughout.
    void slowHeadersDelayNoOne()
    {
        server = std::make_unique<ConfiguredServer>("", "", 2);
        Slowloris slow(port(), 64);
        Background trickle(
            [&](const std::atomic<bool>& stop)
            {
                slow.run("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " +
                             std::string(200, 'a'),
                         200, 10000, stop);
            });
        for (Poco::Timestamp start; start.elapsed() < 3000 * 1000LL;)
        {
            assertPrompt(port(), "/guest?room=X", 1000, "while 64 clients trickle headers");
            assertPrompt(port(), "/healthz", 1000, "while 64 clients trickle headers");
            Poco::Thread::sleep(100);
        }
    }

    // Same, with header_timeout_ms = 2000: each slow connection is answered
    // 408 (or just closed) about 2 s after it opened, trickling all along.
    void slowHeadersGet408()
    {
        server = std::make_unique<ConfiguredServer>("[limits]\nheader_timeout_ms = 2000\n", "", 2);
        Slowloris slow(port(), 64);
        Background trickle(
            [&](const std::atomic<bool>& stop)
            {
                slow.run("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " +
                             std::string(200, 'a'),
                         200, 8000, stop);
            });
        for (Poco::Timestamp start; start.elapsed() < 1500 * 1000LL;)
        {
            assertPrompt(port(), "/healthz", 1000, "while 64 clients trickle headers");
            Poco::Thread::sleep(100);
        }
        trickle.join(); // returns once every connection was answered or closed, or after 8 s
        for (std::size_t k = 0; k < slow.connections.size(); ++k)
        {
            RawHttp& c = *slow.connections[k];
            const std::string which = "slow connection " + std::to_string(k);
            CPPUNIT_ASSERT_MESSAGE(which + " still open after 8 s of trickling",
                                   slow.answeredAfterMs[k] >= 0);
            CPPUNIT_ASSERT_MESSAGE(which + " answered or closed after only " +
                                       std::to_string(slow.answeredAfterMs[k]) + " ms",
                                   slow.answeredAfterMs[k] >= 1000);
            CPPUNIT_ASSERT_MESSAGE(which + " not closed", c.closedWithin(3000));
            if (!c.buffered().empty())
                CPPUNIT_ASSERT_EQUAL_MESSAGE(which, std::string("HTTP/1.1 408"),
                                             c.buffered().substr(0, 12));
        }
    }

    // 20 keep-alive connections left idle after one request each, on a
    // server with 2 workers: each is answered, and so is a new client.
    void idleKeepAliveConnectionsHoldNoWorker()
    {
        server = std::make_unique<ConfiguredServer>("", "", 2);
        std::vector<std::unique_ptr<RawHttp>> idle;
        for (int i = 1; i <= 20; ++i)
        {
            idle.push_back(std::make_unique<RawHttp>(port()));
            idle.back()->sendGet("/healthz");
            try
            {
                CPPUNIT_ASSERT_EQUAL(200, idle.back()->readResponse(2000).status);
            }
            catch (const std::runtime_error& e)
            {
                CPPUNIT_FAIL("keep-alive connection " + std::to_string(i) +
                             " of 20 (2 workers): " + e.what());
            }
        }
        assertPrompt(port(), "/healthz", 1000, "with 20 idle keep-alive connections");
        // The idle ones still work.
        idle.front()->sendGet("/healthz");
        CPPUNIT_ASSERT_EQUAL(200, idle.front()->readResponse(2000).status);
    }

    void idleKeepAliveConnectionIsClosed()
    {
        server = std::make_unique<ConfiguredServer>("[limits]\nidle_timeout_ms = 1000\n");
        RawHttp c(port());
        c.sendGet("/healthz");
        CPPUNIT_ASSERT_EQUAL(200, c.readResponse(2000).status);
        Poco::Timestamp idleSince;
        CPPUNIT_ASSERT_MESSAGE("an idle keep-alive connection is still open after 5 s",
                               c.closedWithin(5000));
        CPPUNIT_ASSERT_MESSAGE("closed after only " + std::to_string(msSince(idleSince)) + " ms",
                               msSince(idleSince) >= 500);
        CPPUNIT_ASSERT_EQUAL(std::string(), c.buffered());
    }

    // A request announcing a 100-byte body that never comes in full.
    void incompleteBodyIsClosed()
    {
        server = std::make_unique<ConfiguredServer>("[limits]\nbody_timeout_ms = 1000\n");
        RawHttp c(port());
        c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n" +
               std::string(10, 'b'));
        CPPUNIT_ASSERT_MESSAGE("a connection with an incomplete body is still open after 5 s",
                               c.closedWithin(5000));
        assertPrompt(port(), "/healthz", 1000, "after closing an incomplete body");
    }

    // Cat (a 4 KiB receive buffer) stops reading after joining; Ann sends her
    // large signals. Ann and Bob keep exchanging within 1 s; once Cat's queued
    // output passes send_queue_bytes Cat is closed, Bob hears member.left,
    // and the log says why.
    void memberThatStopsReadingIsDroppedAlone()
    {
        server = std::make_unique<ConfiguredServer>(
            "[signaling]\nmax_message_bytes = 65536\nmessages_per_second = 1000\n\n"
            "[limits]\nsend_queue_bytes = 65536\n");
        WsClient ann(port()), bob(port());
        ann.join(roomToken("Slow_Readers", "Ann"));
        bob.join(roomToken("Slow_Readers", "Bob"));
        ann.next("member.joined");

        RawWebSocket cat(port(), "", 4096);
        CPPUNIT_ASSERT_EQUAL(101, cat.status());
        auto joined = cat.reply(
            cat.request("room.join", params({{"token", roomToken("Slow_Readers", "Cat")}})), 3000);
        CPPUNIT_ASSERT_MESSAGE("Cat could not join", joined->has("result"));
        const std::string catId = joined->getObject("result")->getValue<std::string>("member_id");
        ann.next("member.joined");
        bob.next("member.joined");
        // From here on Cat reads nothing.

        Poco::JSON::Object::Ptr data =
            params({{"type", "offer"}, {"sdp", std::string(60000, 'v')}});
        Poco::JSON::Object::Ptr left;
        bool mute = true;
        Poco::Timestamp start;
        int sent = 0;
        for (; sent < 400 && !left && start.elapsed() < 30 * 1000 * 1000LL; ++sent, mute = !mute)
        {
            Poco::Timestamp signalStart;
            auto reply = ann.reply(
                ann.request("webrtc.signal", params({{"to", catId}, {"data", data}})), 10000);
            const long long signalTook = msSince(signalStart);
            CPPUNIT_ASSERT_MESSAGE("a signal to Cat took " + std::to_string(signalTook) +
                                       " ms (bound 1000 ms)",
                                   signalTook <= 1000);
            if (WsClient::errorCode(reply) == "404") // Cat is gone from the room
            {
                left = bob.next("member.left", 3000);
                break;
            }
            CPPUNIT_ASSERT_EQUAL(std::string(), WsClient::errorCode(reply));
            const long long took = roundTrip(ann, bob, mute);
            CPPUNIT_ASSERT_MESSAGE("Ann to Bob took " + std::to_string(took) +
                                       " ms (bound 1000 ms) after " + std::to_string(sent + 1) +
                                       " large signals to a member that does not read",
                                   took <= 1000);
            left = bob.tryNext("member.left", 10);
        }
        CPPUNIT_ASSERT_MESSAGE(
            "Cat was not dropped after " + std::to_string(sent) + " signals of 60 kB", left);
        CPPUNIT_ASSERT_EQUAL(catId, left->getObject("member")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_MESSAGE("Cat's connection is still open",
                               cat.connection().closedWithin(10000));
        CPPUNIT_ASSERT_MESSAGE("no log line names Cat's member id, room and the send queue:\n" +
                                   server->log(),
                               !server->logLine({catId, "Slow_Readers", "queue"}).empty());
        // Ann and Bob are unaffected.
        CPPUNIT_ASSERT(roundTrip(ann, bob, mute) <= 1000);
    }

    // The server is stopped (SIGSTOP) for 1.5 s with pings every 200 ms; both
    // members send a request meanwhile. After SIGCONT nobody alive is dropped;
    // a member that never answers a ping is, after about 3 intervals.
    void stalledServerDropsOnlyTheDead()
    {
        server = std::make_unique<ConfiguredServer>(
            "[signaling]\nping_interval_ms = 200\nmessages_per_second = 1000\n");
        WsClient ann(port()), bob(port());
        ann.join(roomToken("Stall", "Ann"));
        const std::string bobId =
            bob.join(roomToken("Stall", "Bob"))->getValue<std::string>("member_id");
        ann.next("member.joined");

        int annAsked = 0, bobAsked = 0;
        {
            Stall stall(server->process());
            Poco::Thread::sleep(200);
            annAsked = ann.request("member.video_mute");
            bobAsked = bob.request("member.video_mute");
            Poco::Thread::sleep(1300);
        }
        for (auto [client, id, who] :
             {std::make_tuple(&ann, annAsked, "Ann"), std::make_tuple(&bob, bobAsked, "Bob")})
        {
            Poco::JSON::Object::Ptr reply;
            try
            {
                reply = client->reply(id, 3000);
            }
            catch (const std::exception& e)
            {
                CPPUNIT_FAIL(std::string(who) +
                             "'s request sent while the server was stopped: " + e.what());
            }
            CPPUNIT_ASSERT_EQUAL(std::string(), WsClient::errorCode(reply));
        }
        // Six more intervals of barrier requests (each answers pings too).
        for (Poco::Timestamp start; start.elapsed() < 1200 * 1000LL;)
        {
            CPPUNIT_ASSERT(ann.reply(ann.request("member.video_unmute"), 3000)->has("result"));
            CPPUNIT_ASSERT(bob.reply(bob.request("member.video_unmute"), 3000)->has("result"));
            Poco::Thread::sleep(100);
        }
        CPPUNIT_ASSERT_MESSAGE("Ann heard a member leave after the stall",
                               ann.silentAbout("member.left"));
        CPPUNIT_ASSERT_MESSAGE("Bob heard a member leave after the stall",
                               bob.silentAbout("member.left"));

        // A member that never reads, so never answers a ping.
        RawWebSocket dead(port());
        CPPUNIT_ASSERT_EQUAL(101, dead.status());
        dead.request("room.join", params({{"token", roomToken("Stall", "Dee")}}));
        const std::string deadId =
            ann.next("member.joined", 3000)->getObject("member")->getValue<std::string>("id");
        Poco::Timestamp joined;
        Poco::JSON::Object::Ptr left;
        while (!left && joined.elapsed() < 5000 * 1000LL)
        {
            CPPUNIT_ASSERT(bob.reply(bob.request("member.video_mute"), 3000)->has("result"));
            left = ann.tryNext("member.left", 100);
        }
        CPPUNIT_ASSERT_MESSAGE("a member that never answers pings was not dropped within 5 s",
                               left);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "the member dropped is not the dead one (Bob is " + bobId + ")", deadId,
            left->getObject("member")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_MESSAGE("dropped after only " + std::to_string(msSince(joined)) +
                                   " ms, under 2 ping intervals",
                               msSince(joined) >= 300);
    }

private:
    std::unique_ptr<ConfiguredServer> server;

    unsigned short port() const { return server->port(); }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SlowPeerTest);
