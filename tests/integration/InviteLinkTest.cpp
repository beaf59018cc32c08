// Roles with auth = link over the real server: a good link opens the page
// with a room token; a missing, altered, malformed, expired, other room's or
// other role's link gets a 403 saying which; `rolecall link` prints a link
// the running server takes, and `rolecall link --revoke` is honoured at once;
// POST /api/invite makes links for logged-in roles holding room.member.remove.
#include "Poco/JSON/Parser.h"
#include "Poco/String.h"
#include "Poco/URI.h"
#include "support/ConfiguredServer.h"
#include "support/SharedServerFixture.h"
#include "tokens/InviteLinks.h"
#include "tokens/TokenIssuer.h"
#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>

namespace
{

constexpr Poco::Timestamp::TimeDiff second = 1000 * 1000;

// standardRoles() with the guest behind links, a presenter behind links, a
// logged-in role without room.member.remove, and an open role.
std::string linkRoles()
{
    std::string roles = standardRoles();
    roles.replace(roles.rfind("auth = none"), 11, "auth = link");
    const std::string marker = "credentials = ";
    const auto at = roles.find(marker) + marker.size();
    const std::string credentials = roles.substr(at, roles.find('\n', at) - at);
    return roles +
           "\n[role.presenter]\nplugin = presenter\nroute = /presenter\nauth = link\n\n"
           "[role.host]\nplugin = moderator\nroute = /host\n"
           "permissions = room.self.audio_mute, room.member.audio_mute\nauth = basic\n"
           "credentials = " +
           credentials + "\n\n[role.open]\nplugin = guest\nroute = /open\nauth = none\n";
}

Poco::JSON::Object::Ptr parse(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

class InviteLinkTest : public SharedServerFixture<InviteLinkTest>
{
    CPPUNIT_TEST_SUITE(InviteLinkTest);
    CPPUNIT_TEST(goodLinkServesThePageWithAToken);
    CPPUNIT_TEST(goodLinkServesTheTokenApi);
    CPPUNIT_TEST(missingLinkIsRefused);
    CPPUNIT_TEST(alteredLinkIsRefused);
    CPPUNIT_TEST(malformedLinkIsRefused);
    CPPUNIT_TEST(expiredLinkIsRefused);
    CPPUNIT_TEST(otherRoomsLinkIsRefused);
    CPPUNIT_TEST(otherRolesLinkIsRefused);
    CPPUNIT_TEST(otherServersLinkIsRefused);
    CPPUNIT_TEST(openRolesIgnoreLinks);
    CPPUNIT_TEST(commandPrintsALinkTheServerTakes);
    CPPUNIT_TEST(commandRefusesBadRequests);
    CPPUNIT_TEST(revokedLinkIsRefusedWithoutARestart);
    CPPUNIT_TEST(revokeAcceptsTheWholeLink);
    CPPUNIT_TEST(moderatorMakesLinksThroughTheApi);
    CPPUNIT_TEST(apiNeedsALoginWithThePermission);
    CPPUNIT_TEST(apiRefusesOtherOriginsAndMethods);
    CPPUNIT_TEST(apiRefusesBadParameters);
    CPPUNIT_TEST(moderatorPageOffersInviteLinks);
    CPPUNIT_TEST(noLinkRolesNoInviteControl);
    CPPUNIT_TEST_SUITE_END();

public:
    // Links start with the public address, whatever port the server got.
    static constexpr const char* publicUrl = "https://meet.example.org";

    static std::string serverConfig(const TempDir& dir)
    {
        return testConfig(0, dir.file("state"), linkRoles(),
                          std::string("public_url = ") + publicUrl + "\n");
    }

    void goodLinkServesThePageWithAToken()
    {
        const std::string link = apiLink("guest", "Reception");
        const HttpReply reply = get(link + "&user=Ann");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        const auto config = parse(pageConfigJson(reply.body));
        const rolecall::RoomGrant grant = rolecall::TokenIssuer(testSigningKey(), 600)
                                              .verify(config->getValue<std::string>("token"));
        CPPUNIT_ASSERT_EQUAL(std::string("guest"), grant.role);
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), grant.room);
        CPPUNIT_ASSERT_EQUAL(std::string("Ann"), grant.user);
        // Used again (a changed name reloads the page with the same link).
        CPPUNIT_ASSERT_EQUAL(200, get(link + "&user=Bob").status);
    }

