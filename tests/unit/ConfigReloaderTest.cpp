// Live reload's rules, by calling reload() directly (no thread, no server):
// what is applied, held or refused, on which trigger, and what is logged
// and counted. The roles are built from the real plugins and templates.
#include "app/ConfigReloader.h"
#include "metrics/Metrics.h"
#include "roles/RoleRegistry.h"
#include "support/LoadedConfig.h"
#include "support/LogCapture.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>
#include <cstdio>
#include <memory>

using namespace rolecall;
using Trigger = ConfigReloader::Trigger;

namespace
{

const std::string listener =
    "\n[role.listener]\nplugin = guest\nroute = /listen\nlabel = Listener\n"
    "permissions = room.self.audio_mute\nauth = none\n";

const std::string openModerator = "[role.moderator]\nplugin = moderator\nroute = /\n"
                                  "label = Moderator\nauth = none\n\n"
                                  "[role.guest]\nplugin = guest\nroute = /guest\n"
                                  "label = Regular User\nauth = none\n";

} // namespace

class ConfigReloaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigReloaderTest);
    CPPUNIT_TEST(anAddedRoleIsServedAndNamed);
    CPPUNIT_TEST(aSignalWithNothingChangedReloadsNothing);
    CPPUNIT_TEST(aVersionAlreadyActedOnIsNotReloadedByItsFileEvent);
    CPPUNIT_TEST(aBrokenEditIsRefusedAndTheRolesStay);
    CPPUNIT_TEST(aLoweredLoginIsHeldUntilASignal);
    CPPUNIT_TEST(aRemovedProtectedRoleIsHeldUntilASignal);
    CPPUNIT_TEST(aVanishedFileIsRefusedOnlyWhenAskedFor);
    CPPUNIT_TEST(restartOnlySettingsAreNamedNotApplied);
    CPPUNIT_TEST(changesNameEachField);
    CPPUNIT_TEST(lostLoginsNameEachRole);
    CPPUNIT_TEST_SUITE_END();

