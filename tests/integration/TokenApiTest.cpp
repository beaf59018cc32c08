// GET /api/token: the room grant of a role as JSON, and its JSON refusals.
#include "Poco/JSON/Parser.h"
#include "support/SharedServerFixture.h"
#include "support/TokenClaims.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

Poco::JSON::Object::Ptr parseObject(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

class TokenApiTest : public SharedServerFixture<TokenApiTest>
{
    CPPUNIT_TEST_SUITE(TokenApiTest);
    CPPUNIT_TEST(guestTokenAnswersJsonGrant);
    CPPUNIT_TEST(guestTokenVerifiesWithMatchingClaims);
    CPPUNIT_TEST(missingRoleIs400NamingRole);
    CPPUNIT_TEST(unknownRoleIs404Json);
    CPPUNIT_TEST(badRoomIs400NamingRoom);
    CPPUNIT_TEST(malformedRoomEscapeIs400NamingRoom);
    CPPUNIT_TEST(badUserIs400NamingUser);
    CPPUNIT_TEST(tooManyFieldsIs400Json);
    CPPUNIT_TEST_SUITE_END();

public:
    void guestTokenAnswersJsonGrant()
    {
        const HttpReply reply = get("/api/token?role=guest&room=R&user=U");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.getContentType());
        const auto body = parseObject(reply.body);
        CPPUNIT_ASSERT(!body->getValue<std::string>("token").empty());
        CPPUNIT_ASSERT_EQUAL(std::string("R"), body->getValue<std::string>("room"));
        CPPUNIT_ASSERT_EQUAL(std::string("U"), body->getValue<std::string>("user"));
        CPPUNIT_ASSERT_EQUAL(std::string("guest"), body->getValue<std::string>("role"));
        CPPUNIT_ASSERT_EQUAL(commaList(guestPermissions), commaList(body->getArray("permissions")));
        CPPUNIT_ASSERT_EQUAL(std::string("embedded"), body->getValue<std::string>("backend"));
    }

    void guestTokenVerifiesWithMatchingClaims()
    {
        const auto body = parseObject(get("/api/token?role=guest&room=R&user=U").body);
        checkTokenClaims(body->getValue<std::string>("token"),
                         {"R", "U", "guest", guestPermissions});
    }

    void missingRoleIs400NamingRole()
    {
        const auto error = expectJsonError("/api/token?room=R&user=U", 400);
        const bool named =
            error->optValue<std::string>("parameter", "") == "role" ||
            error->getValue<std::string>("message").find("role") != std::string::npos;
        CPPUNIT_ASSERT_MESSAGE("the error does not name 'role'", named);
    }

    void unknownRoleIs404Json()
    {
        const auto error = expectJsonError("/api/token?role=janitor&room=R&user=U", 404);
        CPPUNIT_ASSERT(!error->getValue<std::string>("message").empty());
    }

    void badRoomIs400NamingRoom()
    {
        const auto error = expectJsonError("/api/token?role=guest&room=a%20b&user=U", 400);
        CPPUNIT_ASSERT_EQUAL(std::string("room"), error->getValue<std::string>("parameter"));
    }

    void malformedRoomEscapeIs400NamingRoom()
    {
        const auto error = expectJsonError("/api/token?role=guest&room=%ZZ&user=U", 400);
        CPPUNIT_ASSERT_EQUAL(std::string("room"), error->optValue<std::string>("parameter", ""));
    }

    void badUserIs400NamingUser()
    {
        const auto error = expectJsonError("/api/token?role=guest&room=R&user=", 400);
        CPPUNIT_ASSERT_EQUAL(std::string("user"), error->getValue<std::string>("parameter"));
    }

    // Poco's form parser refuses more than 100 fields: the same 400 as a page gives.
    void tooManyFieldsIs400Json()
    {
        std::string target = "/api/token?role=guest&room=R";
        for (int i = 0; i < 101; ++i)
            target += "&f" + std::to_string(i) + "=1";
        const auto error = expectJsonError(target, 400);
        CPPUNIT_ASSERT(error->getValue<std::string>("message").find("malformed") !=
                       std::string::npos);
    }

private:
    /// GET `target` answers `status` with {"error": {...}} as JSON and no token.
    Poco::JSON::Object::Ptr expectJsonError(const std::string& target, int status)
    {
        const HttpReply reply = get(target);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(target, status, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.getContentType());
        const auto body = parseObject(reply.body);
        CPPUNIT_ASSERT(!body->has("token"));
        const auto error = body->getObject("error");
        CPPUNIT_ASSERT_MESSAGE(reply.body, error);
        CPPUNIT_ASSERT_EQUAL(status, error->getValue<int>("status"));
        return error;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TokenApiTest);
