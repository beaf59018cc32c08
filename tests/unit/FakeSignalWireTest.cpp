#include "support/FakeSignalWire.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeParser.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/SSLException.h"
#include "Poco/StreamCopier.h"
#include "Poco/UUID.h"
#include "support/TempDir.h"
#include "support/TestCa.h"
#include <cppunit/extensions/HelperMacros.h>
#include <cstdlib>
#include <memory>
#include <thread>

namespace
{

const std::string project = "d0c1ab5e-0000-4000-8000-000000000001";
const std::string apiToken = "PTtest-api-token";

struct Reply
{
    int status = 0;
    std::string contentType;
    std::string body;
};

struct Request
{
    std::string method = "GET";
    std::string path;
    std::string body;
    std::string contentType = "application/json";
    std::string user = project;
    std::string password = apiToken;
    bool auth = true;
    int timeoutMs = 5000;
    std::string host = "127.0.0.1";
};

Reply exchange(const FakeSignalWire& fake, const Poco::Net::Context::Ptr& tls, const Request& r)
{
    Poco::Net::HTTPSClientSession session(r.host, fake.port(), tls);
    session.setTimeout(Poco::Timespan(0, r.timeoutMs * 1000LL));
    Poco::Net::HTTPRequest request(r.method, r.path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (r.auth)
        Poco::Net::HTTPBasicCredentials(r.user, r.password).authenticate(request);
    if (!r.body.empty() || r.method == "POST")
    {
        if (!r.contentType.empty())
            request.setContentType(r.contentType);
        request.setContentLength(static_cast<std::streamsize>(r.body.size()));
    }
    session.sendRequest(request) << r.body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Reply reply;
    reply.status = response.getStatus();
    reply.contentType = response.getContentType();
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

Poco::JSON::Object::Ptr json(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

Request get(const std::string& path)
{
    Request r;
    r.path = path;
    return r;
}

Request post(const std::string& path, const std::string& body)
{
    Request r;
    r.method = "POST";
    r.path = path;
    r.body = body;
    return r;
}

/// The one error of a 422 body, checked for the documented shape.
Poco::JSON::Object::Ptr onlyError(const Reply& reply)
{
    CPPUNIT_ASSERT_EQUAL(422, reply.status);
    CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.contentType);
    auto errors = json(reply.body)->getArray("errors");
    CPPUNIT_ASSERT(errors);
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors->size());
    auto e = errors->getObject(0);
    CPPUNIT_ASSERT_EQUAL(std::string("validation_error"), e->getValue<std::string>("type"));
    CPPUNIT_ASSERT_EQUAL("https://developer.signalwire.com/rest/overview/error-codes#" +
                             e->getValue<std::string>("code"),
                         e->getValue<std::string>("url"));
    CPPUNIT_ASSERT_EQUAL(std::size_t(5), e->size());
    return e;
}

std::string message(const Reply& reply)
{
    return onlyError(reply)->getValue<std::string>("message");
}

} // namespace

class FakeSignalWireTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FakeSignalWireTest);
    CPPUNIT_TEST(missingAuthIs401);
    CPPUNIT_TEST(wrongAuthIs401);
    CPPUNIT_TEST(roomIsMissingThenCreatedThenFound);
    CPPUNIT_TEST(roomTakesGivenFields);
    CPPUNIT_TEST(duplicateRoomIs422);
    CPPUNIT_TEST(missingRoomNameIs422WithDocumentedBody);
    CPPUNIT_TEST(invalidRoomFieldsAre422);
    CPPUNIT_TEST(postNeedsJson);
    CPPUNIT_TEST(tokenIsSignedJwtWithTheGrant);
    CPPUNIT_TEST(invalidTokenRequestsAre422);
    CPPUNIT_TEST(otherRoutesAre404);
    CPPUNIT_TEST(unauthorizedMode);
    CPPUNIT_TEST(serverErrorMode);
    CPPUNIT_TEST(slowModeOutlastsClientTimeout);
    CPPUNIT_TEST(slowModeAnswersAfterDelay);
    CPPUNIT_TEST(badJsonMode);
    CPPUNIT_TEST(noTokenMode);
    CPPUNIT_TEST(validationMode);
    CPPUNIT_TEST(callsAreRecordedWithBodies);
    CPPUNIT_TEST(concurrentCallsAreAllServed);
    CPPUNIT_TEST(clientWithoutTestCaFailsVerification);
    CPPUNIT_TEST(strictClientAcceptsBothNames);
    CPPUNIT_TEST(stoppedFakeRefusesConnections);
    CPPUNIT_TEST(caFailureShowsOpensslOutput);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _dir = std::make_unique<TempDir>();
        _ca = std::make_unique<TestCa>(_dir->file("ca"));
        _fake = std::make_unique<FakeSignalWire>(*_ca, project, apiToken);
        _tls = _ca->clientContext();
    }

    void tearDown() override
    {
        _fake.reset();
        _ca.reset();
        _dir.reset();
    }

    Reply send(const Request& r) { return exchange(*_fake, _tls, r); }

    void missingAuthIs401()
    {
        Request r = get("/api/video/rooms/lobby");
        r.auth = false;
        const Reply reply = send(r);
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.contentType);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"error":"Unauthorized"})"), reply.body);
        r = post("/api/video/rooms", R"({"name":"lobby"})");
        r.auth = false;
        CPPUNIT_ASSERT_EQUAL(401, send(r).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _fake->roomCount());
    }

    void wrongAuthIs401()
    {
        Request r = post("/api/video/room_tokens", R"({"room_name":"lobby"})");
        r.password = "wrong";
        CPPUNIT_ASSERT_EQUAL(401, send(r).status);
        r.password = apiToken;
        r.user = "other-project";
        CPPUNIT_ASSERT_EQUAL(401, send(r).status);
        r.user = project;
        CPPUNIT_ASSERT_EQUAL(200, send(r).status);
    }

    void roomIsMissingThenCreatedThenFound()
    {
        Reply missing = send(get("/api/video/rooms/lobby"));
        CPPUNIT_ASSERT_EQUAL(404, missing.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"error":"Not Found"})"), missing.body);

        const Reply created = send(post("/api/video/rooms", R"({"name":"lobby"})"));
        CPPUNIT_ASSERT_EQUAL(201, created.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), created.contentType);
        auto room = json(created.body);
        Poco::UUID id;
        CPPUNIT_ASSERT(id.tryParse(room->getValue<std::string>("id")));
        CPPUNIT_ASSERT_EQUAL(std::string("lobby"), room->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("lobby"), room->getValue<std::string>("display_name"));
        CPPUNIT_ASSERT(room->has("description") && room->isNull("description"));
        CPPUNIT_ASSERT_EQUAL(20, room->getValue<int>("max_members"));
        CPPUNIT_ASSERT_EQUAL(std::string("720p"), room->getValue<std::string>("quality"));
        CPPUNIT_ASSERT_EQUAL(std::string("grid-responsive"), room->getValue<std::string>("layout"));
        CPPUNIT_ASSERT_EQUAL(false, room->getValue<bool>("record_on_start"));
        CPPUNIT_ASSERT_EQUAL(false, room->getValue<bool>("enable_room_previews"));
        for (const char* stamp : {"created_at", "updated_at"})
        {
            int tz = 0;
            const std::string text = room->getValue<std::string>(stamp);
            CPPUNIT_ASSERT_MESSAGE(
                text, Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, text,
                                                     *std::make_unique<Poco::DateTime>(), tz));
            CPPUNIT_ASSERT_EQUAL('Z', text.back());
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(11), room->size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->roomCount());

        const Reply found = send(get("/api/video/rooms/lobby"));
        CPPUNIT_ASSERT_EQUAL(200, found.status);
        CPPUNIT_ASSERT_EQUAL(created.body, found.body);
        CPPUNIT_ASSERT_EQUAL(404, send(get("/api/video/rooms/other")).status);
    }

    void roomTakesGivenFields()
    {
        const Reply created =
            send(post("/api/video/rooms",
                      R"({"name":"Room_2-b","display_name":"Réception","max_members":300})"));
        CPPUNIT_ASSERT_EQUAL(201, created.status);
        auto room = json(created.body);
        CPPUNIT_ASSERT_EQUAL(std::string("Réception"), room->getValue<std::string>("display_name"));
        CPPUNIT_ASSERT_EQUAL(300, room->getValue<int>("max_members"));
        CPPUNIT_ASSERT_EQUAL(
            201, send(post("/api/video/rooms", R"({"name":"r1","max_members":1})")).status);
        const std::string longest(100, 'n');
        CPPUNIT_ASSERT_EQUAL(
            201, send(post("/api/video/rooms", R"({"name":")" + longest + R"("})")).status);
        CPPUNIT_ASSERT_EQUAL(200, send(get("/api/video/rooms/" + longest)).status);
    }

    void duplicateRoomIs422()
    {
        CPPUNIT_ASSERT_EQUAL(201, send(post("/api/video/rooms", R"({"name":"lobby"})")).status);
        const Reply again = send(post("/api/video/rooms", R"({"name":"lobby"})"));
        auto e = onlyError(again);
        CPPUNIT_ASSERT_EQUAL(std::string("has_already_been_taken"),
                             e->getValue<std::string>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("Name has already been taken"),
                             e->getValue<std::string>("message"));
        CPPUNIT_ASSERT_EQUAL(std::string("name"), e->getValue<std::string>("attribute"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->roomCount());
    }

    void missingRoomNameIs422WithDocumentedBody()
    {
        const Reply reply = send(post("/api/video/rooms", R"({"display_name":"Lobby"})"));
        CPPUNIT_ASSERT_EQUAL(422, reply.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"errors":[{"type":"validation_error","code":"invalid_parameter",)"
                        R"("message":"Name must be present","attribute":"name",)"
                        R"("url":"https://developer.signalwire.com/rest/overview/)"
                        R"(error-codes#invalid_parameter"}]})"),
            reply.body);
    }

    void invalidRoomFieldsAre422()
    {
        auto create = [this](const std::string& body)
        { return send(post("/api/video/rooms", body)); };
        CPPUNIT_ASSERT_EQUAL(std::string("Name must be present"),
                             message(create(R"({"name":""})")));
        CPPUNIT_ASSERT_EQUAL(std::string("Name must be present"),
                             message(create(R"({"name":null})")));
        CPPUNIT_ASSERT_EQUAL(std::string("Name is invalid"), message(create(R"({"name":"a b"})")));
        CPPUNIT_ASSERT_EQUAL(std::string("Name is invalid"), message(create(R"({"name":"a/b"})")));
        CPPUNIT_ASSERT_EQUAL(std::string("Name is invalid"), message(create(R"({"name":7})")));
        CPPUNIT_ASSERT_EQUAL(std::string("Name is too long (maximum is 100 characters)"),
                             message(create(R"({"name":")" + std::string(101, 'n') + R"("})")));
        auto e =
            onlyError(create(R"({"name":"ok","display_name":")" + std::string(201, 'd') + R"("})"));
        CPPUNIT_ASSERT_EQUAL(std::string("display_name"), e->getValue<std::string>("attribute"));
        for (const std::string bad : {"0", "301", "\"5\"", "2.5", "true", "-1"})
        {
            e = onlyError(create(R"({"name":"ok","max_members":)" + bad + "}"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("max_members"),
                                         e->getValue<std::string>("attribute"));
            CPPUNIT_ASSERT_EQUAL(std::string("invalid_parameter"),
                                 e->getValue<std::string>("code"));
        }
        // Every problem is listed, as SignalWire does.
        const Reply two = create(R"({"name":"a b","max_members":0})");
        CPPUNIT_ASSERT_EQUAL(422, two.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), json(two.body)->getArray("errors")->size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _fake->roomCount());
    }

    void postNeedsJson()
    {
        Request r = post("/api/video/rooms", R"({"name":"lobby"})");
        r.contentType = "application/x-www-form-urlencoded";
        CPPUNIT_ASSERT_EQUAL(415, send(r).status);
        r.contentType = "";
        CPPUNIT_ASSERT_EQUAL(415, send(r).status);
        r.contentType = "application/json; charset=utf-8";
        r.body = "{not json";
        CPPUNIT_ASSERT_EQUAL(400, send(r).status);
        r.body = R"(["lobby"])";
        CPPUNIT_ASSERT_EQUAL(400, send(r).status);
        r.body = R"({"name":"lobby"})";
        CPPUNIT_ASSERT_EQUAL(201, send(r).status);
    }

    void tokenIsSignedJwtWithTheGrant()
    {
        const Reply reply =
            send(post("/api/video/room_tokens",
                      R"({"room_name":"lobby","user_name":"Ann",)"
                      R"("permissions":["room.self.audio_mute","room.member.remove"]})"));
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.contentType);
        auto body = json(reply.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), body->size());
        const std::string jwt = body->getValue<std::string>("token");
        CPPUNIT_ASSERT_EQUAL(2l, static_cast<long>(std::count(jwt.begin(), jwt.end(), '.')));

        const Poco::JWT::Token token = Poco::JWT::Signer(FakeSignalWire::signingKey()).verify(jwt);
        CPPUNIT_ASSERT_EQUAL(std::string("HS256"), token.getAlgorithm());
        const Poco::JSON::Object& claims = token.payload();
        CPPUNIT_ASSERT_EQUAL(std::string("lobby"), claims.getValue<std::string>("room_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Ann"), claims.getValue<std::string>("user_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("relay.signalwire.invalid"),
                             claims.getValue<std::string>("ch"));
        auto permissions = claims.getArray("permissions");
        CPPUNIT_ASSERT(permissions);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), permissions->size());
        CPPUNIT_ASSERT_EQUAL(std::string("room.self.audio_mute"),
                             permissions->getElement<std::string>(0));
        CPPUNIT_ASSERT_EQUAL(std::string("room.member.remove"),
                             permissions->getElement<std::string>(1));
        CPPUNIT_ASSERT(token.getExpiration() > token.getIssuedAt());
        CPPUNIT_ASSERT(std::abs(Poco::Timestamp().epochTime() - token.getIssuedAt().epochTime()) <
                       60);

        // Only room_name is required; tokens differ from call to call.
        const Reply bare = send(post("/api/video/room_tokens", R"({"room_name":"lobby"})"));
        CPPUNIT_ASSERT_EQUAL(200, bare.status);
        const std::string other = json(bare.body)->getValue<std::string>("token");
        CPPUNIT_ASSERT(other != jwt);
        auto bareClaims = Poco::JWT::Signer(FakeSignalWire::signingKey()).verify(other).payload();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), bareClaims.getArray("permissions")->size());
        // A token does not create the room.
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _fake->roomCount());
    }

    void invalidTokenRequestsAre422()
    {
        auto token = [this](const std::string& body)
        { return send(post("/api/video/room_tokens", body)); };
        auto e = onlyError(token(R"({"user_name":"Ann"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("Room name must be present"),
                             e->getValue<std::string>("message"));
        CPPUNIT_ASSERT_EQUAL(std::string("room_name"), e->getValue<std::string>("attribute"));
        CPPUNIT_ASSERT_EQUAL(std::string("Room name is invalid"),
                             message(token(R"({"room_name":"no spaces"})")));
        e = onlyError(token(R"({"room_name":"r","user_name":")" + std::string(101, 'u') + R"("})"));
        CPPUNIT_ASSERT_EQUAL(std::string("user_name"), e->getValue<std::string>("attribute"));
        for (const std::string bad : {R"("room.self.audio_mute")", "[1]", R"({"a":"b"})"})
        {
            e = onlyError(token(R"({"room_name":"r","permissions":)" + bad + "}"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("permissions"),
                                         e->getValue<std::string>("attribute"));
        }
        CPPUNIT_ASSERT_EQUAL(
            200,
            token(R"({"room_name":"r","user_name":")" + std::string(100, 'u') + R"("})").status);
    }

    void otherRoutesAre404()
    {
        for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
                 {"GET", "/api/video/rooms"},
                 {"GET", "/api/video/rooms/"},
                 {"GET", "/api/video/room_tokens"},
                 {"DELETE", "/api/video/rooms/lobby"},
                 {"POST", "/api/video/rooms/lobby"},
                 {"GET", "/"},
                 {"GET", "/api/video/rooms/lobby/sessions"}})
        {
            Request r = get(path);
            r.method = method;
            const Reply reply = send(r);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(method + " " + path, 404, reply.status);
            CPPUNIT_ASSERT_EQUAL(std::string(R"({"error":"Not Found"})"), reply.body);
        }
    }

    void unauthorizedMode()
    {
        _fake->setMode(FakeSignalWire::Mode::Unauthorized);
        const Reply reply = send(get("/api/video/rooms/lobby"));
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"error":"Unauthorized"})"), reply.body);
        CPPUNIT_ASSERT_EQUAL(401,
                             send(post("/api/video/room_tokens", R"({"room_name":"r"})")).status);
        _fake->setMode(FakeSignalWire::Mode::Normal);
        CPPUNIT_ASSERT_EQUAL(404, send(get("/api/video/rooms/lobby")).status);
    }

    void serverErrorMode()
    {
        _fake->setMode(FakeSignalWire::Mode::ServerError);
        const Reply reply = send(post("/api/video/rooms", R"({"name":"lobby"})"));
        CPPUNIT_ASSERT_EQUAL(500, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.contentType);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"error":"Internal Server Error"})"), reply.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _fake->roomCount());
        CPPUNIT_ASSERT_EQUAL(500, send(get("/api/video/rooms/lobby")).status);
    }

    void slowModeOutlastsClientTimeout()
    {
        _fake->setMode(FakeSignalWire::Mode::Slow);
        _fake->setDelay(std::chrono::milliseconds(3000));
        Request r = get("/api/video/rooms/lobby");
        r.timeoutMs = 300;
        const Poco::Timestamp started;
        CPPUNIT_ASSERT_THROW(send(r), Poco::TimeoutException);
        CPPUNIT_ASSERT(started.elapsed() < 2500 * 1000);
        // The call arrived; only its answer is late.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->calls().size());
    }

    void slowModeAnswersAfterDelay()
    {
        _fake->setMode(FakeSignalWire::Mode::Slow);
        _fake->setDelay(std::chrono::milliseconds(400));
        const Poco::Timestamp started;
        CPPUNIT_ASSERT_EQUAL(201, send(post("/api/video/rooms", R"({"name":"lobby"})")).status);
        CPPUNIT_ASSERT(started.elapsed() >= 400 * 1000);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->roomCount());
    }

    void badJsonMode()
    {
        _fake->setMode(FakeSignalWire::Mode::BadJson);
        for (const Request& r : {get("/api/video/rooms/lobby"),
                                 post("/api/video/room_tokens", R"({"room_name":"r"})")})
        {
            const Reply reply = send(r);
            CPPUNIT_ASSERT_EQUAL(200, reply.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.contentType);
            CPPUNIT_ASSERT_EQUAL(std::string("not json"), reply.body);
        }
    }

    void noTokenMode()
    {
        _fake->setMode(FakeSignalWire::Mode::NoToken);
        const Reply reply = send(post("/api/video/room_tokens", R"({"room_name":"r"})"));
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("{}"), reply.body);
        // Rooms still work; so does auth.
        CPPUNIT_ASSERT_EQUAL(201, send(post("/api/video/rooms", R"({"name":"lobby"})")).status);
        Request r = post("/api/video/room_tokens", R"({"room_name":"r"})");
        r.auth = false;
        CPPUNIT_ASSERT_EQUAL(401, send(r).status);
    }

    void validationMode()
    {
        _fake->setMode(FakeSignalWire::Mode::Validation);
        _fake->setValidationMessage("Room quota exceeded");
        auto e = onlyError(send(post("/api/video/rooms", R"({"name":"lobby"})")));
        CPPUNIT_ASSERT_EQUAL(std::string("Room quota exceeded"),
                             e->getValue<std::string>("message"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_parameter"), e->getValue<std::string>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("name"), e->getValue<std::string>("attribute"));
        e = onlyError(send(post("/api/video/room_tokens", R"({"room_name":"lobby"})")));
        CPPUNIT_ASSERT_EQUAL(std::string("Room quota exceeded"),
                             e->getValue<std::string>("message"));
        CPPUNIT_ASSERT_EQUAL(std::string("room_name"), e->getValue<std::string>("attribute"));
        CPPUNIT_ASSERT_EQUAL(std::string("Room quota exceeded"),
                             message(send(get("/api/video/rooms/lobby"))));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), _fake->roomCount());
        CPPUNIT_ASSERT_EQUAL(404, send(get("/api/video/other")).status);
    }

    void callsAreRecordedWithBodies()
    {
        send(get("/api/video/rooms/lobby"));
        const std::string body = R"({"name":"lobby","max_members":5})";
        send(post("/api/video/rooms", body));
        Request anonymous = post("/api/video/room_tokens", "{not json");
        anonymous.auth = false;
        anonymous.contentType = "text/plain";
        send(anonymous);

        const auto calls = _fake->calls();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), calls.size());
        Poco::Net::HTTPRequest expected;
        Poco::Net::HTTPBasicCredentials(project, apiToken).authenticate(expected);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), calls[0].method);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/video/rooms/lobby"), calls[0].path);
        CPPUNIT_ASSERT_EQUAL(expected.get("Authorization"), calls[0].authorization);
        CPPUNIT_ASSERT_EQUAL(std::string(""), calls[0].body);
        CPPUNIT_ASSERT(calls[0].json.isNull());

        CPPUNIT_ASSERT_EQUAL(std::string("POST"), calls[1].method);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/video/rooms"), calls[1].path);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), calls[1].contentType);
        CPPUNIT_ASSERT_EQUAL(body, calls[1].body);
        CPPUNIT_ASSERT(calls[1].json);
        CPPUNIT_ASSERT_EQUAL(5, calls[1].json->getValue<int>("max_members"));

        CPPUNIT_ASSERT_EQUAL(std::string(""), calls[2].authorization);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain"), calls[2].contentType);
        CPPUNIT_ASSERT_EQUAL(std::string("{not json"), calls[2].body);
        CPPUNIT_ASSERT(calls[2].json.isNull());

        _fake->clearCalls();
        CPPUNIT_ASSERT(_fake->calls().empty());
        send(get("/api/video/rooms/lobby"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), _fake->calls().size());
    }

    void concurrentCallsAreAllServed()
    {
        std::vector<std::thread> threads;
        std::vector<int> statuses(8, 0);
        for (int i = 0; i < 8; ++i)
            threads.emplace_back(
                [this, i, &statuses]
                {
                    try
                    {
                        statuses[i] = send(post("/api/video/rooms",
                                                R"({"name":"room-)" + std::to_string(i) + R"("})"))
                                          .status;
                    }
                    catch (...)
                    {
                        statuses[i] = -1;
                    }
                });
        for (auto& t : threads)
            t.join();
        for (int status : statuses)
            CPPUNIT_ASSERT_EQUAL(201, status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), _fake->roomCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), _fake->calls().size());
    }

    void clientWithoutTestCaFailsVerification()
    {
        // No CA at all, then the system's store: neither knows the test CA.
        for (bool systemStore : {false, true})
        {
            Poco::Net::Context::Ptr untrusting =
                new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, "", "", "",
                                       Poco::Net::Context::VERIFY_RELAXED, 9, systemStore);
            CPPUNIT_ASSERT_THROW(exchange(*_fake, untrusting, get("/api/video/rooms/lobby")),
                                 Poco::Net::SSLException);
        }
        // Another test CA's certificate is no better.
        TempDir otherDir;
        TestCa other(otherDir.file("ca"));
        CPPUNIT_ASSERT_THROW(exchange(*_fake, other.clientContext(), get("/api/video/rooms/lobby")),
                             Poco::Net::SSLException);
        // Nothing got through to HTTP.
        CPPUNIT_ASSERT(_fake->calls().empty());
        CPPUNIT_ASSERT_EQUAL(404, send(get("/api/video/rooms/lobby")).status);
    }

    void strictClientAcceptsBothNames()
    {
        // VERIFY_STRICT also checks the host name (Poco 1.11 skips that for
        // loopback names in VERIFY_RELAXED): the SAN covers both.
        Poco::Net::Context::Ptr strict =
            new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, "", "", _ca->caFile(),
                                   Poco::Net::Context::VERIFY_STRICT, 9, false);
        for (const std::string host : {"127.0.0.1", "localhost"})
        {
            Request r = get("/api/video/rooms/lobby");
            r.host = host;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(host, 404, exchange(*_fake, strict, r).status);
        }
    }

    void stoppedFakeRefusesConnections()
    {
        CPPUNIT_ASSERT_EQUAL(404, send(get("/api/video/rooms/lobby")).status);
        _fake->stop();
        _fake->stop();
        CPPUNIT_ASSERT_THROW(send(get("/api/video/rooms/lobby")), Poco::Net::NetException);
        CPPUNIT_ASSERT_EQUAL("https://127.0.0.1:" + std::to_string(_fake->port()),
                             _fake->baseUrl());
    }

    void caFailureShowsOpensslOutput()
    {
        const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
        ::setenv("PATH", "/nonexistent", 1);
        std::string error;
        try
        {
            TestCa ca(_dir->file("broken"));
        }
        catch (const std::runtime_error& e)
        {
            error = e.what();
        }
        ::setenv("PATH", path.c_str(), 1);
        CPPUNIT_ASSERT_MESSAGE(error, error.find("openssl req") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(error, error.find("exit 127") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(error, error.find("not found") != std::string::npos);
    }

private:
    std::unique_ptr<TempDir> _dir;
    std::unique_ptr<TestCa> _ca;
    std::unique_ptr<FakeSignalWire> _fake;
    Poco::Net::Context::Ptr _tls;
};

CPPUNIT_TEST_SUITE_REGISTRATION(FakeSignalWireTest);
