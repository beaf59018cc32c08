// The signalwire backend against a fake of SignalWire's Video API, over real
// HTTPS with a CA made for the test, with the real rolecall binary.
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/HTTPRequest.h"
#include "support/FakeSignalWire.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestCa.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

namespace
{
const std::string projectId = "pk-7dafyd8fsd-adfhsdj7asdhdf";
const std::string apiToken = "PTsjdfsh123hkjdshdfs-secret";
} // namespace

class SignalWireBackendTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SignalWireBackendTest);
    CPPUNIT_TEST(roomIsCreatedOnceThenReused);
    CPPUNIT_TEST(tokenRequestCarriesExactlyTheRolesPermissions);
    CPPUNIT_TEST(pageUsesTheSdkAndTheCloudToken);
    CPPUNIT_TEST(roleOptionsGoIntoTheTokenRequest);
    CPPUNIT_TEST(apiTokenAndRolesWorkAsOnEmbedded);
    CPPUNIT_TEST(rejectedCredentialsAre502);
    CPPUNIT_TEST(validationMessageIsShown);
    CPPUNIT_TEST(serverErrorIs502);
    CPPUNIT_TEST(slowCloudIs504);
    CPPUNIT_TEST(invalidJsonIs502);
    CPPUNIT_TEST(missingTokenIs502);
    CPPUNIT_TEST(unreachableCloudIs502);
    CPPUNIT_TEST(credentialsNeverLeak);
    CPPUNIT_TEST(missingCredentialsAreNamedAtStartup);
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
                       standardRoles() +
                           "\n[role.listener]\nplugin = guest\nroute = /listen\nauth = none\n"
                           "join_as = audience\nmedia_allowed = audio-only\n"
                           "join_video_muted = true\nremove_after_seconds = 600\n"
                           "end_room_on_leave = true\n",
                       "backend = signalwire\nmax_participants = 7\n") +
                fake->configSection() +
                "timeout_ms = 700\n"
                // These tests open rooms as guests (SignalWireRoomsTest covers the default).
                "create_rooms = always\n");
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

    void roomIsCreatedOnceThenReused()
    {
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/guest?room=Reception&user=Ann").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/guest?room=Reception&user=Bob").status);
        const auto calls = fake->calls();
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), calls.size());
        CPPUNIT_ASSERT_EQUAL(std::string("GET /api/video/rooms/Reception"), line(calls[0]));
        CPPUNIT_ASSERT_EQUAL(std::string("POST /api/video/rooms"), line(calls[1]));
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"),
                             calls[1].json->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"),
                             calls[1].json->getValue<std::string>("display_name"));
        CPPUNIT_ASSERT_EQUAL(7, calls[1].json->getValue<int>("max_members"));
        CPPUNIT_ASSERT(!calls[1].json->has("max_participants")); // the 2021 beta name
        CPPUNIT_ASSERT_EQUAL(std::string("POST /api/video/room_tokens"), line(calls[2]));
        CPPUNIT_ASSERT_EQUAL(std::string("POST /api/video/room_tokens"), line(calls[3]));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), fake->roomCount());
        for (const auto& call : calls)
            CPPUNIT_ASSERT_EQUAL(expectedAuthorization(), call.authorization);
    }

    void tokenRequestCarriesExactlyTheRolesPermissions()
    {
        httpGet(port, "/?room=Reception&user=Moe", basicAuth(moderatorUser, moderatorPassword));
        httpGet(port, "/guest?room=Reception&user=Ann");
        const auto calls = fake->calls();
        const auto& mod = calls.at(2);
        const auto& guest = calls.at(3);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), mod.contentType);
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"),
                             mod.json->getValue<std::string>("room_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Moe"), mod.json->getValue<std::string>("user_name"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("[\"room.self.audio_mute\",\"room.self.audio_unmute\",\"room.self."
                        "video_mute\",\"room.self.video_unmute\",\"room.member.audio_mute\","
                        "\"room.member.audio_unmute\",\"room.member.video_mute\",\"room."
                        "member.video_unmute\",\"room.member.remove\"]"),
            json(mod.json->getArray("permissions")));
        CPPUNIT_ASSERT_EQUAL(std::string("[\"room.self.audio_mute\",\"room.self.audio_unmute\","
                                         "\"room.self.video_mute\",\"room.self.video_unmute\"]"),
                             json(guest.json->getArray("permissions")));
        // The role goes as member meta, so other pages can show its label.
        CPPUNIT_ASSERT_EQUAL(std::string("{\"role\":\"moderator\"}"),
                             json(mod.json->getObject("meta")));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"role\":\"guest\"}"),
                             json(guest.json->getObject("meta")));
    }

    // A role's join options, under SignalWire's names; defaults stated too.
    void roleOptionsGoIntoTheTokenRequest()
    {
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/listen?room=Reception&user=Lou").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/guest?room=Reception&user=Ann").status);
        const auto calls = fake->calls();
        const auto& lou = *calls.at(2).json;
        CPPUNIT_ASSERT_EQUAL(std::string("audience"), lou.getValue<std::string>("join_as"));
        CPPUNIT_ASSERT_EQUAL(std::string("audio-only"), lou.getValue<std::string>("media_allowed"));
        CPPUNIT_ASSERT_EQUAL(true, lou.getValue<bool>("join_video_muted"));
        CPPUNIT_ASSERT_EQUAL(false, lou.getValue<bool>("join_audio_muted"));
        CPPUNIT_ASSERT_EQUAL(600, lou.getValue<int>("remove_after_seconds_elapsed"));
        CPPUNIT_ASSERT_EQUAL(true, lou.getValue<bool>("end_room_session_on_leave"));
        const auto& ann = *calls.at(3).json;
        CPPUNIT_ASSERT_EQUAL(std::string("member"), ann.getValue<std::string>("join_as"));
        CPPUNIT_ASSERT_EQUAL(std::string("all"), ann.getValue<std::string>("media_allowed"));
        CPPUNIT_ASSERT_EQUAL(false, ann.getValue<bool>("join_video_muted"));
        CPPUNIT_ASSERT(!ann.has("remove_after_seconds_elapsed"));
        CPPUNIT_ASSERT_EQUAL(false, ann.getValue<bool>("end_room_session_on_leave"));
    }

    void pageUsesTheSdkAndTheCloudToken()
    {
        const HttpReply page = httpGet(port, "/guest?room=Reception&user=Ann");
        // The SDK is a classic script: it has run when the page's modules
        // (deferred) start and pick the SignalWire driver by `backend`.
        const auto sdk = page.body.find("<script src=\"/static/vendor/signalwire/index.umd.js\">");
        const auto entry = page.body.find("<script type=\"module\" src=\"/static/rolecall.js\">");
        CPPUNIT_ASSERT(sdk != std::string::npos);
        CPPUNIT_ASSERT(entry != std::string::npos && sdk < entry);
        auto config = Poco::JSON::Parser()
                          .parse(pageConfigJson(page.body))
                          .extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("signalwire"), config->getValue<std::string>("backend"));
        // The token is the one the cloud issued (signed with the fake's key).
        const std::string token = config->getValue<std::string>("token");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2),
                             static_cast<std::size_t>(std::count(token.begin(), token.end(), '.')));
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/static/vendor/signalwire/index.umd.js").status);
    }

    void apiTokenAndRolesWorkAsOnEmbedded()
    {
        const HttpReply reply = httpGet(port, "/api/token?role=guest&room=Lobby&user=Ann");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        auto body = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("signalwire"), body->getValue<std::string>("backend"));
        CPPUNIT_ASSERT_EQUAL(std::string("Lobby"), body->getValue<std::string>("room"));
        CPPUNIT_ASSERT(!body->getValue<std::string>("token").empty());
        CPPUNIT_ASSERT_EQUAL(401, httpGet(port, "/api/token?role=moderator").status);
        CPPUNIT_ASSERT(httpGet(port, "/api/roles").body.find("\"backend\":\"signalwire\"") !=
                       std::string::npos);
        CPPUNIT_ASSERT_EQUAL(404, httpGet(port, "/ws").status); // no embedded signaling here
    }

    void rejectedCredentialsAre502()
    {
        fake->setMode(FakeSignalWire::Mode::Unauthorized);
        expectFailure(502, "SignalWire rejected the project credentials");
    }

    void validationMessageIsShown()
    {
        fake->setMode(FakeSignalWire::Mode::Validation);
        fake->setValidationMessage("Room limit reached for this project");
        expectFailure(502, "Room limit reached for this project");
    }

    void serverErrorIs502()
    {
        fake->setMode(FakeSignalWire::Mode::ServerError);
        expectFailure(502, "SignalWire failed with HTTP 500");
    }

    void slowCloudIs504()
    {
        fake->setMode(FakeSignalWire::Mode::Slow);
        fake->setDelay(std::chrono::milliseconds(3000));
        expectFailure(504, "did not answer within");
    }

    void invalidJsonIs502()
    {
        fake->setMode(FakeSignalWire::Mode::BadJson);
        expectFailure(502, "not valid JSON");
    }

    void missingTokenIs502()
    {
        fake->setMode(FakeSignalWire::Mode::NoToken);
        expectFailure(502, "had no token");
    }

    void unreachableCloudIs502()
    {
        fake->stop();
        expectFailure(502, "cannot reach SignalWire at 127.0.0.1");
    }

    void credentialsNeverLeak()
    {
        std::string everything;
        for (auto mode : {FakeSignalWire::Mode::Normal, FakeSignalWire::Mode::Unauthorized,
                          FakeSignalWire::Mode::Validation, FakeSignalWire::Mode::ServerError,
                          FakeSignalWire::Mode::BadJson})
        {
            fake->setMode(mode);
            everything += httpGet(port, "/guest?room=Leak&user=Ann").body;
            everything += httpGet(port, "/api/token?role=guest&room=Leak2").body;
            everything += httpGet(port, "/api/roles").body;
        }
        server->stop();
        everything += server->out() + server->err();
        CPPUNIT_ASSERT(everything.find(apiToken) == std::string::npos);
        CPPUNIT_ASSERT(everything.find(projectId) == std::string::npos);
        CPPUNIT_ASSERT(everything.find(expectedAuthorization().substr(6)) == std::string::npos);
    }

    void missingCredentialsAreNamedAtStartup()
    {
        const std::string config = dir->file("rolecall.ini");
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"--config=" + config, "--check-config"},
              std::vector<std::string>{"--config=" + config}})
        {
            const auto result =
                ServerProcess::run(args, "", {{"SIGNALWIRE_PROJECT_KEY", projectId}});
            CPPUNIT_ASSERT(result.exitCode != 0);
            CPPUNIT_ASSERT(
                result.err.find(config + ":9: backend 'signalwire' needs SIGNALWIRE_TOKEN") !=
                std::string::npos);
            CPPUNIT_ASSERT(result.err.find("SIGNALWIRE_PROJECT_KEY") == std::string::npos);
        }
    }

private:
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<TestCa> ca;
    std::unique_ptr<FakeSignalWire> fake;
    std::unique_ptr<ServerProcess> server;
    unsigned short port = 0;

    static std::string line(const FakeSignalWire::Call& call)
    {
        return call.method + " " + call.path;
    }

    template <class Json> static std::string json(const Json& value)
    {
        std::ostringstream out;
        if (!value)
            return "(missing)";
        value->stringify(out);
        return out.str();
    }

    static std::string expectedAuthorization()
    {
        Poco::Net::HTTPRequest request;
        Poco::Net::HTTPBasicCredentials(projectId, apiToken).authenticate(request);
        return request.get("Authorization");
    }

    void expectFailure(int status, const std::string& text)
    {
        const HttpReply page = httpGet(port, "/guest?room=Fail&user=Ann");
        CPPUNIT_ASSERT_EQUAL(status, page.status);
        CPPUNIT_ASSERT_MESSAGE(page.body, page.body.find(text) != std::string::npos);
        const HttpReply api = httpGet(port, "/api/token?role=guest&room=Fail");
        CPPUNIT_ASSERT_EQUAL(status, api.status);
        CPPUNIT_ASSERT_MESSAGE(api.body, api.body.find(text) != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignalWireBackendTest);
