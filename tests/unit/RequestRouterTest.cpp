// The router's rules, on requests made in memory: which requests are
// answered at once, which become work for a worker, which are upgraded, and
// every refusal (method, address, base path, token query, origin, metrics).
#include "http/RequestRouter.h"
#include "Poco/JSON/Parser.h"
#include "auth/Authenticator.h"
#include "metrics/Metrics.h"
#include "net/WebSocketListener.h"
#include "roles/RoleRegistry.h"
#include "support/LoadedConfig.h"
#include "support/LogCapture.h"
#include "support/TestConfig.h"
#include "support/TokenClaims.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>
#include <stdexcept>

using namespace rolecall;
using Kind = HttpService::Plan::Kind;

namespace
{

/// Admits everyone with a token naming the request, counting the calls; or
/// throws `failure` when it is set.
class RecordingBackend : public RoomBackend
{
public:
    std::string name() const override { return "embedded"; }
    Admission admit(const AdmissionRequest& request) override
    {
        ++calls;
        if (!failure.empty())
            throw std::runtime_error(failure);
        Admission admission;
        admission.token = roomToken(request.room, request.user, request.role == "moderator");
        admission.connection->set("signaling", "/ws");
        return admission;
    }
    int calls = 0;
    std::string failure;
};

/// Stands for the signaling: the router only hands it upgrades.
class NoSignaling : public WebSocketListener
{
public:
    void opened(ConnectionId, const Request&) override {}
    void message(ConnectionId, const std::string&) override {}
    void closed(ConnectionId, const std::string&) override {}
    void tick() override {}
};

std::shared_ptr<const Request> request(const std::string& target, const std::string& method = "GET",
                                       const std::string& from = "127.0.0.1")
{
    auto made = std::make_shared<Request>();
    made->head = Poco::Net::HTTPRequest(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    const auto question = target.find('?');
    made->path = target.substr(0, question);
    made->query = question == std::string::npos ? "" : target.substr(question + 1);
    made->clientAddress = from;
    return made;
}

std::shared_ptr<const Request> upgrade(const std::string& origin = "")
{
    auto made = std::const_pointer_cast<Request>(request("/ws"));
    made->head.set("Host", "meet.example.org");
    made->head.set("Upgrade", "websocket");
    made->head.set("Connection", "Upgrade");
    made->head.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    made->head.set("Sec-WebSocket-Version", "13");
    if (!origin.empty())
        made->head.set("Origin", origin);
    return made;
}

Poco::JSON::Object::Ptr jsonError(const Response& response)
{
    CPPUNIT_ASSERT_EQUAL(std::string("application/json"),
                         response.head.getContentType().substr(0, 16));
    return Poco::JSON::Parser()
        .parse(response.body)
        .extract<Poco::JSON::Object::Ptr>()
        ->getObject("error");
}

} // namespace

class RequestRouterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RequestRouterTest);
    CPPUNIT_TEST(cheapAnswersComeAtOnce);
    CPPUNIT_TEST(otherMethodsAre405NamingTheAllowedOnes);
    CPPUNIT_TEST(brokenEscapeInThePathIs400);
    CPPUNIT_TEST(unknownAddressesAre404PageOrJson);
    CPPUNIT_TEST(rolePageIsWorkThatAdmits);
    CPPUNIT_TEST(headGetsTheHeadersButAdmitsNobody);
    CPPUNIT_TEST(tokenQueryIsCheckedBeforeAnyWork);
    CPPUNIT_TEST(workThatThrowsIsA500AndALogLine);
    CPPUNIT_TEST(staticFilesAndFaviconAreWork);
    CPPUNIT_TEST(basePathMountsEveryRouteButHealthz);
    CPPUNIT_TEST(webSocketNeedsAHandshakeAndAnAllowedOrigin);
    CPPUNIT_TEST(webSocketIs404WithoutSignaling);
    CPPUNIT_TEST(metricsOnlyForAllowedAddresses);
    CPPUNIT_TEST(connectionLayerFailuresAreCounted);
    CPPUNIT_TEST_SUITE_END();

