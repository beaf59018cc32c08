// The room and user a page or token request asks for: defaults, the
// plugin's generated names, and every refusal naming its parameter.
#include "http/RoomQuery.h"
#include "Poco/Net/HTTPRequest.h"
#include "roles/PluginCall.h"
#include "roles/Role.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>
#include <stdexcept>

using namespace rolecall;

namespace
{

/// A plugin whose generated user name is `generated`; throws if that is "throw".
class NamingPlugin : public RolePlugin
{
public:
    explicit NamingPlugin(std::string generated) : _generated(std::move(generated)) {}
    std::string name() const override { return "naming"; }
    std::string defaultRoute() const override { return "/naming"; }
    std::string label() const override { return "Naming"; }
    std::vector<std::string> permissions() const override { return {}; }
    std::string templateName() const override { return "guest.html"; }
    std::string makeUserName() const override
    {
        if (_generated == "throw")
            throw std::runtime_error("no names today");
        return _generated;
    }

private:
    std::string _generated;
};

Role roleNaming(const std::string& generated)
{
    Role role;
    role.name = "visitor";
    role.pluginName = "naming";
    role.plugin = std::make_shared<NamingPlugin>(generated);
    return role;
}

Poco::Net::HTMLForm form(const std::string& query)
{
    return RoomQuery::form(Poco::Net::HTTPRequest("GET", "/page?" + query));
}

/// The parameter a BadParameter names and its message, or "accepted".
std::string refusal(const std::string& query, const std::string& generated = "user_1")
{
    try
    {
        RoomQuery::parse(form(query), "Main_Office", roleNaming(generated));
    }
    catch (const BadParameter& e)
    {
        return e.parameter() + ": " + e.what();
    }
    return "accepted";
}

} // namespace

class RoomQueryTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RoomQueryTest);
    CPPUNIT_TEST(givenRoomAndUserAreTaken);
    CPPUNIT_TEST(defaultRoomAndGeneratedUserFillGaps);
    CPPUNIT_TEST(emptyValuesAreRefusedNotDefaulted);
    CPPUNIT_TEST(badRoomAndUserNameTheirParameter);
    CPPUNIT_TEST(aParameterGivenTwiceIsRefused);
    CPPUNIT_TEST(brokenEscapesNameTheirParameter);
    CPPUNIT_TEST(aGeneratedNameMustBeValidToo);
    CPPUNIT_TEST(aThrowingPluginIsAPluginFailure);
    CPPUNIT_TEST(singleIsEmptyWhenAbsent);
    CPPUNIT_TEST_SUITE_END();

public:
    void givenRoomAndUserAreTaken()
    {
        const RoomQuery q =
            RoomQuery::parse(form("room=Reception&user=Ann%20Lee"), "Main_Office", roleNaming("x"));
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), q.room);
        CPPUNIT_ASSERT_EQUAL(std::string("Ann Lee"), q.user);
    }

    void defaultRoomAndGeneratedUserFillGaps()
    {
        const RoomQuery q = RoomQuery::parse(form("other=1"), "Lobby", roleNaming("agent_7"));
        CPPUNIT_ASSERT_EQUAL(std::string("Lobby"), q.room);
        CPPUNIT_ASSERT_EQUAL(std::string("agent_7"), q.user);
    }

    // "room=" says a room, an empty one: refused, not replaced by the default.
    void emptyValuesAreRefusedNotDefaulted()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("room"), refusal("room=").substr(0, 4));
        CPPUNIT_ASSERT_EQUAL(std::string("user"), refusal("room=R&user=").substr(0, 4));
    }

    void badRoomAndUserNameTheirParameter()
    {
        for (const char* room : {"two%20words", "a/b", "caf%C3%A9", "%3Cx%3E"})
        {
            const std::string why = refusal(std::string("room=") + room);
            CPPUNIT_ASSERT_MESSAGE(why, why.find("room: parameter 'room' ") == 0);
        }
        CPPUNIT_ASSERT(refusal("room=" + std::string(101, 'r')).find("room: ") == 0);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), refusal("room=" + std::string(100, 'r')));
        for (const char* user : {"a%00b", "tab%09here", "%1B%5B31m"})
        {
            const std::string why = refusal(std::string("room=R&user=") + user);
            CPPUNIT_ASSERT_MESSAGE(why, why.find("user: parameter 'user' ") == 0);
        }
        CPPUNIT_ASSERT(refusal("user=" + std::string(101, 'u')).find("user: ") == 0);
    }

    void aParameterGivenTwiceIsRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("room: parameter 'room' is given more than once"),
                             refusal("room=A&room=B"));
        CPPUNIT_ASSERT_EQUAL(std::string("user: parameter 'user' is given more than once"),
                             refusal("user=A&room=R&user=A"));
        // Names are matched as HTMLForm matches them: whatever the case.
        CPPUNIT_ASSERT_EQUAL(std::string("room: parameter 'room' is given more than once"),
                             refusal("room=A&ROOM=B"));
    }

    void brokenEscapesNameTheirParameter()
    {
        const auto broken = [](const std::string& query)
        {
            try
            {
                form(query);
            }
            catch (const BadParameter& e)
            {
                return e.parameter() + ": " + e.what();
            }
            return std::string("accepted");
        };
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "user: parameter 'user' has a malformed %-escape (use %XX with hex digits)"),
            broken("room=R&user=%zz"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("(name): parameter '(name)' has a malformed %-escape in its name"),
            broken("room=R&%zz=1"));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), broken("room=R&user=%41"));
        // More fields than HTMLForm takes (100): its refusal, as a BadParameter.
        std::string many = "room=R";
        for (int i = 0; i < 100; ++i)
            many += "&f" + std::to_string(i) + "=1";
        const std::string tooMany = broken(many);
        CPPUNIT_ASSERT_MESSAGE(tooMany,
                               tooMany.find("(query): parameter '(query)' is malformed (") == 0);
    }

    void aGeneratedNameMustBeValidToo()
    {
        CPPUNIT_ASSERT(refusal("room=R", "").find("user: ") == 0);
        CPPUNIT_ASSERT(refusal("room=R", std::string(101, 'g')).find("user: ") == 0);
    }

    void aThrowingPluginIsAPluginFailure()
    {
        try
        {
            RoomQuery::parse(form("room=R"), "Main_Office", roleNaming("throw"));
            CPPUNIT_FAIL("a throwing plugin made a name");
        }
        catch (const PluginFailure& e)
        {
            CPPUNIT_ASSERT_EQUAL(
                std::string(
                    "role 'visitor' (plugin naming) failed in makeUserName(): no names today"),
                std::string(e.what()));
        }
        // A name in the URL needs no plugin.
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), refusal("room=R&user=Ann", "throw"));
    }

    void singleIsEmptyWhenAbsent()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), RoomQuery::single(form("a=1"), "role"));
        CPPUNIT_ASSERT_EQUAL(std::string("guest"), RoomQuery::single(form("role=guest"), "role"));
        CPPUNIT_ASSERT_THROW(RoomQuery::single(form("role=a&role=b"), "role"), BadParameter);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RoomQueryTest);
