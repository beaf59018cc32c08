// Who may open a room on the signalwire backend, and how the backend treats
// SignalWire's API: one lookup per new room however many load it at once, no
// room waiting for another, keep-alive connections, a bounded room cache.
// The real rolecall binary against FakeSignalWire over HTTPS.
#include "support/FakeSignalWire.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestCa.h"
#include "support/TestConfig.h"
#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>
#include <future>
#include <memory>
#include <sstream>

namespace
{
const std::string projectId = "pk-rooms-test";
const std::string apiToken = "PT-rooms-test-secret";
const std::string getRoom = "GET /api/video/rooms/";
const std::string postRoom = "POST /api/video/rooms";
const std::string postToken = "POST /api/video/room_tokens";
} // namespace

class SignalWireRoomsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SignalWireRoomsTest);
    CPPUNIT_TEST(guestCannotCreateModeratorCan);
    CPPUNIT_TEST(neverCreatesButJoinsExistingRooms);
    CPPUNIT_TEST(alwaysLetsGuestsCreate);
    CPPUNIT_TEST(allowListRefusesOtherRooms);
    CPPUNIT_TEST(otherRoomsLoadWhileOneRoomHangs);
    CPPUNIT_TEST(concurrentFirstLoadsMakeOneCreation);
    CPPUNIT_TEST(pageLoadsShareOneConnection);
    CPPUNIT_TEST(closedPooledConnectionIsRetriedOnce);
    CPPUNIT_TEST(creationWhoseAnswerWasLostIsRepeatedSafely);
    CPPUNIT_TEST(roomCacheIsBounded);
    CPPUNIT_TEST(badPolicyKeysAreNamedWithTheirLine);
    CPPUNIT_TEST(headIssuesNoTokenAndCreatesNoRoom);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        dir = std::make_unique<TempDir>();
        ca = std::make_unique<TestCa>(dir->file("ca"));
        fake = std::make_unique<FakeSignalWire>(*ca, projectId, apiToken);
    }

    void tearDown() override
    {
        server.reset();
        fake.reset();
        ca.reset();
        dir.reset();
    }

    void guestCannotCreateModeratorCan()
    {
        start(""); // the default: create_rooms = authenticated
        const HttpReply refused = guest("Fresh");
        CPPUNIT_ASSERT_EQUAL(404, refused.status);
        CPPUNIT_ASSERT_MESSAGE(refused.body, refused.body.find("does not exist yet: it has not "
                                                               "been opened by a moderator") !=
                                                 std::string::npos);
        const HttpReply api = httpGet(port, "/api/token?role=guest&room=Fresh");
        CPPUNIT_ASSERT_EQUAL(404, api.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), fake->count(postRoom));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), fake->count(postToken));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), fake->roomCount());

        CPPUNIT_ASSERT_EQUAL(200, moderator("Fresh").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->roomCount());
        CPPUNIT_ASSERT_EQUAL(200, guest("Fresh").status);
        // Tokens for whoever may not create say so, or SignalWire would make
        // the room when such a token is used.
        const auto tokens = callsTo(postToken);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), tokens.size());
        CPPUNIT_ASSERT_EQUAL(true, tokens[0].json->getValue<bool>("auto_create_room"));
        CPPUNIT_ASSERT_EQUAL(false, tokens[1].json->getValue<bool>("auto_create_room"));
        server->stop();
        CPPUNIT_ASSERT(server->err().find("room refused for role guest: Room 'Fresh' does not "
                                          "exist yet") != std::string::npos);
    }

    void neverCreatesButJoinsExistingRooms()
    {
        start("create_rooms = never\n");
        const HttpReply refused = moderator("Board");
        CPPUNIT_ASSERT_EQUAL(404, refused.status);
        CPPUNIT_ASSERT(refused.body.find("This server does not create rooms") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), fake->count(postRoom));
        fake->addRoom("Board");
        CPPUNIT_ASSERT_EQUAL(200, moderator("Board").status);
        CPPUNIT_ASSERT_EQUAL(200, guest("Board").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), fake->count(postRoom));
        for (const auto& call : callsTo(postToken))
            CPPUNIT_ASSERT_EQUAL(false, call.json->getValue<bool>("auto_create_room"));
    }

    void alwaysLetsGuestsCreate()
    {
        start("create_rooms = always\n");
        CPPUNIT_ASSERT_EQUAL(200, guest("Open").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->count(postRoom));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->roomCount());
        // Every call to the API is counted, by result, and timed.
        const std::string metrics = httpGet(port, "/metrics").body;
        double calls = 0;
        std::istringstream lines(metrics);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind("rolecall_signalwire_calls_total{result=", 0) == 0)
                calls += std::stod(line.substr(line.rfind(' ') + 1));
        const std::size_t made = fake->calls().size();
        CPPUNIT_ASSERT_EQUAL(static_cast<double>(made), calls);
        CPPUNIT_ASSERT_MESSAGE(metrics,
                               metrics.find("rolecall_signalwire_call_seconds_count " +
                                            std::to_string(made) + "\n") != std::string::npos);
    }

    void allowListRefusesOtherRooms()
    {
        start("create_rooms = always\nrooms = Lobby, Stage\n");
        for (const HttpReply& refused : {guest("Elsewhere"), moderator("Elsewhere"),
                                         httpGet(port, "/api/token?role=guest&room=Elsewhere")})
        {
            CPPUNIT_ASSERT_EQUAL(403, refused.status);
            // (the page escapes the quotes, the JSON answer does not)
            CPPUNIT_ASSERT_MESSAGE(refused.body,
                                   refused.body.find("Elsewhere") != std::string::npos &&
                                       refused.body.find("is not one of this server") !=
                                           std::string::npos);
        }
        CPPUNIT_ASSERT(fake->calls().empty()); // refused before asking SignalWire
        CPPUNIT_ASSERT_EQUAL(200, guest("Lobby").status);
        CPPUNIT_ASSERT_EQUAL(200, moderator("Stage").status);
        server->stop();
        CPPUNIT_ASSERT(server->err().find("room refused for role guest: Room 'Elsewhere'") !=
                       std::string::npos);
    }

    void otherRoomsLoadWhileOneRoomHangs()
    {
        start("", "timeout_ms = 20000\n");
        fake->holdRoom("Stuck");
        auto stuck = std::async(std::launch::async, [this] { return moderator("Stuck").status; });
        CPPUNIT_ASSERT(fake->waitForCalls([](const auto& calls)
                                          { return countOf(calls, getRoom + "Stuck") == 1; }));
        // Stuck's lookup is held at SignalWire; other rooms do not wait for it.
        CPPUNIT_ASSERT_EQUAL(200, moderator("Free").status);
        CPPUNIT_ASSERT_EQUAL(200, guest("Free").status);
        CPPUNIT_ASSERT_EQUAL(200, moderator("Other").status);
        CPPUNIT_ASSERT(stuck.wait_for(std::chrono::seconds(0)) != std::future_status::ready);
        fake->releaseRoom("Stuck");
        CPPUNIT_ASSERT_EQUAL(200, stuck.get());
    }

    void concurrentFirstLoadsMakeOneCreation()
    {
        start("");
        fake->holdRoom("Busy");
        std::vector<std::future<int>> loads;
        for (int i = 0; i < 3; ++i)
            loads.push_back(
                std::async(std::launch::async, [this] { return moderator("Busy").status; }));
        for (int i = 0; i < 2; ++i)
            loads.push_back(
                std::async(std::launch::async, [this] { return guest("Busy").status; }));
        CPPUNIT_ASSERT(fake->waitForCalls([](const auto& calls)
                                          { return countOf(calls, getRoom + "Busy") >= 1; }));
        // Barrier: a page of another room loaded after all five were sent
        // (workers take requests in order, and there are enough of them).
        CPPUNIT_ASSERT_EQUAL(200, moderator("Barrier").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->count(getRoom + "Busy"));
        fake->releaseRoom("Busy");
        for (auto& load : loads)
            CPPUNIT_ASSERT_EQUAL(200, load.get());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->count(getRoom + "Busy"));
        std::size_t busyCreations = 0;
        for (const auto& call : callsTo(postRoom))
            busyCreations += call.json->getValue<std::string>("name") == "Busy";
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), busyCreations);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), fake->count(postToken));
    }

    void pageLoadsShareOneConnection()
    {
        start("");
        for (int i = 0; i < 10; ++i)
            CPPUNIT_ASSERT_EQUAL(200, moderator("Reuse").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), fake->calls().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->connectionCount());
    }

    void closedPooledConnectionIsRetriedOnce()
    {
        start("");
        CPPUNIT_ASSERT_EQUAL(200, moderator("Again").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->closeIdleConnections());
        // The pooled connection is dead; the token request goes out again on
        // a new one (resuming the TLS session) and the page loads.
        CPPUNIT_ASSERT_EQUAL(200, guest("Again").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), fake->connectionCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->resumedHandshakes());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), fake->count(postToken));
    }

    void creationWhoseAnswerWasLostIsRepeatedSafely()
    {
        start("");
        // SignalWire makes the room, but the connection breaks before its
        // answer. The POST goes out again on a new connection, is refused as
        // a taken name, and a lookup finds the room: the page loads.
        fake->dropNextAnswer(postRoom);
        CPPUNIT_ASSERT_EQUAL(200, moderator("Lost").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->roomCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), fake->count(postRoom));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), fake->count(getRoom + "Lost"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->count(postToken));
    }

    void roomCacheIsBounded()
    {
        start("room_cache_size = 2\n");
        for (const char* room : {"A", "B", "C"})
            CPPUNIT_ASSERT_EQUAL(200, moderator(room).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->count(getRoom + "A"));
        CPPUNIT_ASSERT_EQUAL(200, guest("C").status); // cached: no lookup
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->count(getRoom + "C"));
        CPPUNIT_ASSERT_EQUAL(200, guest("A").status); // dropped (oldest): looked up again
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), fake->count(getRoom + "A"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), fake->count(postRoom)); // A exists: not re-created
    }

    void badPolicyKeysAreNamedWithTheirLine()
    {
        const std::string text =
            testConfig(0, dir->file("state"), standardRoles(), "backend = signalwire\n") +
            "\n[signalwire]\nspace = example.signalwire.com\n"
            "create_rooms = sometimes\nrooms = Lobby, Stage!\n"
            "room_cache_size = 0\npool_size = -1\n";
        const std::string config = dir->write("bad.ini", text);
        const auto result =
            ServerProcess::run({"--config=" + config, "--check-config"}, "", fake->credentials());
        CPPUNIT_ASSERT(result.exitCode != 0);
        const std::vector<std::pair<std::string, std::string>> expected = {
            {"create_rooms", "create_rooms must be 'always', 'authenticated' or 'never'"},
            {"rooms", "rooms: 'Stage!' may contain only letters"},
            {"room_cache_size", "'signalwire.room_cache_size' must be a whole number from 1"},
            {"pool_size", "'signalwire.pool_size' must be a whole number from 0"}};
        for (const auto& [key, message] : expected)
        {
            const std::string where =
                config + ":" + std::to_string(lineOf(text, key + " =")) + ": ";
            CPPUNIT_ASSERT_MESSAGE(result.err + "\nexpected: " + where + message,
                                   result.err.find(where + message) != std::string::npos);
        }
    }

    // A link checker's or preview bot's HEAD gets the page's headers, but no
    // room token is made for it and no room created; a GET does both.
    void headIssuesNoTokenAndCreatesNoRoom()
    {
        start("create_rooms = always\n");
        const auto login = basicAuth(moderatorUser, moderatorPassword);
        for (const char* target :
             {"/?room=Quiet&user=Moe", "/api/token?role=moderator&room=Quiet", "/guest?room=Quiet"})
        {
            const HttpReply head =
                httpGet(port, target,
                        target[1] == 'g' ? std::map<std::string, std::string>{} : login, "HEAD");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 200, head.status);
        }
        CPPUNIT_ASSERT_EQUAL(
            std::string("text/html; charset=utf-8"),
            httpGet(port, "/guest?room=Quiet", {}, "HEAD").headers.getContentType());
        // The server's own checks still apply.
        CPPUNIT_ASSERT_EQUAL(401, httpGet(port, "/?room=Quiet", {}, "HEAD").status);
        CPPUNIT_ASSERT_EQUAL(400, httpGet(port, "/guest?room=No%20Way", {}, "HEAD").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), fake->calls().size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), fake->roomCount());

        CPPUNIT_ASSERT_EQUAL(200, moderator("Quiet").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->count(postToken));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->roomCount());
    }