public:
    void cheapAnswersComeAtOnce()
    {
        for (const char* target : {"/healthz", "/api/roles", "/metrics"})
        {
            const auto plan = router().route(request(target));
            CPPUNIT_ASSERT_MESSAGE(target, plan.kind == Kind::Answer);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 200, int(plan.response.head.getStatus()));
        }
        CPPUNIT_ASSERT_EQUAL(0, backend.calls);
    }

    void otherMethodsAre405NamingTheAllowedOnes()
    {
        for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"})
        {
            const auto page = router().route(request("/guest", method));
            CPPUNIT_ASSERT(page.kind == Kind::Answer);
            CPPUNIT_ASSERT_EQUAL(405, int(page.response.head.getStatus()));
            CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD"), page.response.head.get("Allow"));
            CPPUNIT_ASSERT_EQUAL(std::string("text/html"),
                                 page.response.head.getContentType().substr(0, 9));
            // Under /api/ the refusal is JSON.
            const auto api = router().route(request("/api/token?role=guest", method));
            CPPUNIT_ASSERT_EQUAL(405, jsonError(api.response)->getValue<int>("status"));
        }
        CPPUNIT_ASSERT(router().route(request("/guest", "HEAD")).kind == Kind::Work);
    }

    void brokenEscapeInThePathIs400()
    {
        const auto plan = router().route(request("/gu%zzest"));
        CPPUNIT_ASSERT(plan.kind == Kind::Answer);
        CPPUNIT_ASSERT_EQUAL(400, int(plan.response.head.getStatus()));
        CPPUNIT_ASSERT(plan.response.body.find("not a valid URI") != std::string::npos);
    }

    void unknownAddressesAre404PageOrJson()
    {
        const auto page = router().route(request("/nowhere"));
        CPPUNIT_ASSERT_EQUAL(404, int(page.response.head.getStatus()));
        CPPUNIT_ASSERT_EQUAL(std::string("text/html"),
                             page.response.head.getContentType().substr(0, 9));
        const auto api = router().route(request("/api/nothing"));
        CPPUNIT_ASSERT_EQUAL(404, jsonError(api.response)->getValue<int>("status"));
        // A route is matched whole, after decoding: /guest/x and /Guest are not /guest.
        for (const char* target : {"/guest/x", "/Guest", "/guest%2F"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                target, 404, int(router().route(request(target)).response.head.getStatus()));
        CPPUNIT_ASSERT(router().route(request("/gu%65st")).kind == Kind::Work);
    }

    // Pages and tokens may be slow (logins, backends, plugins): they are
    // work, and nothing is admitted until a worker runs it.
    void rolePageIsWorkThatAdmits()
    {
        const auto page = router().route(request("/guest?room=Hall&user=Ann"));
        CPPUNIT_ASSERT(page.kind == Kind::Work);
        CPPUNIT_ASSERT_EQUAL(0, backend.calls);
        const Response done = page.work();
        CPPUNIT_ASSERT_EQUAL(200, int(done.head.getStatus()));
        CPPUNIT_ASSERT_EQUAL(1, backend.calls);

        const auto token = router().route(request("/api/token?role=guest&room=Hall&user=Ann"));
        CPPUNIT_ASSERT(token.kind == Kind::Work);
        const Response json = token.work();
        CPPUNIT_ASSERT_EQUAL(200, int(json.head.getStatus()));
        const auto body = Poco::JSON::Parser().parse(json.body).extract<Poco::JSON::Object::Ptr>();
        checkTokenClaims(body->getValue<std::string>("token"),
                         {"Hall", "Ann", "guest", guestPermissions});
        // Each counted by role and status once answered.
        CPPUNIT_ASSERT(metrics.text().find("role=\"guest\"") != std::string::npos);
    }

    // HEAD (link checkers, previews) gets GET's headers, with the login and
    // query still checked, but no room token is made for it.
    void headGetsTheHeadersButAdmitsNobody()
    {
        const Response page = router().route(request("/guest?room=Hall&user=Ann", "HEAD")).work();
        CPPUNIT_ASSERT_EQUAL(200, int(page.head.getStatus()));
        CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), page.head.getContentType());
        const Response token = router().route(request("/api/token?role=guest", "HEAD")).work();
        CPPUNIT_ASSERT_EQUAL(200, int(token.head.getStatus()));
        CPPUNIT_ASSERT_EQUAL(0, backend.calls);
        CPPUNIT_ASSERT_EQUAL(401,
                             int(router().route(request("/", "HEAD")).work().head.getStatus()));
        CPPUNIT_ASSERT_EQUAL(
            400, int(router().route(request("/guest?room=a%20b", "HEAD")).work().head.getStatus()));
        // The same GET admits.
        router().route(request("/guest?room=Hall&user=Ann")).work();
        CPPUNIT_ASSERT_EQUAL(1, backend.calls);
    }

    void tokenQueryIsCheckedBeforeAnyWork()
    {
        struct Case
        {
            const char* target;
            int status;
            const char* parameter;
        };
        for (const Case& c :
             {Case{"/api/token", 400, "role"}, Case{"/api/token?role=", 400, "role"},
              Case{"/api/token?role=guest&role=guest", 400, "role"},
              Case{"/api/token?role=%zz", 400, "role"}, Case{"/api/token?role=nobody", 404, ""}})
        {
            const auto plan = router().route(request(c.target));
            CPPUNIT_ASSERT_MESSAGE(c.target, plan.kind == Kind::Answer);
            const auto error = jsonError(plan.response);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.target, c.status, error->getValue<int>("status"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c.target, std::string(c.parameter),
                                         error->optValue<std::string>("parameter", ""));
        }
        CPPUNIT_ASSERT_EQUAL(0, backend.calls);
    }

    void workThatThrowsIsA500AndALogLine()
    {
        backend.failure = "the database caught fire";
        const Response page = router().route(request("/guest?room=Hall")).work();
        CPPUNIT_ASSERT_EQUAL(500, int(page.head.getStatus()));
        CPPUNIT_ASSERT(page.body.find("caught fire") == std::string::npos); // not shown
        CPPUNIT_ASSERT_MESSAGE(log.text(),
                               log.contains("page of role guest failed: the database caught fire"));
        const Response token = router().route(request("/api/token?role=guest")).work();
        CPPUNIT_ASSERT_EQUAL(500, jsonError(token)->getValue<int>("status"));
        CPPUNIT_ASSERT(log.contains("token for role guest failed: the database caught fire"));
    }

    void staticFilesAndFaviconAreWork()
    {
        const auto css = router().route(request("/static/rolecall.css"));
        CPPUNIT_ASSERT(css.kind == Kind::Work);
        CPPUNIT_ASSERT_EQUAL(200, int(css.work().head.getStatus()));
        // Browsers ask for /favicon.ico whatever the page says: the logo.
        const Response icon = router().route(request("/favicon.ico")).work();
        CPPUNIT_ASSERT_EQUAL(200, int(icon.head.getStatus()));
        CPPUNIT_ASSERT_EQUAL(std::string("image/svg+xml"), icon.head.getContentType());
        CPPUNIT_ASSERT_EQUAL(
            404, int(router().route(request("/static/nosuch.css")).work().head.getStatus()));
    }

    void basePathMountsEveryRouteButHealthz()
    {
        config.settings().basePath = "/meet";
        CPPUNIT_ASSERT(router().route(request("/meet/guest")).kind == Kind::Work);
        CPPUNIT_ASSERT(router().route(request("/meet")).kind == Kind::Work); // the moderator's "/"
        CPPUNIT_ASSERT_EQUAL(
            200, int(router().route(request("/meet/healthz")).response.head.getStatus()));
        // The monitor's /healthz also at the root; nothing else is.
        CPPUNIT_ASSERT_EQUAL(200,
                             int(router().route(request("/healthz")).response.head.getStatus()));
        for (const char* outside : {"/guest", "/meeting/guest", "/", "/meetguest"})
        {
            const auto plan = router().route(request(outside));
            CPPUNIT_ASSERT_MESSAGE(outside, plan.kind == Kind::Answer);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(outside, 404, int(plan.response.head.getStatus()));
        }
    }

    void webSocketNeedsAHandshakeAndAnAllowedOrigin()
    {
        config.settings().allowedOrigins = {"https://Other.Example.org"};
        NoSignaling signaling;
        // No Upgrade headers (a proxy that drops them): 400, and the log says so.
        const auto plain = router(&signaling).route(request("/ws"));
        CPPUNIT_ASSERT_EQUAL(400, jsonError(plain.response)->getValue<int>("status"));
        CPPUNIT_ASSERT(log.contains("came without Upgrade headers"));
        // A page of another origin may not drive a visitor's room connection.
        const auto foreign = router(&signaling).route(upgrade("https://evil.example"));
        CPPUNIT_ASSERT_EQUAL(403, jsonError(foreign.response)->getValue<int>("status"));
        CPPUNIT_ASSERT(log.contains("Origin https://evil.example is not this server's"));
        // Its own origin (either scheme), an allowed one (any case), or none (no browser).
        for (const char* origin : {"https://meet.example.org", "http://meet.example.org",
                                   "https://other.example.org", ""})
        {
            const auto plan = router(&signaling).route(upgrade(origin));
            CPPUNIT_ASSERT_MESSAGE(origin, plan.kind == Kind::Upgrade);
            CPPUNIT_ASSERT(plan.listener == &signaling);
        }
    }

    void webSocketIs404WithoutSignaling()
    {
        const auto plan = router(nullptr).route(upgrade());
        CPPUNIT_ASSERT(plan.kind == Kind::Answer);
        CPPUNIT_ASSERT_EQUAL(404, int(plan.response.head.getStatus()));
    }

    void metricsOnlyForAllowedAddresses()
    {
        config.settings().metricsAllow = {"10.0.0.0/8"};
        const auto allowed = router().route(request("/metrics", "GET", "10.1.2.3"));
        CPPUNIT_ASSERT_EQUAL(200, int(allowed.response.head.getStatus()));
        CPPUNIT_ASSERT(allowed.response.body.find("rolecall_") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), allowed.response.head.get("Cache-Control"));
        const auto refused = router().route(request("/metrics", "GET", "127.0.0.1"));
        CPPUNIT_ASSERT_EQUAL(403, jsonError(refused.response)->getValue<int>("status"));
        CPPUNIT_ASSERT(log.contains("refused GET /metrics from 127.0.0.1"));
        config.settings().metricsAllow.clear(); // the endpoint is off
        const auto off = router().route(request("/metrics"));
        CPPUNIT_ASSERT_EQUAL(404, jsonError(off.response)->getValue<int>("status"));
    }

    void connectionLayerFailuresAreCounted()
    {
        RequestRouter& r = router();
        for (int status : {503, 408, 413, 431})
            CPPUNIT_ASSERT_EQUAL(status, int(r.failure(status, "no").head.getStatus()));
        const std::string text = metrics.text();
        for (const char* limit : {"server_busy", "request_timeout", "request_too_large"})
            CPPUNIT_ASSERT_MESSAGE(limit, text.find("limit=\"" + std::string(limit) + "\"") !=
                                              std::string::npos);
    }

private:
    LoadedConfig config{standardRoles()};
    RoleRegistry registry{config.roles()};
    RecordingBackend backend;
    LogCapture log;
    Metrics metrics;
    Authenticator authenticator{LoginLimits(), log.logger()};
    std::unique_ptr<ServerContext> context;
    std::unique_ptr<RequestRouter> _router;

    /// A router over the settings as they are now (it reads some once). The
    /// work of a plan refers to its router: run it before the next call.
    RequestRouter& router(WebSocketListener* signaling = nullptr)
    {
        context = std::make_unique<ServerContext>(ServerContext{
            config.settings(), registry, backend, authenticator, log.logger(), metrics, signaling});
        _router = std::make_unique<RequestRouter>(*context);
        return *_router;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequestRouterTest);