    void goodLinkServesTheTokenApi()
    {
        const std::string link = apiLink("guest", "Reception");
        const std::string invite = link.substr(link.find("invite="));
        const HttpReply reply = get("/api/token?role=guest&room=Reception&" + invite);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        CPPUNIT_ASSERT(!parse(reply.body)->getValue<std::string>("token").empty());
        const HttpReply refused = get("/api/token?role=guest&room=Reception");
        CPPUNIT_ASSERT_EQUAL(403, refused.status);
        const auto error = parse(refused.body)->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("invite"), error->getValue<std::string>("parameter"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("This page needs an invite link. Ask a moderator for one."),
            error->getValue<std::string>("message"));
    }

    void missingLinkIsRefused()
    {
        expectRefused("/guest?room=Reception",
                      "This page needs an invite link. Ask a moderator for one.");
        expectRefused("/guest?room=Reception&invite=",
                      "This page needs an invite link. Ask a moderator for one.");
    }

    void alteredLinkIsRefused()
    {
        std::string link = apiLink("guest", "Reception");
        char& c = link[link.size() - 20]; // inside the MAC
        c = c == 'A' ? 'B' : 'A';
        expectRefused(link, "This invite link is not valid: it was altered, or it was not made by "
                            "this server.");
        // A later expiry written into a genuine link.
        std::string later = apiLink("guest", "Reception");
        const auto dot = later.rfind('.');
        const auto before = later.rfind('.', dot - 1);
        later.replace(before + 1, dot - before - 1, "1999999999");
        expectRefused(later, "This invite link is not valid: it was altered, or it was not made by "
                             "this server.");
    }

    void malformedLinkIsRefused()
    {
        const std::string link = apiLink("guest", "Reception");
        expectRefused(link.substr(0, link.size() - 10),
                      "This invite link is malformed: it may have been cut short when it was "
                      "copied. Ask for a new one.");
        expectRefused("/guest?room=Reception&invite=hello",
                      "This invite link is malformed: it may have been cut short when it was "
                      "copied. Ask for a new one.");
    }

    // Made with the server's key an hour ago, valid for a minute.
    void expiredLinkIsRefused()
    {
        const rolecall::Invite old =
            rolecall::InviteLinks(testSigningKey(), "")
                .issue("guest", "Reception", 60, Poco::Timestamp() - 3600 * second);
        const std::string link = rolecall::InviteLinks::address("", "", "/guest", old);
        const HttpReply reply = get(link);
        CPPUNIT_ASSERT_EQUAL(403, reply.status);
        const std::string message = elementText(reply.body, "error-message");
        CPPUNIT_ASSERT_MESSAGE(message,
                               message.rfind("This invite link expired on ", 0) == 0 &&
                                   message.find("UTC. Ask for a new one.") != std::string::npos);
        // The same link made to last two hours is taken: the key is the server's.
        const rolecall::Invite fresh =
            rolecall::InviteLinks(testSigningKey(), "")
                .issue("guest", "Reception", 7200, Poco::Timestamp() - 3600 * second);
        CPPUNIT_ASSERT_EQUAL(200,
                             get(rolecall::InviteLinks::address("", "", "/guest", fresh)).status);
    }

    void otherRoomsLinkIsRefused()
    {
        const std::string link = apiLink("guest", "Reception");
        expectRefused(Poco::replace(link, "room=Reception&", "room=Board&"),
                      "This invite link is for room &#39;Reception&#39;, not for room "
                      "&#39;Board&#39;.");
    }

    void otherRolesLinkIsRefused()
    {
        const std::string link = apiLink("guest", "Reception");
        expectRefused(Poco::replace(link, "/guest?", "/presenter?"),
                      "This invite link is for the role &#39;guest&#39;, not for this page "
                      "(role &#39;presenter&#39;).");
    }

    void otherServersLinkIsRefused()
    {
        const rolecall::Invite foreign =
            rolecall::InviteLinks("some-other-servers-signing-key-0123456789", "")
                .issue("guest", "Reception", 3600);
        expectRefused(rolecall::InviteLinks::address("", "", "/guest", foreign),
                      "This invite link is not valid: it was altered, or it was not made by "
                      "this server.");
    }