private:
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<TestCa> ca;
    std::unique_ptr<FakeSignalWire> fake;
    std::unique_ptr<ServerProcess> server;
    unsigned short port = 0;

    /// Serves the standard roles on the signalwire backend with `policy`
    /// lines (and `client` lines) added to [signalwire].
    void start(const std::string& policy, const std::string& client = "timeout_ms = 5000\n")
    {
        const std::string config =
            dir->write("rolecall.ini", testConfig(0, dir->file("state"), standardRoles(),
                                                  "backend = signalwire\n") +
                                           fake->configSection() + client + policy);
        server = std::make_unique<ServerProcess>(config, fake->credentials());
        port = server->port();
    }

    HttpReply guest(const std::string& room)
    {
        return httpGet(port, "/guest?room=" + room + "&user=Gus");
    }

    HttpReply moderator(const std::string& room)
    {
        return httpGet(port, "/?room=" + room + "&user=Moe",
                       basicAuth(moderatorUser, moderatorPassword));
    }

    /// The 1-based line of `text` that starts with `start`.
    static int lineOf(const std::string& text, const std::string& start)
    {
        const auto at = text.find("\n" + start);
        return 2 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    }

    static std::size_t countOf(const std::vector<FakeSignalWire::Call>& calls,
                               const std::string& line)
    {
        std::size_t n = 0;
        for (const auto& call : calls)
            n += call.method + " " + call.path == line;
        return n;
    }

    std::vector<FakeSignalWire::Call> callsTo(const std::string& line) const
    {
        std::vector<FakeSignalWire::Call> found;
        for (const auto& call : fake->calls())
            if (call.method + " " + call.path == line)
                found.push_back(call);
        return found;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignalWireRoomsTest);
