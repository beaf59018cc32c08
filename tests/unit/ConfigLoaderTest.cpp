#include "config/ConfigLoader.h"
#include "config/ConfigError.h"
#include "support/TempDir.h"
#include "util/PasswordHash.h"
#include <cppunit/extensions/HelperMacros.h>
#include <map>

using namespace rolecall;

namespace
{

const std::string goodIni = R"(; comment
[server]
port = 5050
default_room = Lobby
max_participants = 7
template_dir = templates

[role.mod]
plugin = moderator
route = /mod
label = Front desk
permissions = room.self.audio_mute, room.member.remove
auth = basic

[role.guest]
plugin = guest
auth = none
)";

} // namespace

class ConfigLoaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigLoaderTest);
    CPPUNIT_TEST(readsServerAndRoles);
    CPPUNIT_TEST(appliesDefaults);
    CPPUNIT_TEST(readsPropertiesFiles);
    CPPUNIT_TEST(unknownPermissionNamesFileAndLine);
    CPPUNIT_TEST(everyProblemIsReportedWithItsLine);
    CPPUNIT_TEST(duplicateKeyIsRefused);
    CPPUNIT_TEST(routeMustBeAPath);
    CPPUNIT_TEST(roleNeedsAPlugin);
    CPPUNIT_TEST(roleMustStateAuth);
    CPPUNIT_TEST(authLinkIsRead);
    CPPUNIT_TEST(credentialsMustBeHashes);
    CPPUNIT_TEST(noRolesIsAnError);
    CPPUNIT_TEST(missingFileAndWrongExtension);
    CPPUNIT_TEST(environmentOverridesSecrets);
    CPPUNIT_TEST(readsRoleOptions);
    CPPUNIT_TEST(badRoleOptionsNameFileAndLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void readsServerAndRoles()
    {
        const Settings s = load(goodIni);
        CPPUNIT_ASSERT_EQUAL(5050, s.port);
        CPPUNIT_ASSERT_EQUAL(std::string("Lobby"), s.defaultRoom);
        CPPUNIT_ASSERT_EQUAL(7, s.maxParticipants);
        CPPUNIT_ASSERT_EQUAL(dir.path() + "/templates/", s.templateDir);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.roles.size());
        const RoleSpec& mod = s.roles[0];
        CPPUNIT_ASSERT_EQUAL(std::string("mod"), mod.name);
        CPPUNIT_ASSERT_EQUAL(std::string("moderator"), mod.plugin);
        CPPUNIT_ASSERT_EQUAL(std::string("/mod"), *mod.route);
        CPPUNIT_ASSERT_EQUAL(std::string("Front desk"), *mod.label);
        CPPUNIT_ASSERT(*mod.permissions ==
                       std::vector<std::string>({"room.self.audio_mute", "room.member.remove"}));
        CPPUNIT_ASSERT(mod.requiresLogin);
        CPPUNIT_ASSERT_EQUAL(dir.file("rolecall.ini") + ":10", mod.whereKey("route"));
        const RoleSpec& guest = s.roles[1];
        CPPUNIT_ASSERT(!guest.route && !guest.label && !guest.permissions && !guest.requiresLogin);
    }

    void appliesDefaults()
    {
        const Settings s = load("[role.guest]\nplugin = guest\nauth = none\n");
        CPPUNIT_ASSERT_EQUAL(5000, s.port);
        CPPUNIT_ASSERT_EQUAL(std::string("Main_Office"), s.defaultRoom);
        CPPUNIT_ASSERT_EQUAL(5, s.maxParticipants);
        CPPUNIT_ASSERT_EQUAL(std::string("embedded"), s.backend);
        CPPUNIT_ASSERT_EQUAL(3600, s.tokenTtlSeconds);
        // Folders the file leaves unset come from the installation's layout.
        CPPUNIT_ASSERT_EQUAL(std::string("/app/lib/rolecall/plugins/"), s.pluginDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/app/share/rolecall/templates/"), s.templateDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/app/share/rolecall/vendor/"), s.vendorDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/app/var/lib/rolecall/"), s.stateDir);
    }

    void readsPropertiesFiles()
    {
        const Settings s = load("server.port = 6000\nrole.guest.plugin = guest\n"
                                "role.guest.route = /g\nrole.guest.auth = none\n",
                                "rolecall.properties");
        CPPUNIT_ASSERT_EQUAL(6000, s.port);
        CPPUNIT_ASSERT_EQUAL(std::string("/g"), *s.roles.at(0).route);
    }

    void readsRoleOptions()
    {
        const Settings s =
            load("[role.listener]\nplugin = guest\nauth = none\njoin_as = audience\n"
                 "media_allowed = audio-only\njoin_audio_muted = yes\njoin_video_muted = false\n"
                 "remove_after_seconds = 3600\nend_room_on_leave = true\nlobby = on\n"
                 "[role.guest]\nplugin = guest\nauth = none\n");
        const RoleOptions& o = s.roles.at(0).options;
        CPPUNIT_ASSERT(o.audience && o.joinAudioMuted && !o.joinVideoMuted && o.endRoomOnLeave &&
                       o.lobby);
        CPPUNIT_ASSERT_EQUAL(std::string("audio-only"), o.mediaAllowed);
        CPPUNIT_ASSERT_EQUAL(3600, o.removeAfterSeconds);
        const RoleOptions& d = s.roles.at(1).options; // defaults
        CPPUNIT_ASSERT(!d.audience && !d.joinAudioMuted && !d.endRoomOnLeave && !d.lobby);
        CPPUNIT_ASSERT_EQUAL(std::string("all"), d.mediaAllowed);
        CPPUNIT_ASSERT_EQUAL(0, d.removeAfterSeconds);
    }

    void badRoleOptionsNameFileAndLine()
    {
        const auto problems = refusal("[role.guest]\nplugin = guest\nauth = none\n"
                                      "join_as = speaker\nmedia_allowed = none\n"
                                      "join_audio_muted = maybe\nremove_after_seconds = -5\n");
        const std::string file = dir.file("rolecall.ini");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), problems.size());
        CPPUNIT_ASSERT(contains(problems, file +
                                              ":4: 'role.guest.join_as' must be one of 'member', "
                                              "'audience'"));
        CPPUNIT_ASSERT(contains(problems, file + ":5: 'role.guest.media_allowed' must be one of "
                                                 "'all', 'audio-only', 'video-only'"));
        CPPUNIT_ASSERT(contains(problems, file + ":6: 'role.guest.join_audio_muted' must be "
                                                 "true or false"));
        CPPUNIT_ASSERT(contains(problems, file + ":7: 'role.guest.remove_after_seconds' must be "
                                                 "a whole number from 0 to 86400"));
    }

    void unknownPermissionNamesFileAndLine()
    {
        const auto problems =
            refusal("[role.guest]\nplugin = guest\n"
                    "permissions = room.self.audio_mute, room.self.fly\nauth = none\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), problems.size());
        CPPUNIT_ASSERT_EQUAL(dir.file("rolecall.ini") + ":3: unknown permission 'room.self.fly'",
                             problems[0]);
    }

    void everyProblemIsReportedWithItsLine()
    {
        const auto problems = refusal("[server]\nport = 70000\nbackend = cloud\n"
                                      "default_room = two words\ncolour = blue\n"
                                      "[role.guest]\nplugin = guest\nauth = maybe\n");
        const std::string file = dir.file("rolecall.ini");
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), problems.size());
        CPPUNIT_ASSERT(contains(problems, file + ":5: unknown key 'server.colour'"));
        CPPUNIT_ASSERT(
            contains(problems, file + ":2: 'server.port' must be a whole number from 0 to 65535"));
        CPPUNIT_ASSERT(contains(problems, file + ":3: backend must be 'embedded' or 'signalwire'"));
        CPPUNIT_ASSERT(startsWithAny(problems, file + ":4: default_room "));
        CPPUNIT_ASSERT(contains(problems, file + ":8: auth must be 'none', 'basic' or 'link'"));
    }

    void duplicateKeyIsRefused()
    {
        const auto problems =
            refusal("[role.guest]\nplugin = guest\nroute = /a\nroute = /b\nauth = none\n");
        CPPUNIT_ASSERT(
            contains(problems, dir.file("rolecall.ini") +
                                   ":4: 'role.guest.route' is set again (first at line 3)"));
    }

    void routeMustBeAPath()
    {
        for (const std::string route :
             {"guest", "/a b", "/../etc", "//x", "/api/x", "/static", "/ws"})
        {
            const auto problems =
                refusal("[role.guest]\nplugin = guest\nroute = " + route + "\nauth = none\n");
            CPPUNIT_ASSERT_MESSAGE(
                route,
                startsWithAny(problems, dir.file("rolecall.ini") + ":3: route '" + route + "' "));
        }
    }

    void roleNeedsAPlugin()
    {
        const auto problems = refusal("[role.guest]\nroute = /g\nauth = none\n");
        CPPUNIT_ASSERT(
            contains(problems, dir.file("rolecall.ini") + ":2: role 'guest' needs 'plugin ='"));
    }

    // Never defaulted: a file cut short after a role's first lines would
    // otherwise serve that role without its login.
    void roleMustStateAuth()
    {
        const std::string expected =
            ":2: role 'mod' must say 'auth = basic' (login required), 'auth = link' (invite link "
            "required) or 'auth = none'";
        auto problems = refusal("[role.mod]\nplugin = moderator\nroute = /\nlabel = Moderator\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), problems.size());
        CPPUNIT_ASSERT_EQUAL(dir.file("rolecall.ini") + expected, problems[0]);
        try
        {
            load("server.port = 6000\nrole.mod.plugin = moderator\nrole.mod.route = /\n",
                 "rolecall.properties");
            CPPUNIT_FAIL("a role without auth was accepted");
        }
        catch (const ConfigError& e)
        {
            CPPUNIT_ASSERT_EQUAL(dir.file("rolecall.properties") + expected, e.problems().at(0));
        }
    }

    void authLinkIsRead()
    {
        const Settings s = load("[role.guest]\nplugin = guest\nauth = link\n");
        CPPUNIT_ASSERT(s.roles.at(0).requiresLink);
        CPPUNIT_ASSERT(!s.roles.at(0).requiresLogin);
        // A link role has no passwords: credentials are refused as for auth = none.
        const auto problems = refusal("[role.guest]\nplugin = guest\nauth = link\n"
                                      "credentials = ann:" +
                                      PasswordHash::make("password-1", 1000) + "\n");
        CPPUNIT_ASSERT(contains(problems, dir.file("rolecall.ini") +
                                              ":4: credentials are set but 'auth = basic' is not"));
    }

    void credentialsMustBeHashes()
    {
        const auto problems = refusal("[role.mod]\nplugin = moderator\nauth = basic\n"
                                      "credentials = ann:hunter2\n");
        CPPUNIT_ASSERT(startsWithAny(problems, dir.file("rolecall.ini") +
                                                   ":4: password hash for user 'ann': "));
        // The rejected value itself is not echoed: it may be a real password.
        CPPUNIT_ASSERT(problems[0].find("hunter2") == std::string::npos);
    }

    void noRolesIsAnError()
    {
        const auto problems = refusal("[server]\nport = 5000\n");
        CPPUNIT_ASSERT(startsWithAny(problems, dir.file("rolecall.ini") + ": no roles configured"));
    }

    void missingFileAndWrongExtension()
    {
        ConfigLoader loader(noEnvironment(), InstallLayout::installed("/app"));
        CPPUNIT_ASSERT_THROW(loader.load(dir.file("absent.ini")), ConfigError);
        dir.write("rolecall.yaml", "port: 1\n");
        try
        {
            loader.load(dir.file("rolecall.yaml"));
            CPPUNIT_FAIL("a .yaml file was accepted");
        }
        catch (const ConfigError& e)
        {
            CPPUNIT_ASSERT(std::string(e.what()).find(".ini or .properties") != std::string::npos);
        }
    }

    void environmentOverridesSecrets()
    {
        std::map<std::string, std::string> env = {
            {"ROLECALL_SIGNING_KEY", "env-key-0123456789abcdefghijklmnopqrstu"},
            {"SIGNALWIRE_TOKEN", "PTenv"}};
        ConfigLoader loader(
            [&](const std::string& name) -> std::optional<std::string>
            {
                auto it = env.find(name);
                return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
            },
            InstallLayout::installed("/app"));
        dir.write("rolecall.ini", "[tokens]\nsigning_key = file-key-0123456789abcdefghijklmnopqrs\n"
                                  "[signalwire]\ntoken = PTfile\nspace = example.signalwire.com\n"
                                  "[role.guest]\nplugin = guest\nauth = none\n");
        const Settings s = loader.load(dir.file("rolecall.ini"));
        CPPUNIT_ASSERT_EQUAL(env["ROLECALL_SIGNING_KEY"], s.signingKey);
        CPPUNIT_ASSERT_EQUAL(std::string("PTenv"), s.signalwire.token);
        CPPUNIT_ASSERT_EQUAL(std::string("example.signalwire.com"), s.signalwire.space);
    }

private:
    TempDir dir;

    static ConfigLoader::Environment noEnvironment()
    {
        return [](const std::string&) { return std::optional<std::string>(); };
    }

    Settings load(const std::string& text, const std::string& name = "rolecall.ini")
    {
        dir.write(name, text);
        return ConfigLoader(noEnvironment(), InstallLayout::installed("/app")).load(dir.file(name));
    }

    std::vector<std::string> refusal(const std::string& text)
    {
        try
        {
            load(text);
        }
        catch (const ConfigError& e)
        {
            return e.problems();
        }
        CPPUNIT_FAIL("config was accepted:\n" + text);
        return {};
    }

    static bool contains(const std::vector<std::string>& all, const std::string& one)
    {
        return std::find(all.begin(), all.end(), one) != all.end();
    }

    static bool startsWithAny(const std::vector<std::string>& all, const std::string& prefix)
    {
        for (const auto& p : all)
            if (p.compare(0, prefix.size(), prefix) == 0)
                return true;
        return false;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigLoaderTest);
