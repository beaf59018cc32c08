// A plugin's own settings: declared by the plugin, set in its role's section,
// checked with file:line, handed to configure() with the plugin's logger,
// shown by --list-roles, and named by a reload that changes them.
#include "Poco/String.h"
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>

class PluginSettingsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginSettingsTest);
    CPPUNIT_TEST(shippedGuestPluginTakesAUserPrefix);
    CPPUNIT_TEST(settingsOfEachTypeReachThePlugin);
    CPPUNIT_TEST(badSettingsAreRefusedWithFileAndLine);
    CPPUNIT_TEST(changedSettingIsNamedByTheReload);
    CPPUNIT_TEST_SUITE_END();

public:
    void shippedGuestPluginTakesAUserPrefix()
    {
        ConfiguredServer server("[role.visitor]\nplugin = guest\nroute = /visit\nauth = none\n"
                                "user_prefix = visitor_\n");
        const HttpReply page = httpGet(server.port(), "/visit?room=R");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT_EQUAL(std::string("visitor_"),
                             elementText(page.body, "user-name").substr(0, 8));
        // The standard guest role keeps the default.
        CPPUNIT_ASSERT_EQUAL(
            std::string("user_"),
            elementText(httpGet(server.port(), "/guest?room=R").body, "user-name").substr(0, 5));
        // Its logger's lines are marked with its name.
        CPPUNIT_ASSERT(!server
                            .logLine({"rolecall.plugin.guest: role visitor: user names start "
                                      "with 'visitor_'"})
                            .empty());
    }

    void settingsOfEachTypeReachThePlugin()
    {
        const std::string config =
            write("[role.c]\nplugin = configurable\nauth = none\ngreeting = Hi\nhands = 7\n"
                  "loud = yes\n");
        const auto listed = ServerProcess::run({"--config=" + config, "--list-roles"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(listed.err, 0, listed.exitCode);
        CPPUNIT_ASSERT_MESSAGE(listed.out, listed.out.find("Hi 7 loud") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(listed.out,
                               listed.out.find("    hands = 7  (whole number, default '3'): how "
                                               "many hands") != std::string::npos);
        // Unset: the plugin's defaults.
        const auto defaults = ServerProcess::run(
            {"--config=" + write("[role.c]\nplugin = configurable\nauth = none\n"),
             "--list-roles"});
        CPPUNIT_ASSERT_MESSAGE(defaults.out,
                               defaults.out.find("Hello 3 quiet") != std::string::npos);
    }

    void badSettingsAreRefusedWithFileAndLine()
    {
        const std::string config = write("[role.c]\nplugin = configurable\nauth = none\n"
                                         "hands = many\nloud = perhaps\ncolour = blue\n");
        const auto result = ServerProcess::run({"--config=" + config, "--check-config"});
        CPPUNIT_ASSERT(result.exitCode != 0);
        CPPUNIT_ASSERT_MESSAGE(result.err,
                               result.err.find(":" + line("hands = many") +
                                               ": role 'c': 'hands' (whole number) must be a "
                                               "whole number") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(result.err,
                               result.err.find(":" + line("loud = perhaps") +
                                               ": role 'c': 'loud' (true/false) must "
                                               "be true or false") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(result.err,
                               result.err.find(":" + line("colour = blue") +
                                               ": role 'c': unknown key 'colour' (a role section "
                                               "takes: plugin, route, label, template, "
                                               "permissions, auth, credentials; plugin "
                                               "configurable adds: greeting, hands, loud)") !=
                                   std::string::npos);
        // A value configure() refuses is named too, and refuses the role.
        const auto refused = ServerProcess::run(
            {"--config=" + write("[role.c]\nplugin = configurable\nauth = none\nhands = -1\n"),
             "--check-config"});
        CPPUNIT_ASSERT(refused.exitCode != 0);
        CPPUNIT_ASSERT_MESSAGE(refused.err,
                               refused.err.find("role 'c' (plugin configurable) failed in "
                                                "configure(): hands must not be negative") !=
                                   std::string::npos);
    }

    void changedSettingIsNamedByTheReload()
    {
        const std::string config = write("[role.c]\nplugin = configurable\nauth = none\n");
        ServerProcess server(config);
        const unsigned short port = server.port();
        CPPUNIT_ASSERT(elementText(httpGet(port, "/configurable").body, "role-label") ==
                       "Hello 3 quiet");
        write("[role.c]\nplugin = configurable\nauth = none\nhands = 4\n");
        // Logged once the new roles are served.
        CPPUNIT_ASSERT_MESSAGE(server.log(), server.waitForLog("changed role c: label, settings"));
        CPPUNIT_ASSERT_EQUAL(std::string("Hello 4 quiet"),
                             elementText(httpGet(port, "/configurable").body, "role-label"));
    }

private:
    TempDir dir;

    // The test config with the test plugins, `roles` appended; returns its path.
    std::string write(const std::string& roles)
    {
        std::string text = testConfig(0, dir.file("state"), roles);
        Poco::replaceInPlace(text, std::string("plugin_dir = " PLUGIN_DIR),
                             std::string("plugin_dir = " TEST_PLUGIN_DIR));
        return dir.write("rolecall.ini", text);
    }

    // The line number of `text` in the config written last.
    std::string line(const std::string& text)
    {
        const std::string content = dir.read("rolecall.ini");
        const auto at = content.find(text);
        return std::to_string(std::count(content.begin(), content.begin() + at, '\n') + 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PluginSettingsTest);