    void openRolesIgnoreLinks()
    {
        const auto roles = parse(get("/api/roles").body)->getArray("roles");
        for (std::size_t i = 0; i < roles->size(); ++i)
        {
            const auto role = roles->getObject(i);
            const std::string name = role->getValue<std::string>("name");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name == "guest" || name == "presenter",
                                         role->getValue<bool>("invite_required"));
        }
        CPPUNIT_ASSERT_EQUAL(200, get("/open?room=Reception").status);
        CPPUNIT_ASSERT_EQUAL(200, get("/open?room=Reception&invite=nonsense").status);
    }

    // The command reads the server's config (key, public_url, routes) and
    // prints one full URL on stdout; the running server takes it.
    void commandPrintsALinkTheServerTakes()
    {
        const auto result = command({"--role", "guest", "--room", "Lobby", "--valid", "2h"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.exitCode);
        const std::string prefix = std::string(publicUrl) + "/guest?room=Lobby&invite=";
        CPPUNIT_ASSERT_MESSAGE(result.out, result.out.rfind(prefix, 0) == 0);
        CPPUNIT_ASSERT_EQUAL(std::ptrdiff_t(1),
                             std::count(result.out.begin(), result.out.end(), '\n'));
        CPPUNIT_ASSERT_EQUAL('\n', result.out.back());
        const std::string url = Poco::trim(result.out);
        const HttpReply reply = get(url.substr(url.find("/guest")));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Lobby"),
                             parse(pageConfigJson(reply.body))->getValue<std::string>("room"));
        // Valid for two hours, and it says so.
        std::string id;
        std::optional<Poco::Timestamp> expiry;
        CPPUNIT_ASSERT_EQUAL(std::string(), rolecall::InviteLinks::parseId(url, id, expiry));
        const auto left = (*expiry - Poco::Timestamp()) / second;
        CPPUNIT_ASSERT_MESSAGE(std::to_string(left), left > 7100 && left <= 7200);
        CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find("rolecall link --revoke " + id) !=
                                               std::string::npos);
        // Default: 24 hours, in the default room.
        const auto plain = command({"--role", "presenter"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(plain.err, 0, plain.exitCode);
        CPPUNIT_ASSERT(rolecall::InviteLinks::parseId(plain.out, id, expiry).empty());
        const auto day = (*expiry - Poco::Timestamp()) / second;
        CPPUNIT_ASSERT_MESSAGE(std::to_string(day), day > 86300 && day <= 86400);
        CPPUNIT_ASSERT(plain.out.find("/presenter?room=Main_Office&invite=") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(
            200, get(Poco::trim(plain.out).substr(plain.out.find("/presenter"))).status);
    }

    void commandRefusesBadRequests()
    {
        const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
            {{"--role", "nobody"}, "rolecall link: there is no role 'nobody' in "},
            {{"--role", "open"},
             "rolecall link: role 'open' has auth = none: invite links are for roles with auth "
             "= link"},
            {{"--role", "moderator"},
             "rolecall link: role 'moderator' has auth = basic: invite links are for roles with "
             "auth = link"},
            {{"--role", "guest", "--valid", "24"},
             "rolecall link: --valid '24' is not a duration such as 90s, 15m, 24h or 7d"},
            {{"--role", "guest", "--valid", "2w"},
             "rolecall link: --valid '2w' is not a duration such as 90s, 15m, 24h or 7d"},
            {{"--role", "guest", "--valid", "45d"},
             "rolecall link: --valid '45d' is longer than the most an invite link may last (30d)"},
            {{"--role", "guest", "--room", "no room"}, "rolecall link: --room "},
            {{"--room", "Lobby"}, "rolecall link: --role ROLE is required"},
            {{"--revoke", "not-an-id"},
             "rolecall link: --revoke 'not-an-id' is neither an invite link nor its id"},
            {{"--revoke", "x", "--role", "guest"}, "--revoke ID takes no other option"}};
        for (const auto& [args, expected] : cases)
        {
            const auto result = command(args);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(expected, 64, result.exitCode);
            CPPUNIT_ASSERT_MESSAGE(expected + "\n" + result.err,
                                   result.err.find(expected) != std::string::npos);
            CPPUNIT_ASSERT_EQUAL(std::string(), result.out);
        }
        // The options belong to `link` alone.
        const auto stray = ServerProcess::run({"--role", "guest", "--config=" + configPath()});
        CPPUNIT_ASSERT_EQUAL(64, stray.exitCode);
        CPPUNIT_ASSERT_MESSAGE(stray.err, stray.err.find("--role is an option of `rolecall link` "
                                                         "only") != std::string::npos);
    }

    void revokedLinkIsRefusedWithoutARestart()
    {
        const std::string revoked = commandLink("Revoke");
        const std::string kept = commandLink("Revoke");
        CPPUNIT_ASSERT_EQUAL(200, get(revoked).status);
        std::string id;
        std::optional<Poco::Timestamp> expiry;
        rolecall::InviteLinks::parseId(revoked, id, expiry);
        const auto result = command({"--revoke", id});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.exitCode);
        CPPUNIT_ASSERT_MESSAGE(result.out,
                               result.out.find("revoked invite link " + id) != std::string::npos);
        expectRefused(revoked, "This invite link has been revoked.");
        CPPUNIT_ASSERT_EQUAL(200, get(kept).status);
        CPPUNIT_ASSERT(dir().read("state/revoked-invites").find(id + " ") != std::string::npos);
    }

    void revokeAcceptsTheWholeLink()
    {
        const std::string link = apiLink("guest", "Whole");
        CPPUNIT_ASSERT_EQUAL(200, get(link).status);
        const auto result = command({"--revoke", "http://127.0.0.1" + link});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.exitCode);
        expectRefused(link, "This invite link has been revoked.");
    }

    void moderatorMakesLinksThroughTheApi()
    {
        const HttpReply reply =
            invite("as=moderator&role=guest&room=Reception&valid=90m", moderatorLogin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.getContentType());
        const auto body = parse(reply.body);
        const std::string url = body->getValue<std::string>("url");
        CPPUNIT_ASSERT_MESSAGE(url,
                               url.rfind(std::string(publicUrl) + "/guest?room=Reception&invite=" +
                                             body->getValue<std::string>("id") + ".guest.",
                                         0) == 0);
        CPPUNIT_ASSERT_EQUAL(std::string("guest"), body->getValue<std::string>("role"));
        CPPUNIT_ASSERT_EQUAL(std::string("Regular User"), body->getValue<std::string>("label"));
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), body->getValue<std::string>("room"));
        std::string id;
        std::optional<Poco::Timestamp> expiry;
        rolecall::InviteLinks::parseId(url, id, expiry);
        const auto left = (*expiry - Poco::Timestamp()) / second;
        CPPUNIT_ASSERT_MESSAGE(std::to_string(left), left > 5300 && left <= 5400);
        CPPUNIT_ASSERT(body->getValue<std::string>("expires").find('T') != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(200, get(url.substr(url.find("/guest"))).status);
    }

    void apiNeedsALoginWithThePermission()
    {
        const HttpReply none = invite("as=moderator&role=guest&room=Reception");
        CPPUNIT_ASSERT_EQUAL(401, none.status);
        CPPUNIT_ASSERT(none.headers.has("WWW-Authenticate"));
        CPPUNIT_ASSERT_EQUAL(401, invite("as=moderator&role=guest&room=Reception",
                                         basicAuth(moderatorUser, "wrong-password"))
                                      .status);
        // Logged in, but the role may not remove members.
        expectApiError(invite("as=host&role=guest&room=Reception", moderatorLogin()), 403,
                       "role 'host' may not make invite links: that takes auth = basic and the "
                       "permission room.member.remove");
        // An open role may not, whatever it holds.
        expectApiError(invite("as=open&role=guest&room=Reception"), 403,
                       "role 'open' may not make invite links: that takes auth = basic and the "
                       "permission room.member.remove");
        expectApiError(invite("as=guest&role=guest&room=Reception"), 403,
                       "role 'guest' may not make invite links: that takes auth = basic and the "
                       "permission room.member.remove");
    }

    void apiRefusesOtherOriginsAndMethods()
    {
        auto foreign = moderatorLogin();
        foreign["Origin"] = "https://evil.example.org";
        expectApiError(invite("as=moderator&role=guest&room=Reception", foreign), 403,
                       "a page of another origin may not make invite links");
        auto own = moderatorLogin();
        own["Origin"] = "http://127.0.0.1:" + std::to_string(port());
        CPPUNIT_ASSERT_EQUAL(200, invite("as=moderator&role=guest&room=Reception", own).status);
        const HttpReply got = httpGet(port(), "/api/invite?as=moderator&role=guest&room=Reception",
                                      moderatorLogin(), "GET");
        CPPUNIT_ASSERT_EQUAL(405, got.status);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), got.headers.get("Allow"));
        // Other routes still take no POST.
        CPPUNIT_ASSERT_EQUAL(405, httpGet(port(), "/guest", {}, "POST").status);
    }

    void apiRefusesBadParameters()
    {
        const auto login = moderatorLogin();
        expectApiError(invite("as=moderator&role=open&room=Reception", login), 400,
                       "role 'open' takes no invite links (only roles with auth = link do)");
        expectApiError(invite("as=moderator&role=nobody&room=Reception", login), 404,
                       "there is no role of that name");
        expectApiError(invite("as=moderator&room=Reception", login), 400,
                       "parameter 'role' is required: the role the link lets in");
        expectApiError(invite("role=guest&room=Reception", login), 400,
                       "parameter 'as' is required: the role whose login makes the link");
        expectApiError(
            invite("as=moderator&role=guest&room=no%20room", login), 400,
            "parameter 'room' may contain only letters A-Z and a-z, digits, '_' and '-'");
        expectApiError(invite("as=moderator&role=guest&room=Reception&valid=40d", login), 400,
                       "parameter 'valid': '40d' is longer than the most an invite link may "
                       "last (30d)");
    }

    void moderatorPageOffersInviteLinks()
    {
        const HttpReply page = get("/?room=Reception", moderatorLogin());
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        const auto invite = parse(pageConfigJson(page.body))->getObject("invite");
        CPPUNIT_ASSERT(invite);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/invite"), invite->getValue<std::string>("endpoint"));
        const auto roles = invite->getArray("roles");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), roles->size()); // guest, presenter
        CPPUNIT_ASSERT_EQUAL(std::string("guest"),
                             roles->getObject(0)->getValue<std::string>("name"));
        CPPUNIT_ASSERT(page.body.find("id=\"invite-copy\"") != std::string::npos);
        CPPUNIT_ASSERT(
            page.body.find("<script type=\"module\" src=\"/static/invite.js\"></script>") !=
            std::string::npos);
        CPPUNIT_ASSERT_EQUAL(200, get("/static/invite.js").status);
        // Not on a link role's page, nor on a logged-in role's without the permission.
        const HttpReply guest = get(apiLink("guest", "Reception"));
        CPPUNIT_ASSERT_EQUAL(200, guest.status);
        CPPUNIT_ASSERT(guest.body.find("invite-copy") == std::string::npos);
        CPPUNIT_ASSERT(guest.body.find("invite.js") == std::string::npos);
        CPPUNIT_ASSERT(!parse(pageConfigJson(guest.body))->has("invite"));
        const HttpReply host = get("/host?room=Reception", moderatorLogin());
        CPPUNIT_ASSERT_EQUAL(200, host.status);
        CPPUNIT_ASSERT(host.body.find("invite-copy") == std::string::npos);
        CPPUNIT_ASSERT(!parse(pageConfigJson(host.body))->has("invite"));
    }

    // The standard roles have no link role: nothing to invite to.
    void noLinkRolesNoInviteControl()
    {
        ConfiguredServer plain;
        const HttpReply page = httpGet(plain.port(), "/?room=Reception", moderatorLogin());
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(page.body.find("invite-copy") == std::string::npos);
        CPPUNIT_ASSERT(page.body.find("invite.js") == std::string::npos);
        CPPUNIT_ASSERT(!parse(pageConfigJson(page.body))->has("invite"));
    }

