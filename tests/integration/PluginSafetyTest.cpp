// Plugin files replaced under a running server: `cp` over a loaded library
// while pages are served does not disturb it, and a reload serves the new
// build.
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include "roles/PluginLoader.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include "util/PasswordHash.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cppunit/extensions/HelperMacros.h>
#include <csignal>
#include <functional>
#include <mutex>
#include <thread>

using rolecall::PluginLoader;

class PluginSafetyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PluginSafetyTest);
    CPPUNIT_TEST(overwritingLoadedPluginsWhileServingHurtsNothing);
    CPPUNIT_TEST(reloadNamesEditedTemplatesAndCredentials);
    CPPUNIT_TEST(throwingHooksCostOnlyTheirRequest);
    CPPUNIT_TEST_SUITE_END();

public:
    void overwritingLoadedPluginsWhileServingHurtsNothing()
    {
        TempDir dir;
        const std::string plugins = dir.path() + "/plugins";
        for (const char* name : {"guest", "moderator"})
            copyOver(PluginLoader::pluginPath(PLUGIN_DIR, name),
                     PluginLoader::pluginPath(plugins, name));
        const std::string upgrade = PluginLoader::pluginPath(plugins, "upgrade");
        copyOver(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "upgrade_v1"), upgrade);
        std::string config =
            testConfig(0, dir.file("state"),
                       standardRoles() + "\n[role.upgrade]\nplugin = upgrade\nauth = none\n");
        Poco::replaceInPlace(config, std::string("plugin_dir = " PLUGIN_DIR),
                             "plugin_dir = " + plugins);
        ServerProcess server(dir.write("rolecall.ini", config));
        const unsigned short port = server.port();
        CPPUNIT_ASSERT(label(httpGet(port, "/upgrade")) == "Version 1");

        // Pages keep being asked for while the files are rewritten in place.
        std::atomic<bool> done{false};
        std::atomic<int> served{0}, failed{0};
        std::mutex mutex;
        std::condition_variable answered;
        std::thread asking(
            [&]
            {
                while (!done)
                {
                    for (const char* path : {"/upgrade?room=R", "/guest?room=R"})
                        try
                        {
                            (httpGet(port, path).status == 200 ? served : failed)++;
                        }
                        catch (const std::exception&) // no answer: the server died
                        {
                            failed++;
                        }
                    std::lock_guard<std::mutex> lock(mutex);
                    answered.notify_all();
                }
            });
        // Between two writes, both pages are asked for once more.
        auto bothAskedAgain = [&]
        {
            std::unique_lock<std::mutex> lock(mutex);
            const int before = served + failed;
            answered.wait_for(lock, std::chrono::seconds(10),
                              [&] { return served + failed >= before + 2; });
        };
        // Other libraries of other sizes, as a rebuild with real changes is;
        // the files end as upgrade v2 and the guest plugin again.
        const std::vector<std::pair<std::string, std::string>> writes = {
            {TEST_PLUGIN_DIR, "same_class_alpha"},
            {PLUGIN_DIR, "moderator"},
            {TEST_PLUGIN_DIR, "misnamed"},
            {PLUGIN_DIR, "generic"}};
        for (int i = 0; i < 20; ++i)
        {
            const auto& [folder, name] = writes[i % writes.size()];
            copyOver(PluginLoader::pluginPath(folder, name), upgrade);
            copyOver(PluginLoader::pluginPath(folder, name),
                     PluginLoader::pluginPath(plugins, "guest"));
            bothAskedAgain();
        }
        copyOver(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "upgrade_v2"), upgrade);
        copyOver(PluginLoader::pluginPath(PLUGIN_DIR, "guest"),
                 PluginLoader::pluginPath(plugins, "guest"));
        done = true;
        asking.join();
        CPPUNIT_ASSERT_EQUAL(0, failed.load());
        CPPUNIT_ASSERT(served > 0);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/healthz").status);
        CPPUNIT_ASSERT(label(httpGet(port, "/upgrade")) == "Version 1"); // until a reload

        // Version 2 is in place now: a reload serves it.
        server.signal(SIGHUP);
        // Logged once the new roles are served.
        CPPUNIT_ASSERT_MESSAGE(server.log(),
                               server.waitForLog("changed role upgrade: label, plugin rebuilt"));
        CPPUNIT_ASSERT(label(httpGet(port, "/upgrade")) == "Version 2");
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/guest?room=R").status);
    }

    void reloadNamesEditedTemplatesAndCredentials()
    {
        TempDir dir;
        const std::string templates = dir.path() + "/templates";
        Poco::File(TEMPLATE_DIR).copyTo(templates);
        std::string config = testConfig(0, dir.file("state"), standardRoles());
        Poco::replaceInPlace(config, std::string("template_dir = " TEMPLATE_DIR),
                             "template_dir = " + templates);
        ServerProcess server(dir.write("rolecall.ini", config));
        const unsigned short port = server.port();

        // A template edited in place is served after SIGHUP, and named.
        Poco::FileOutputStream(templates + "/guest.html", std::ios::app) << "<!-- edited -->";
        server.signal(SIGHUP);
        CPPUNIT_ASSERT_MESSAGE(server.log(), server.waitForLog("changed role guest: template"));
        CPPUNIT_ASSERT(httpGet(port, "/guest?room=R").body.find("<!-- edited -->") !=
                       std::string::npos);

        // New credentials for the moderator: the old password stops working.
        const std::string hash = rolecall::PasswordHash::make("another-password", 1000);
        const std::string before = config;
        config = config.substr(0, config.find("credentials = ")) + "credentials = ann:" + hash +
                 config.substr(config.find('\n', config.find("credentials = ")));
        CPPUNIT_ASSERT(config != before);
        dir.write("rolecall.ini", config);
        CPPUNIT_ASSERT_MESSAGE(server.log(),
                               server.waitForLog("changed role moderator: credentials"));
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/", basicAuth("ann", "another-password")).status);
        CPPUNIT_ASSERT_EQUAL(
            401, httpGet(port, "/", basicAuth(moderatorUser, moderatorPassword)).status);
    }

    void throwingHooksCostOnlyTheirRequest()
    {
        TempDir dir;
        const std::string plugins = dir.path() + "/plugins";
        for (const char* name : {"guest", "moderator"})
            copyOver(PluginLoader::pluginPath(PLUGIN_DIR, name),
                     PluginLoader::pluginPath(plugins, name));
        copyOver(PluginLoader::pluginPath(TEST_PLUGIN_DIR, "throwing"),
                 PluginLoader::pluginPath(plugins, "throwing"));
        std::string config =
            testConfig(0, dir.file("state"),
                       standardRoles() + "\n[role.throwing]\nplugin = throwing\nauth = none\n");
        Poco::replaceInPlace(config, std::string("plugin_dir = " PLUGIN_DIR),
                             "plugin_dir = " + plugins);
        ServerProcess server(dir.write("rolecall.ini", config));
        const unsigned short port = server.port();

        const HttpReply noName = httpGet(port, "/throwing?room=R");
        CPPUNIT_ASSERT_EQUAL(500, noName.status);
        CPPUNIT_ASSERT(noName.body.find("The role &#39;throwing&#39; failed") !=
                           std::string::npos ||
                       noName.body.find("The role 'throwing' failed") != std::string::npos);
        const HttpReply token = httpGet(port, "/api/token?role=throwing&room=R");
        CPPUNIT_ASSERT_EQUAL(500, token.status);
        CPPUNIT_ASSERT(token.body.find("\"error\"") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(500, httpGet(port, "/throwing?room=R&user=Crash").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/throwing?room=R&user=Ann").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(port, "/guest?room=R").status);
        // Each is logged before its 500 is sent.
        const std::string log = server.err();
        CPPUNIT_ASSERT_MESSAGE(log,
                               log.find("role 'throwing' (plugin throwing) failed in "
                                        "makeUserName(): no names today") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(log, log.find("role 'throwing' (plugin throwing) failed in "
                                             "pageValues(): threw something that is not a "
                                             "std::exception") != std::string::npos);

        // Too many query fields: a clear 400 on the page and on the API.
        std::string many;
        for (int i = 0; i < 101; ++i)
            many += "&f" + std::to_string(i) + "=1";
        const HttpReply api = httpGet(port, "/api/token?role=guest" + many);
        CPPUNIT_ASSERT_EQUAL(400, api.status);
        CPPUNIT_ASSERT(api.body.find("Too many form fields") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(400, httpGet(port, "/guest?room=R" + many).status);
    }

private:
    static std::string label(const HttpReply& page) { return elementText(page.body, "role-label"); }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PluginSafetyTest);
