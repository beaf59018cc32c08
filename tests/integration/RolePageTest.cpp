// The role pages a running server renders: what they show, the config JSON
// they carry for the browser, and the room token inside it.
#include "Poco/JSON/Parser.h"
#include "Poco/RegularExpression.h"
#include "support/SharedServerFixture.h"
#include "support/TokenClaims.h"
#include <cppunit/extensions/HelperMacros.h>

namespace
{

Poco::JSON::Object::Ptr pageConfig(const std::string& page)
{
    const std::string json = pageConfigJson(page);
    CPPUNIT_ASSERT_MESSAGE("page has no rolecall-config script", !json.empty());
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

bool matches(const std::string& pattern, const std::string& text)
{
    return Poco::RegularExpression(pattern).match(text);
}

} // namespace

class RolePageTest : public SharedServerFixture<RolePageTest>
{
    CPPUNIT_TEST_SUITE(RolePageTest);
    CPPUNIT_TEST(guestPageShowsRoomUserAndLabel);
    CPPUNIT_TEST(guestPageConfigJsonDescribesGuestGrant);
    CPPUNIT_TEST(guestPageTokenVerifiesWithMatchingClaims);
    CPPUNIT_TEST(missingRoomDefaultsToMainOffice);
    CPPUNIT_TEST(missingUserGetsGeneratedName);
    CPPUNIT_TEST(moderatorPageWithLoginHasNinePermissions);
    CPPUNIT_TEST(onlyModeratorPageHasMuteAllControl);
    CPPUNIT_TEST_SUITE_END();

public:
    void guestPageShowsRoomUserAndLabel()
    {
        const HttpReply reply = get("/guest?room=Reception&user=Ann");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/html"), reply.headers.getContentType().substr(0, 9));
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), elementText(reply.body, "room-name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Ann"), elementText(reply.body, "user-name"));
        CPPUNIT_ASSERT_EQUAL(std::string("Regular User"), elementText(reply.body, "role-label"));
    }

    void guestPageConfigJsonDescribesGuestGrant()
    {
        const HttpReply reply = get("/guest?room=Reception&user=Ann");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        const auto config = pageConfig(reply.body);
        CPPUNIT_ASSERT(!config->getValue<std::string>("token").empty());
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), config->getValue<std::string>("room"));
        CPPUNIT_ASSERT_EQUAL(std::string("Ann"), config->getValue<std::string>("user"));
        CPPUNIT_ASSERT_EQUAL(std::string("guest"), config->getValue<std::string>("role"));
        CPPUNIT_ASSERT_EQUAL(commaList(guestPermissions),
                             commaList(config->getArray("permissions")));
        CPPUNIT_ASSERT_EQUAL(std::string("embedded"), config->getValue<std::string>("backend"));
        const auto connection = config->getObject("connection");
        CPPUNIT_ASSERT(connection);
        CPPUNIT_ASSERT_EQUAL(std::string("/ws"), connection->getValue<std::string>("signaling"));
    }

    void guestPageTokenVerifiesWithMatchingClaims()
    {
        const auto config = pageConfig(get("/guest?room=Reception&user=Ann").body);
        checkTokenClaims(config->getValue<std::string>("token"),
                         {"Reception", "Ann", "guest", guestPermissions});
    }

    void missingRoomDefaultsToMainOffice()
    {
        const HttpReply reply = get("/guest?user=Ann");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Main_Office"), elementText(reply.body, "room-name"));
        const auto config = pageConfig(reply.body);
        CPPUNIT_ASSERT_EQUAL(std::string("Main_Office"), config->getValue<std::string>("room"));
        checkTokenClaims(config->getValue<std::string>("token"),
                         {"Main_Office", "Ann", "guest", guestPermissions});
    }

    void missingUserGetsGeneratedName()
    {
        const HttpReply reply = get("/guest?room=Reception");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        const std::string shown = elementText(reply.body, "user-name");
        CPPUNIT_ASSERT_MESSAGE(shown, matches("^user_[0-9]{4}$", shown));
        const auto config = pageConfig(reply.body);
        CPPUNIT_ASSERT_EQUAL(shown, config->getValue<std::string>("user"));
        checkTokenClaims(config->getValue<std::string>("token"),
                         {"Reception", shown, "guest", guestPermissions});
    }

    void moderatorPageWithLoginHasNinePermissions()
    {
        const HttpReply reply =
            get("/?room=Reception&user=Boss", basicAuth(moderatorUser, moderatorPassword));
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Moderator"), elementText(reply.body, "role-label"));
        CPPUNIT_ASSERT_EQUAL(std::string("Boss"), elementText(reply.body, "user-name"));
        const auto config = pageConfig(reply.body);
        CPPUNIT_ASSERT_EQUAL(std::string("moderator"), config->getValue<std::string>("role"));
        CPPUNIT_ASSERT_EQUAL(commaList(moderatorPermissions),
                             commaList(config->getArray("permissions")));
        checkTokenClaims(config->getValue<std::string>("token"),
                         {"Reception", "Boss", "moderator", moderatorPermissions});
    }

    void onlyModeratorPageHasMuteAllControl()
    {
        const HttpReply guest = get("/guest?room=Reception&user=Ann");
        const HttpReply moderator =
            get("/?room=Reception&user=Boss", basicAuth(moderatorUser, moderatorPassword));
        CPPUNIT_ASSERT_EQUAL(200, guest.status);
        CPPUNIT_ASSERT_EQUAL(200, moderator.status);
        CPPUNIT_ASSERT(guest.body.find("Mute all") == std::string::npos);
        CPPUNIT_ASSERT(guest.body.find("data-all=") == std::string::npos);
        CPPUNIT_ASSERT(moderator.body.find(" Mute all</button>") != std::string::npos);
        CPPUNIT_ASSERT(moderator.body.find("data-all=\"audioMute\"") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RolePageTest);
