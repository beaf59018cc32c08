// The config written as a .properties file (server.port = ..., role.NAME.KEY
// = ...) configures the same server as the .ini form.
#include "Poco/JSON/Parser.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include "support/TokenClaims.h"
#include "util/PasswordHash.h"
#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>

namespace
{

/// testConfig(0, stateDir, standardRoles()) as properties, plus `extra` lines.
std::string propertiesConfig(const std::string& stateDir, const std::string& extra = "")
{
    return "# rolecall test config, properties syntax\n"
           "server.host = 127.0.0.1\n"
           "server.port = 0\n"
           "server.threads = 8\n"
           "server.plugin_dir = " PLUGIN_DIR "\n"
           "server.template_dir = " TEMPLATE_DIR "\n"
           "server.vendor_dir = " VENDOR_DIR "\n"
           "server.state_dir = " +
           stateDir +
           "\n"
           "tokens.ttl = 600\n"
           "tokens.signing_key = " +
           testSigningKey() +
           "\n"
           "role.moderator.plugin = moderator\n"
           "role.moderator.route = /\n"
           "role.moderator.label = Moderator\n"
           "role.moderator.auth = basic\n"
           "role.moderator.credentials = " +
           std::string(moderatorUser) + ":" +
           rolecall::PasswordHash::make(moderatorPassword, 1000) +
           "\n"
           "role.guest.plugin = guest\n"
           "role.guest.route = /guest\n"
           "role.guest.label = Regular User\n"
           "role.guest.auth = none\n" +
           extra;
}

Poco::JSON::Object::Ptr parseObject(const std::string& json)
{
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

class PropertiesConfigTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PropertiesConfigTest);
    CPPUNIT_TEST(guestPageIsServed);
    CPPUNIT_TEST(moderatorPageNeedsConfiguredLogin);
    CPPUNIT_TEST(rolesAreListedAsConfigured);
    CPPUNIT_TEST(checkConfigAcceptsProperties);
    CPPUNIT_TEST(errorNamesPropertiesLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void guestPageIsServed()
    {
        TempDir dir;
        ServerProcess server(dir.write("rolecall.properties", propertiesConfig(dir.file("state"))));
        const unsigned short port = server.port();
        const HttpReply reply = httpGet(port, "/guest?room=Reception&user=Ann");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT(reply.body.find("id=\"role-label\">Regular User<") != std::string::npos);
        const auto config = parseObject(pageConfigJson(reply.body));
        checkTokenClaims(config->getValue<std::string>("token"),
                         {"Reception", "Ann", "guest", guestPermissions});
    }

    void moderatorPageNeedsConfiguredLogin()
    {
        TempDir dir;
        ServerProcess server(dir.write("rolecall.properties", propertiesConfig(dir.file("state"))));
        const unsigned short port = server.port();
        CPPUNIT_ASSERT_EQUAL(401, httpGet(port, "/").status);
        CPPUNIT_ASSERT_EQUAL(401, httpGet(port, "/", basicAuth(moderatorUser, "nope-nope")).status);
        const HttpReply reply = httpGet(port, "/", basicAuth(moderatorUser, moderatorPassword));
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT(reply.body.find("id=\"role-label\">Moderator<") != std::string::npos);
        // Credentials are configured: no one-time password.
        CPPUNIT_ASSERT(server.out().find("password:") == std::string::npos);
    }

    void rolesAreListedAsConfigured()
    {
        TempDir dir;
        ServerProcess server(dir.write("rolecall.properties", propertiesConfig(dir.file("state"))));
        const unsigned short port = server.port();
        const auto roles = parseObject(httpGet(port, "/api/roles").body)->getArray("roles");
        CPPUNIT_ASSERT(roles);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), roles->size());
        CPPUNIT_ASSERT_EQUAL(std::string("moderator"),
                             roles->getObject(0)->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), roles->getObject(0)->getValue<std::string>("route"));
        CPPUNIT_ASSERT_EQUAL(true, roles->getObject(0)->getValue<bool>("login_required"));
        CPPUNIT_ASSERT_EQUAL(std::string("guest"),
                             roles->getObject(1)->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(std::string("/guest"),
                             roles->getObject(1)->getValue<std::string>("route"));
        CPPUNIT_ASSERT_EQUAL(std::string("Regular User"),
                             roles->getObject(1)->getValue<std::string>("label"));
    }

    void checkConfigAcceptsProperties()
    {
        TempDir dir;
        const std::string path =
            dir.write("rolecall.properties", propertiesConfig(dir.file("state")));
        const auto result = ServerProcess::run({"--config=" + path, "--check-config"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.exitCode);
        CPPUNIT_ASSERT(result.out.find("Regular User") != std::string::npos);
        CPPUNIT_ASSERT(result.out.find(path + ": OK, 2 roles") != std::string::npos);
    }

    void errorNamesPropertiesLine()
    {
        TempDir dir;
        const std::string text =
            propertiesConfig(dir.file("state"), "role.guest.permissions = room.self.fly\n");
        const std::string path = dir.write("rolecall.properties", text);
        const int line = static_cast<int>(std::count(text.begin(), text.end(), '\n')); // the last
        const auto result = ServerProcess::run({"--config=" + path, "--check-config"});
        CPPUNIT_ASSERT(result.exitCode != 0);
        CPPUNIT_ASSERT_MESSAGE(result.err,
                               result.err.find(path + ":" + std::to_string(line) +
                                               ": unknown permission 'room.self.fly'") !=
                                   std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PropertiesConfigTest);
