// The moderator's page and token need an HTTP Basic login, and nothing about
// the role leaks before the login succeeds.
#include "Poco/JSON/Parser.h"
#include "support/SharedServerFixture.h"
#include <cppunit/extensions/HelperMacros.h>

class AccessControlTest : public SharedServerFixture<AccessControlTest>
{
    CPPUNIT_TEST_SUITE(AccessControlTest);
    CPPUNIT_TEST(pageWithoutCredentialsIsChallengedAndRevealsNothing);
    CPPUNIT_TEST(pageWithWrongPasswordIsRefused);
    CPPUNIT_TEST(pageWithUnknownUserIsRefused);
    CPPUNIT_TEST(pageWithRightPasswordIsServed);
    CPPUNIT_TEST(tokenApiWithoutCredentialsAnswers401Json);
    CPPUNIT_TEST(tokenApiWithRightPasswordIssuesModeratorToken);
    CPPUNIT_TEST_SUITE_END();

public:
    void pageWithoutCredentialsIsChallengedAndRevealsNothing()
    {
        const HttpReply reply = get("/?room=Reception&user=Boss");
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        CPPUNIT_ASSERT(reply.headers.has("WWW-Authenticate"));
        CPPUNIT_ASSERT_EQUAL(std::string("Basic realm="),
                             reply.headers.get("WWW-Authenticate").substr(0, 12));
        expectNothingRevealed(reply.body);
    }

    void pageWithWrongPasswordIsRefused()
    {
        const HttpReply reply = get("/", basicAuth(moderatorUser, "mod-password-2"));
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        CPPUNIT_ASSERT(reply.headers.has("WWW-Authenticate"));
        expectNothingRevealed(reply.body);
    }

    void pageWithUnknownUserIsRefused()
    {
        const HttpReply reply = get("/", basicAuth("guest", moderatorPassword));
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        expectNothingRevealed(reply.body);
    }

    void pageWithRightPasswordIsServed()
    {
        // A refused attempt first: it must not spoil the right one after it.
        CPPUNIT_ASSERT_EQUAL(401, get("/", basicAuth(moderatorUser, "wrong-password")).status);
        const HttpReply reply =
            get("/?room=Reception", basicAuth(moderatorUser, moderatorPassword));
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT(reply.body.find("id=\"role-label\">Moderator<") != std::string::npos);
    }

    void tokenApiWithoutCredentialsAnswers401Json()
    {
        const HttpReply reply = get("/api/token?role=moderator&room=Reception&user=Boss");
        CPPUNIT_ASSERT_EQUAL(401, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.getContentType());
        const auto body = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT(!body->has("token"));
        const auto error = body->getObject("error");
        CPPUNIT_ASSERT(error);
        CPPUNIT_ASSERT_EQUAL(401, error->getValue<int>("status"));
        expectNothingRevealed(reply.body);
    }

    void tokenApiWithRightPasswordIssuesModeratorToken()
    {
        const HttpReply reply = get("/api/token?role=moderator&room=Reception&user=Boss",
                                    basicAuth(moderatorUser, moderatorPassword));
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        const auto body = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("moderator"), body->getValue<std::string>("role"));
        CPPUNIT_ASSERT(!body->getValue<std::string>("token").empty());
    }

private:
    /// No label, permission or token of the protected role in a refusal.
    static void expectNothingRevealed(const std::string& body)
    {
        for (const char* secret : {"Moderator", "room.self.", "room.member.", "token", "Boss"})
            CPPUNIT_ASSERT_MESSAGE(std::string("refusal reveals '") + secret + "'",
                                   body.find(secret) == std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccessControlTest);