private:
    static std::map<std::string, std::string> moderatorLogin()
    {
        return basicAuth(moderatorUser, moderatorPassword);
    }

    static std::string configPath() { return dir().file("rolecall.ini"); }

    static HttpReply invite(const std::string& query,
                            const std::map<std::string, std::string>& headers = {})
    {
        return httpGet(port(), "/api/invite?" + query, headers, "POST");
    }

    // A link from the running server's API, as a path.
    static std::string apiLink(const std::string& role, const std::string& room)
    {
        const HttpReply reply =
            invite("as=moderator&role=" + role + "&room=" + room, moderatorLogin());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, 200, reply.status);
        const std::string url = parse(reply.body)->getValue<std::string>("url");
        return url.substr(std::string(publicUrl).size());
    }

    static ServerProcess::Result command(std::vector<std::string> args)
    {
        args.insert(args.begin(), "link");
        args.push_back("--config=" + configPath());
        return ServerProcess::run(args);
    }

    // A link from `rolecall link`, as a path.
    static std::string commandLink(const std::string& room)
    {
        const auto result = command({"--role", "guest", "--room", room});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.exitCode);
        const std::string url = Poco::trim(result.out);
        return url.substr(url.find("/guest"));
    }

    static void expectRefused(const std::string& target, const std::string& message)
    {
        const HttpReply reply = get(target);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 403, reply.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(target, message, elementText(reply.body, "error-message"));
        CPPUNIT_ASSERT_EQUAL(std::string("403 Forbidden"), elementText(reply.body, "error-title"));
        CPPUNIT_ASSERT(reply.body.find("token") == std::string::npos);
    }

    static void expectApiError(const HttpReply& reply, int status, const std::string& message)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(reply.body, status, reply.status);
        CPPUNIT_ASSERT_EQUAL(
            message, parse(reply.body)->getObject("error")->getValue<std::string>("message"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InviteLinkTest);