public:
    void anAddedRoleIsServedAndNamed()
    {
        const auto before = registry.current();
        write(standardRoles() + listener);
        CPPUNIT_ASSERT(reloader().reload(Trigger::FileEvent));
        CPPUNIT_ASSERT(registry.current() != before);
        const Role* role = registry.current()->byRoute("/listen");
        CPPUNIT_ASSERT(role);
        CPPUNIT_ASSERT_EQUAL(std::string("Listener"), role->label);
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("(config file changed)"));
        CPPUNIT_ASSERT_MESSAGE(log.text(),
                               log.contains("reload done: added role listener at /listen"));
        CPPUNIT_ASSERT_EQUAL(1, prepared);
        CPPUNIT_ASSERT_EQUAL(1, done);
        CPPUNIT_ASSERT_EQUAL(1, counted("applied"));
    }

    void aSignalWithNothingChangedReloadsNothing()
    {
        const auto before = registry.current();
        CPPUNIT_ASSERT(!reloader().reload(Trigger::Signal));
        CPPUNIT_ASSERT(registry.current() == before);
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("templates and plugins are as last "
                                                        "loaded; nothing to reload"));
        CPPUNIT_ASSERT_EQUAL(0, done);
        CPPUNIT_ASSERT_EQUAL(1, counted("unchanged"));
    }

    // A SIGHUP and the file event of one edit: whichever comes second finds
    // the version acted on already.
    void aVersionAlreadyActedOnIsNotReloadedByItsFileEvent()
    {
        ConfigReloader& r = reloader();
        write(standardRoles() + listener);
        CPPUNIT_ASSERT(r.reload(Trigger::Signal));
        CPPUNIT_ASSERT(!r.reload(Trigger::FileEvent));
        CPPUNIT_ASSERT(!r.reload(Trigger::Poll));
        CPPUNIT_ASSERT_EQUAL(1, log.count("reloading "));
        CPPUNIT_ASSERT_EQUAL(1, done);
        // The untouched start-up version, seen by the file event alone: nothing either.
        LoadedConfig fresh(standardRoles());
        RoleRegistry roles(fresh.roles());
        ConfigReloader untouched(
            fresh.loader(), fresh.plugins(), roles, fresh.settings(),
            LoadedConfig::text(standardRoles()), [](Settings&) {}, [] {}, log.logger());
        CPPUNIT_ASSERT(!untouched.reload(Trigger::FileEvent));
        CPPUNIT_ASSERT_EQUAL(1, log.count("reloading "));
    }

    void aBrokenEditIsRefusedAndTheRolesStay()
    {
        ConfigReloader& r = reloader();
        const auto before = registry.current();
        write(standardRoles() + "\n[role.x]\nplugin = guest\nroute = /x\n"
                                "permissions = room.self.fly\nauth = none\n");
        CPPUNIT_ASSERT(!r.reload(Trigger::FileEvent));
        CPPUNIT_ASSERT(registry.current() == before);
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("reload refused, still serving the "
                                                        "previous roles"));
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains(config.path() + ":"));
        CPPUNIT_ASSERT(log.contains("unknown permission 'room.self.fly'"));
        CPPUNIT_ASSERT_EQUAL(1, counted("refused"));
        // Acted on once per version; asked for, it is tried (and refused) again.
        CPPUNIT_ASSERT(!r.reload(Trigger::FileEvent));
        CPPUNIT_ASSERT_EQUAL(1, counted("refused"));
        CPPUNIT_ASSERT(!r.reload(Trigger::Signal));
        CPPUNIT_ASSERT_EQUAL(2, counted("refused"));
        CPPUNIT_ASSERT_EQUAL(0, done);
    }

    // A file cut short looks like an edit that drops a login: from the file
    // event alone it is held; a SIGHUP applies it.
    void aLoweredLoginIsHeldUntilASignal()
    {
        ConfigReloader& r = reloader();
        const auto before = registry.current();
        write(openModerator);
        CPPUNIT_ASSERT(!r.reload(Trigger::FileEvent));
        CPPUNIT_ASSERT(registry.current() == before);
        CPPUNIT_ASSERT_MESSAGE(log.text(),
                               log.contains("held: role moderator would lose its login; apply "
                                            "with SIGHUP or `rolecall reload`"));
        CPPUNIT_ASSERT_EQUAL(1, counted("held"));
        CPPUNIT_ASSERT(!r.reload(Trigger::Poll)); // the same version: still held, not re-logged
        CPPUNIT_ASSERT_EQUAL(1, log.count("held: role moderator"));

        CPPUNIT_ASSERT(r.reload(Trigger::Signal));
        CPPUNIT_ASSERT(!registry.current()->byName("moderator")->requiresLogin);
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("changed role moderator: auth"));
        CPPUNIT_ASSERT_EQUAL(1, counted("applied"));
    }

    void aRemovedProtectedRoleIsHeldUntilASignal()
    {
        ConfigReloader& r = reloader();
        write("[role.guest]\nplugin = guest\nroute = /guest\nlabel = Regular User\nauth = none\n");
        CPPUNIT_ASSERT(!r.reload(Trigger::FileEvent));
        CPPUNIT_ASSERT(registry.current()->byName("moderator"));
        CPPUNIT_ASSERT_MESSAGE(
            log.text(), log.contains("held: role moderator (login required) would be removed"));
        CPPUNIT_ASSERT(r.reload(Trigger::Signal));
        CPPUNIT_ASSERT(!registry.current()->byName("moderator"));
        CPPUNIT_ASSERT(log.contains("removed role moderator"));
    }

    // Between an editor's remove and rename the file is gone for a moment:
    // its own event follows, so only a SIGHUP's reload says so.
    void aVanishedFileIsRefusedOnlyWhenAskedFor()
    {
        ConfigReloader& r = reloader();
        CPPUNIT_ASSERT_EQUAL(0, std::remove(config.path().c_str()));
        CPPUNIT_ASSERT(!r.reload(Trigger::FileEvent));
        CPPUNIT_ASSERT_EQUAL(0, log.count("reload"));
        CPPUNIT_ASSERT(!r.reload(Trigger::Signal));
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("reload refused"));
        CPPUNIT_ASSERT(log.contains(config.path()));
        CPPUNIT_ASSERT_EQUAL(1, counted("refused"));
    }

    void restartOnlySettingsAreNamedNotApplied()
    {
        ConfigReloader& r = reloader();
        write(standardRoles() + listener, "max_participants = 9\nbase_path = /elsewhere\n");
        CPPUNIT_ASSERT(r.reload(Trigger::Signal));
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("server.max_participants changed: takes "
                                                        "effect at the next restart"));
        CPPUNIT_ASSERT_EQUAL(5, config.settings().maxParticipants); // the running ones stay
        // Roles are routed under the base path the server started with.
        CPPUNIT_ASSERT_EQUAL(std::string(), preparedBasePath);
    }

    void changesNameEachField()
    {
        LoadedConfig after("[role.moderator]\nplugin = moderator\nroute = /boss\nlabel = Boss\n"
                           "permissions = room.self.audio_mute\nauth = none\n" +
                           listener);
        const auto changed = ConfigReloader::changes(*config.roles(), *after.roles());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), changed.size());
        CPPUNIT_ASSERT_EQUAL(
            std::string("changed role moderator: route / -> /boss, label, permissions, auth, "
                        "credentials"),
            changed[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("added role listener at /listen"), changed[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("removed role guest"), changed[2]);
        CPPUNIT_ASSERT(ConfigReloader::changes(*config.roles(), *config.roles()).empty());
    }

    void lostLoginsNameEachRole()
    {
        CPPUNIT_ASSERT(ConfigReloader::lostLogins(*config.roles(), config.settings()).empty());
        LoadedConfig open(openModerator);
        CPPUNIT_ASSERT(ConfigReloader::lostLogins(*config.roles(), open.settings()) ==
                       std::vector<std::string>{"role moderator would lose its login"});
        LoadedConfig gone(listener);
        CPPUNIT_ASSERT(
            ConfigReloader::lostLogins(*config.roles(), gone.settings()) ==
            std::vector<std::string>{"role moderator (login required) would be removed"});
        // Gaining a login is no loss.
        CPPUNIT_ASSERT(ConfigReloader::lostLogins(*open.roles(), config.settings()).empty());
    }

private:
    LoadedConfig config{standardRoles()};
    RoleRegistry registry{config.roles()};
    LogCapture log;
    Metrics metrics;
    int prepared = 0;
    int done = 0;
    std::string preparedBasePath = "unset";
    std::unique_ptr<ConfigReloader> _reloader;

    ConfigReloader& reloader()
    {
        _reloader = std::make_unique<ConfigReloader>(
            config.loader(), config.plugins(), registry, config.settings(),
            LoadedConfig::text(standardRoles()),
            [this](Settings& fresh)
            {
                ++prepared;
                preparedBasePath = fresh.basePath;
            },
            [this] { ++done; }, log.logger());
        _reloader->countIn(metrics);
        return *_reloader;
    }

    void write(const std::string& roles, const std::string& extraServer = "")
    {
        config.dir().write("rolecall.ini", LoadedConfig::text(roles, extraServer));
    }

    int counted(const std::string& result) const
    {
        const std::string text = metrics.text();
        const std::string line = "rolecall_reloads_total{result=\"" + result + "\"} ";
        const auto at = text.find(line);
        return at == std::string::npos ? 0 : std::stoi(text.substr(at + line.size()));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigReloaderTest);
