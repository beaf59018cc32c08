// A hostile user name can neither close the config <script> nor break out of
// an HTML attribute: the page shows it escaped, and the config JSON still
// carries it unchanged. Nor can a hostile parameter name on an error page.
#include "Poco/JSON/Parser.h"
#include "Poco/URI.h"
#include "support/SharedServerFixture.h"
#include "support/TokenClaims.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

std::size_t count(const std::string& text, const std::string& piece)
{
    std::size_t n = 0;
    for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1))
        ++n;
    return n;
}

} // namespace

class PageEscapingTest : public SharedServerFixture<PageEscapingTest>
{
    CPPUNIT_TEST_SUITE(PageEscapingTest);
    CPPUNIT_TEST(scriptClosingUserNameIsEscaped);
    CPPUNIT_TEST(attributeBreakingUserNameIsEscaped);
    CPPUNIT_TEST(hostileParameterNameIsEscapedOnErrorPage);
    CPPUNIT_TEST_SUITE_END();

public:
    void scriptClosingUserNameIsEscaped()
    {
        const std::string user = "</script><script>alert(1)</script>";
        const HttpReply reply = pageFor(user);
        CPPUNIT_ASSERT(reply.body.find(user) == std::string::npos);
        CPPUNIT_ASSERT(reply.body.find("<script>alert(1)") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
                             elementText(reply.body, "user-name"));
        // Every <script> the page opens is closed once: the payload adds none.
        CPPUNIT_ASSERT_EQUAL(count(reply.body, "<script"), count(reply.body, "</script>"));
        expectConfigCarries(reply.body, user);
    }

    void attributeBreakingUserNameIsEscaped()
    {
        const std::string user = "\"><img src=x onerror=alert(1)>";
        const HttpReply reply = pageFor(user);
        CPPUNIT_ASSERT(reply.body.find(user) == std::string::npos);
        CPPUNIT_ASSERT(reply.body.find("<img src=x") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
                             elementText(reply.body, "user-name"));
        expectConfigCarries(reply.body, user);
    }

    // An error page may quote a parameter's name: the name is request data too.
    void hostileParameterNameIsEscapedOnErrorPage()
    {
        for (const char* target : {"/guest?room=Reception&%3Cimg%20src%3Dx%3E=%ZZ",
                                   "/guest?room=Reception&%3Cimg%20src%3Dx%3E=1&user=%FF"})
        {
            const HttpReply reply = httpGet(port(), target);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 400, reply.status);
            CPPUNIT_ASSERT_MESSAGE(target, reply.body.find("<img src=x") == std::string::npos);
        }
        // JSON may carry it verbatim, but never as something a browser renders.
        const HttpReply json = httpGet(port(), "/api/token?role=guest&%3Cimg%20src%3Dx%3E=%ZZ");
        CPPUNIT_ASSERT_EQUAL(400, json.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), json.headers.getContentType());
        CPPUNIT_ASSERT_EQUAL(std::string("nosniff"),
                             json.headers.get("X-Content-Type-Options", ""));
    }

private:
    HttpReply pageFor(const std::string& user)
    {
        std::string encoded;
        Poco::URI::encode(user, "!#$&'()*+,/:;=?@[]\"<> ", encoded);
        const HttpReply reply = httpGet(port(), "/guest?room=Reception&user=" + encoded);
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        return reply;
    }

    /// The config JSON parses, and it and the token carry `user` unchanged.
    void expectConfigCarries(const std::string& page, const std::string& user)
    {
        const std::string json = pageConfigJson(page);
        CPPUNIT_ASSERT(!json.empty());
        CPPUNIT_ASSERT(json.find('<') == std::string::npos);
        const auto config = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(user, config->getValue<std::string>("user"));
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), config->getValue<std::string>("room"));
        checkTokenClaims(config->getValue<std::string>("token"),
                         {"Reception", user, "guest", guestPermissions});
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PageEscapingTest);
