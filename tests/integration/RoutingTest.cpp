// What the router answers outside the role pages' own logic: /api/roles,
// /healthz, unknown paths, other methods, HEAD.
#include "Poco/JSON/Parser.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "support/SharedServerFixture.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

std::string joined(const Poco::JSON::Array::Ptr& array)
{
    CPPUNIT_ASSERT(array);
    std::string out;
    for (std::size_t i = 0; i < array->size(); ++i)
        out += (i ? "," : "") + array->getElement<std::string>(i);
    return out;
}

/// Everything the server sends for `request` until it closes the connection.
std::string rawExchange(unsigned short port, const std::string& request)
{
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    std::string answer;
    char buffer[4096];
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;)
        answer.append(buffer, static_cast<std::size_t>(n));
    return answer;
}

} // namespace

class RoutingTest : public SharedServerFixture<RoutingTest>
{
    CPPUNIT_TEST_SUITE(RoutingTest);
    CPPUNIT_TEST(apiRolesListsBothRoles);
    CPPUNIT_TEST(healthzAnswersOk);
    CPPUNIT_TEST(unknownPathIs404);
    CPPUNIT_TEST(unknownApiPathIs404Json);
    CPPUNIT_TEST(postIs405WithAllowHeader);
    CPPUNIT_TEST(headOnRolePageSendsNoBody);
    CPPUNIT_TEST_SUITE_END();

public:
    void apiRolesListsBothRoles()
    {
        const HttpReply reply = httpGet(port(), "/api/roles");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.getContentType());
        const auto body = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        const auto roles = body->getArray("roles");
        CPPUNIT_ASSERT(roles);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), roles->size());

        const auto moderator = roles->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("moderator"), moderator->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), moderator->getValue<std::string>("route"));
        CPPUNIT_ASSERT_EQUAL(std::string("Moderator"), moderator->getValue<std::string>("label"));
        CPPUNIT_ASSERT_EQUAL(true, moderator->getValue<bool>("login_required"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("room.self.audio_mute,room.self.audio_unmute,room.self.video_mute,"
                        "room.self.video_unmute,room.member.audio_mute,room.member.audio_unmute,"
                        "room.member.video_mute,room.member.video_unmute,room.member.remove"),
            joined(moderator->getArray("permissions")));

        const auto guest = roles->getObject(1);
        CPPUNIT_ASSERT_EQUAL(std::string("guest"), guest->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("/guest"), guest->getValue<std::string>("route"));
        CPPUNIT_ASSERT_EQUAL(std::string("Regular User"), guest->getValue<std::string>("label"));
        CPPUNIT_ASSERT_EQUAL(false, guest->getValue<bool>("login_required"));
        CPPUNIT_ASSERT_EQUAL(std::string("room.self.audio_mute,room.self.audio_unmute,"
                                         "room.self.video_mute,room.self.video_unmute"),
                             joined(guest->getArray("permissions")));
    }

    void healthzAnswersOk()
    {
        const HttpReply reply = httpGet(port(), "/healthz");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        const auto body = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), body->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(2, body->getValue<int>("roles"));
    }

    void unknownPathIs404()
    {
        const HttpReply reply = httpGet(port(), "/no/such/page");
        CPPUNIT_ASSERT_EQUAL(404, reply.status);
        CPPUNIT_ASSERT(reply.body.find("id=\"error-message\"") != std::string::npos);
        // Routes match exactly: a prefix of a role's route is no page.
        CPPUNIT_ASSERT_EQUAL(404, httpGet(port(), "/guest/extra").status);
    }

    void unknownApiPathIs404Json()
    {
        const HttpReply reply = httpGet(port(), "/api/nothing");
        CPPUNIT_ASSERT_EQUAL(404, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.getContentType());
    }

    void postIs405WithAllowHeader()
    {
        const HttpReply reply = httpGet(port(), "/", {{"Content-Length", "0"}}, "POST");
        CPPUNIT_ASSERT_EQUAL(405, reply.status);
        CPPUNIT_ASSERT(reply.headers.has("Allow"));
        CPPUNIT_ASSERT(reply.headers.get("Allow").find("GET") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(405,
                             httpGet(port(), "/guest", {{"Content-Length", "0"}}, "DELETE").status);
    }

    void headOnRolePageSendsNoBody()
    {
        const HttpReply head = httpGet(port(), "/guest", {}, "HEAD");
        CPPUNIT_ASSERT_EQUAL(200, head.status);
        // On the wire: the status line and headers, then nothing at all.
        const std::string raw = rawExchange(
            port(), "HEAD /guest?room=Reception&user=Ann HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Connection: close\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(std::string("HTTP/1.1 200"), raw.substr(0, 12));
        const auto end = raw.find("\r\n\r\n");
        CPPUNIT_ASSERT(end != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string(), raw.substr(end + 4));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RoutingTest);
