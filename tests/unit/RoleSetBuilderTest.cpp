#include "roles/RoleSetBuilder.h"
#include "config/ConfigError.h"
#include "config/ConfigLoader.h"
#include "rolecall/Permissions.h"
#include "roles/PluginLoader.h"
#include "support/TempDir.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class RoleSetBuilderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RoleSetBuilderTest);
    CPPUNIT_TEST(pluginDefaultsFillWhatConfigLeavesOut);
    CPPUNIT_TEST(configOverridesPlugin);
    CPPUNIT_TEST(onePluginServesTwoRoles);
    CPPUNIT_TEST(twoRolesOnOneRouteAreRefused);
    CPPUNIT_TEST(missingPluginNamesConfigLineAndFile);
    CPPUNIT_TEST(pluginsUnknownPermissionIsRefused);
    CPPUNIT_TEST(permissionsEmbeddedCannotHonourAreRefused);
    CPPUNIT_TEST(missingTemplateIsRefused);
    CPPUNIT_TEST(pluginWhoseNameIsNotItsFileIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void pluginDefaultsFillWhatConfigLeavesOut()
    {
        auto set = build("[role.guest]\nplugin = guest\nauth = none\n");
        const Role* guest = set->byRoute("/guest");
        CPPUNIT_ASSERT(guest);
        CPPUNIT_ASSERT_EQUAL(std::string("Regular User"), guest->label);
        CPPUNIT_ASSERT_EQUAL(std::string("guest.html"), guest->templateName);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), guest->permissions.size());
        CPPUNIT_ASSERT(guest->page);
        CPPUNIT_ASSERT(set->byName("guest") == guest);
    }

    void configOverridesPlugin()
    {
        auto set =
            build("[role.guest]\nplugin = guest\nroute = /visitor\nlabel = Visitor\n"
                  "template = moderator.html\npermissions = room.self.audio_mute\nauth = none\n");
        const Role* role = set->byName("guest");
        CPPUNIT_ASSERT_EQUAL(std::string("/visitor"), role->route);
        CPPUNIT_ASSERT_EQUAL(std::string("Visitor"), role->label);
        CPPUNIT_ASSERT_EQUAL(std::string("moderator.html"), role->templateName);
        CPPUNIT_ASSERT(role->permissions == std::vector<std::string>({"room.self.audio_mute"}));
        CPPUNIT_ASSERT(!set->byRoute("/guest"));
    }

    void onePluginServesTwoRoles()
    {
        auto set =
            build("[role.guest]\nplugin = guest\nauth = none\n[role.listener]\nplugin = guest\n"
                  "route = /listen\nlabel = Listener\npermissions = room.self.audio_mute\n"
                  "auth = none\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), set->roles().size());
        CPPUNIT_ASSERT_EQUAL(std::string("Listener"), set->byRoute("/listen")->label);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), set->byRoute("/guest")->permissions.size());
    }

    void twoRolesOnOneRouteAreRefused()
    {
        const auto problems = refusal("[role.guest]\nplugin = guest\nauth = none\n[role.other]\n"
                                      "plugin = guest\nroute = /guest\nauth = none\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), problems.size());
        CPPUNIT_ASSERT_EQUAL(dir.file("rolecall.ini") + ":9: role 'other' uses route '/guest', "
                                                        "already served by role 'guest'",
                             problems[0]);
    }

    void missingPluginNamesConfigLineAndFile()
    {
        const auto problems = refusal(
            "[role.guest]\nplugin = guest\nauth = none\n[role.x]\nplugin = nosuch\nauth = none\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), problems.size());
        const std::string file = PluginLoader::pluginPath(PLUGIN_DIR, "nosuch");
        CPPUNIT_ASSERT_EQUAL(dir.file("rolecall.ini") + ":8: role 'x': plugin 'nosuch': " + file +
                                 ": plugin file not found",
                             problems[0]);
    }

    void pluginsUnknownPermissionIsRefused()
    {
        const auto problems =
            refusal("[role.sloppy]\nplugin = unknown_permission\nauth = none\n", TEST_PLUGIN_DIR);
        CPPUNIT_ASSERT_EQUAL(
            dir.file("rolecall.ini") +
                ":5: role 'sloppy': plugin's permission 'room.self.fly' is unknown",
            problems.at(0));
    }

    // No silent no-op: a permission the embedded backend cannot act on is
    // refused at load, naming the line and the reason; the rest all act.
    void permissionsEmbeddedCannotHonourAreRefused()
    {
        const auto problems =
            refusal("[role.guest]\nplugin = guest\nauth = none\n"
                    "permissions = room.self.raisehand, room.recording, room.playback\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), problems.size());
        CPPUNIT_ASSERT_EQUAL(dir.file("rolecall.ini") +
                                 ":7: role 'guest': permission 'room.recording' needs backend "
                                 "signalwire (recording needs a media server)",
                             problems[0]);
        CPPUNIT_ASSERT(problems[1].find("'room.playback' needs backend signalwire") !=
                       std::string::npos);
        std::string all;
        for (const char* p : knownPermissions())
            if (!embeddedRefusal(p))
                all += std::string(all.empty() ? "" : ", ") + p;
        auto set = build("[role.guest]\nplugin = guest\nauth = none\npermissions = " + all + "\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(40), set->byName("guest")->permissions.size());
    }

    void missingTemplateIsRefused()
    {
        const auto problems =
            refusal("[role.guest]\nplugin = guest\ntemplate = nosuch.html\nauth = none\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), problems.size());
        CPPUNIT_ASSERT(problems[0].find(dir.file("rolecall.ini") + ":6: role 'guest': ") == 0);
        CPPUNIT_ASSERT(problems[0].find("nosuch.html: template not found") != std::string::npos);
    }

    void pluginWhoseNameIsNotItsFileIsRefused()
    {
        const auto problems =
            refusal("[role.x]\nplugin = misnamed\nauth = none\n", TEST_PLUGIN_DIR);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), problems.size());
        CPPUNIT_ASSERT_EQUAL(dir.file("rolecall.ini") + ":5: role 'x': " +
                                 PluginLoader::pluginPath(TEST_PLUGIN_DIR, "misnamed") +
                                 " says its name is 'guest', but it is loaded as plugin "
                                 "'misnamed' (name() must match the file name)",
                             problems[0]);
    }

private:
    TempDir dir;
    PluginLoader loader;

    // Three [server] lines precede `roles`, so role line N is file line N + 3.
    std::shared_ptr<const RoleSet> build(const std::string& roles,
                                         const std::string& pluginDir = PLUGIN_DIR)
    {
        dir.write("rolecall.ini", "[server]\nplugin_dir = " + pluginDir +
                                      "\ntemplate_dir = " TEMPLATE_DIR "\n" + roles);
        ConfigLoader config([](const std::string&) { return std::optional<std::string>(); },
                            InstallLayout::installed("/"));
        return RoleSetBuilder(loader).build(config.load(dir.file("rolecall.ini")));
    }

    std::vector<std::string> refusal(const std::string& roles,
                                     const std::string& pluginDir = PLUGIN_DIR)
    {
        try
        {
            build(roles, pluginDir);
        }
        catch (const ConfigError& e)
        {
            return e.problems();
        }
        CPPUNIT_FAIL("roles were accepted");
        return {};
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RoleSetBuilderTest);
