#include "roles/PluginLoader.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/StreamCopier.h"
#include "rolecall/PluginExport.h"
#include "support/TempDir.h"
#include "util/Exceptions.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class PluginLoaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginLoaderTest);
    CPPUNIT_TEST(loadsGuestWithTheSeedsPermissions);
    CPPUNIT_TEST(loadsModeratorWithTheSeedsPermissions);
    CPPUNIT_TEST(defaultUserNameIsSeedStyle);
    CPPUNIT_TEST(refusesOtherAbi);
    CPPUNIT_TEST(refusesLibraryWithoutStamp);
    CPPUNIT_TEST(refusesMissingFile);
    CPPUNIT_TEST(refusesManifestWithoutTheClass);
    CPPUNIT_TEST(refusesFileThatIsNoLibrary);
    CPPUNIT_TEST(refusesOtherStandardLibraryOrPoco);
    CPPUNIT_TEST(sameClassNameInTwoLibrariesStaysApart);
    CPPUNIT_TEST(overwrittenFileDoesNotTouchTheLoadedPlugin);
    CPPUNIT_TEST(rebuiltFileLoadsTheNewBuild);
    CPPUNIT_TEST(copiesOfAnEarlierRunAreRemoved);
    CPPUNIT_TEST_SUITE_END();

public:
    void loadsGuestWithTheSeedsPermissions()
    {
        PluginLoader loader;
        auto guest = loader.create(PluginLoader::pluginPath(PLUGIN_DIR, "guest")).plugin;
        CPPUNIT_ASSERT_EQUAL(std::string("guest"), guest->name());
        CPPUNIT_ASSERT_EQUAL(std::string("/guest"), guest->defaultRoute());
        CPPUNIT_ASSERT_EQUAL(std::string("Regular User"), guest->label());
        CPPUNIT_ASSERT_EQUAL(std::string("guest.html"), guest->templateName());
        CPPUNIT_ASSERT(
            guest->permissions() ==
            std::vector<std::string>({"room.self.audio_mute", "room.self.audio_unmute",
                                      "room.self.video_mute", "room.self.video_unmute"}));
    }

    void loadsModeratorWithTheSeedsPermissions()
    {
        PluginLoader loader;
        auto mod = loader.create(PluginLoader::pluginPath(PLUGIN_DIR, "moderator")).plugin;
        CPPUNIT_ASSERT_EQUAL(std::string("/"), mod->defaultRoute());
        CPPUNIT_ASSERT_EQUAL(std::string("Moderator"), mod->label());
        CPPUNIT_ASSERT(
            mod->permissions() ==
            std::vector<std::string>(
                {"room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
                 "room.self.video_unmute", "room.member.audio_mute", "room.member.audio_unmute",
                 "room.member.video_mute", "room.member.video_unmute", "room.member.remove"}));
    }

    void defaultUserNameIsSeedStyle()
    {
        PluginLoader loader;
        auto guest = loader.create(PluginLoader::pluginPath(PLUGIN_DIR, "guest")).plugin;
        for (int i = 0; i < 50; ++i)
        {
            const std::string name = guest->makeUserName();
            CPPUNIT_ASSERT_EQUAL(std::size_t(9), name.size());
            CPPUNIT_ASSERT_EQUAL(std::string("user_"), name.substr(0, 5));
            const int digits = std::stoi(name.substr(5));
            CPPUNIT_ASSERT(digits >= 1111 && digits <= 9999);
        }
    }

    void refusesOtherAbi()
    {
        const std::string path = PluginLoader::pluginPath(TEST_PLUGIN_DIR, "wrong_abi");
        CPPUNIT_ASSERT_EQUAL(path + ": built for plugin ABI " +
                                 std::to_string(ROLECALL_ABI_VERSION + 41) +
                                 ", this server needs ABI " + std::to_string(ROLECALL_ABI_VERSION) +
                                 " (rebuild the plugin against this server's SDK)",
                             refusal(path));
    }

    void refusesLibraryWithoutStamp()
    {
        const std::string path = PluginLoader::pluginPath(TEST_PLUGIN_DIR, "not_a_plugin");
        CPPUNIT_ASSERT_EQUAL(path + ": not a rolecall role plugin (no ROLECALL_EXPORT_ROLE stamp)",
                             refusal(path));
    }

    void refusesMissingFile()
    {
        const std::string path = PluginLoader::pluginPath(TEST_PLUGIN_DIR, "absent");
        CPPUNIT_ASSERT_EQUAL(path + ": plugin file not found", refusal(path));
    }

    void refusesManifestWithoutTheClass()
    {
        const std::string path = PluginLoader::pluginPath(TEST_PLUGIN_DIR, "no_class");
        CPPUNIT_ASSERT_EQUAL(path + ": manifest does not export the plugin class 'AbsentRole'",
                             refusal(path));
    }

    void refusesFileThatIsNoLibrary()
    {
        TempDir dir;
        const std::string path = dir.write("text.so", "this is not ELF\n");
        const std::string message = refusal(path);
        CPPUNIT_ASSERT_EQUAL(path + ": cannot be loaded as a shared library",
                             message.substr(0, path.size() + 38));
    }

    void refusesOtherStandardLibraryOrPoco()
    {
        const std::string path = PluginLoader::pluginPath(TEST_PLUGIN_DIR, "wrong_stamp");
        const std::string message = refusal(path);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            message,
            path + ": built with libc++ ABI 1, Poco 1.9.4, this server with " + buildStamp() +
                " (rebuild the plugin with the same compiler and Poco)",
            message);
    }

    void sameClassNameInTwoLibrariesStaysApart()
    {
        PluginLoader loader;
        auto alpha =
            loader.create(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "same_class_alpha")).plugin;
        auto beta =
            loader.create(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "same_class_beta")).plugin;
        CPPUNIT_ASSERT_EQUAL(std::string("Label alpha"), alpha->label());
        CPPUNIT_ASSERT_EQUAL(std::string("Label beta"), beta->label());
        CPPUNIT_ASSERT(alpha->permissions() == std::vector<std::string>({"room.self.audio_mute"}));
        CPPUNIT_ASSERT(beta->permissions() == std::vector<std::string>({"room.self.video_mute"}));
    }

    // `cp new.so plugins/` writes into the loaded file's inode: a library
    // mapped from it would change under the running code.
    void overwrittenFileDoesNotTouchTheLoadedPlugin()
    {
        const std::string file = dir.file("plugins/upgrade.so");
        copyOver(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "upgrade_v1"), file);
        PluginLoader loader(dir.file("state/plugins"));
        auto v1 = loader.create(file);
        copyOver(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "upgrade_v2"), file);
        CPPUNIT_ASSERT_EQUAL(std::string("Version 1"), v1.plugin->label());
        CPPUNIT_ASSERT_EQUAL(std::string("upgrade"), v1.plugin->name());
    }

    void rebuiltFileLoadsTheNewBuild()
    {
        const std::string file = dir.file("plugins/upgrade.so");
        copyOver(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "upgrade_v1"), file);
        PluginLoader loader(dir.file("state/plugins"));
        auto v1 = loader.create(file);
        auto again = loader.create(file);
        CPPUNIT_ASSERT_EQUAL(v1.digest, again.digest);
        copyOver(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "upgrade_v2"), file);
        auto v2 = loader.create(file);
        CPPUNIT_ASSERT(v2.digest != v1.digest);
        CPPUNIT_ASSERT_EQUAL(std::string("Version 2"), v2.plugin->label());
        CPPUNIT_ASSERT_EQUAL(std::string("Version 1"), v1.plugin->label()); // still served
    }

    void copiesOfAnEarlierRunAreRemoved()
    {
        dir.write("state/plugins/guest-0123.so", "left over");
        PluginLoader loader(dir.file("state/plugins"));
        CPPUNIT_ASSERT(!Poco::File(dir.file("state/plugins/guest-0123.so")).exists());
    }

private:
    TempDir dir;

    static std::string refusal(const std::string& path)
    {
        PluginLoader loader;
        try
        {
            loader.create(path);
        }
        catch (const PluginError& e)
        {
            return e.what();
        }
        return "loaded";
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PluginLoaderTest);
