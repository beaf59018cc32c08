// /static/: which paths map to which files (our assets, the allow-listed
// vendor packages) and which never map to anything, and what is answered.
#include "http/StaticFileHandler.h"
#include "config/Settings.h"
#include "support/LoadedConfig.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class StaticFileHandlerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StaticFileHandlerTest);
    CPPUNIT_TEST(ownAssetsComeFromTemplatesStatic);
    CPPUNIT_TEST(vendorFilesComeFromTheirPackagesDist);
    CPPUNIT_TEST(unlistedVendorPackagesAndFoldersMapToNothing);
    CPPUNIT_TEST(pathsThatCouldEscapeMapToNothing);
    CPPUNIT_TEST(missingFilesAndFoldersMapToNothing);
    CPPUNIT_TEST(answerCarriesTypeAndCachingHeaders);
    CPPUNIT_TEST(unknownExtensionIsOctetStream);
    CPPUNIT_TEST(noFileIsA404Page);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        // Files worth stealing next to and inside the served folders.
        files.write("templates/static/app.js", "app();");
        files.write("templates/static/img/logo.svg", "<svg/>");
        files.write("templates/static/data.bin", "\x01\x02");
        files.write("templates/static/.hidden", "hidden");
        files.write("templates/static/sub/.env", "secret");
        files.write("templates/guest.html", "template");
        files.write("node_modules/bootstrap/dist/css/bootstrap.min.css", "bs");
        files.write("node_modules/bootstrap/package.json", "{}");
        files.write("node_modules/bootstrap-icons/font/bootstrap-icons.min.css", "icons");
        files.write("node_modules/@signalwire/js/dist/index.umd.js", "sw");
        files.write("node_modules/leftpad/index.js", "pad");
        settings.templateDir = files.file("templates") + "/";
        settings.vendorDir = files.file("node_modules") + "/";
    }

    void ownAssetsComeFromTemplatesStatic()
    {
        CPPUNIT_ASSERT_EQUAL(files.file("templates/static/app.js"), resolve("/static/app.js"));
        CPPUNIT_ASSERT_EQUAL(files.file("templates/static/img/logo.svg"),
                             resolve("/static/img/logo.svg"));
    }

    void vendorFilesComeFromTheirPackagesDist()
    {
        CPPUNIT_ASSERT_EQUAL(files.file("node_modules/bootstrap/dist/css/bootstrap.min.css"),
                             resolve("/static/vendor/bootstrap/css/bootstrap.min.css"));
        CPPUNIT_ASSERT_EQUAL(
            files.file("node_modules/bootstrap-icons/font/bootstrap-icons.min.css"),
            resolve("/static/vendor/bootstrap-icons/bootstrap-icons.min.css"));
        CPPUNIT_ASSERT_EQUAL(files.file("node_modules/@signalwire/js/dist/index.umd.js"),
                             resolve("/static/vendor/signalwire/index.umd.js"));
    }

    // node_modules is not browsable: only the dist folder of a listed package.
    void unlistedVendorPackagesAndFoldersMapToNothing()
    {
        for (const char* path :
             {"/static/vendor/leftpad/index.js", "/static/vendor/bootstrap/package.json",
              "/static/vendor/bootstrap", "/static/vendor/", "/static/vendor",
              "/static/vendor/@signalwire/js/dist/index.umd.js"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string(), resolve(path));
    }

    void pathsThatCouldEscapeMapToNothing()
    {
        for (const char* path :
             {"/static/../guest.html", "/static/img/../app.js", "/static/./app.js",
              "/static/.hidden", "/static/sub/.env", "/static//app.js", "/static/img\\logo.svg",
              "/static/vendor/bootstrap/../package.json",
              "/static/vendor/../../templates/guest.html", "/staticapp.js", "/app.js", "/static/"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string(), resolve(path));
        CPPUNIT_ASSERT_EQUAL(std::string(), resolve(std::string("/static/app.js\0.png", 19)));
    }

    void missingFilesAndFoldersMapToNothing()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), resolve("/static/nosuch.js"));
        CPPUNIT_ASSERT_EQUAL(std::string(), resolve("/static/img")); // a folder
        CPPUNIT_ASSERT_EQUAL(std::string(), resolve("/static/vendor/bootstrap/css"));
    }

    void answerCarriesTypeAndCachingHeaders()
    {
        const Response js = handler().handle("/static/app.js");
        CPPUNIT_ASSERT_EQUAL(200, int(js.head.getStatus()));
        CPPUNIT_ASSERT_EQUAL(std::string("app();"), js.body);
        CPPUNIT_ASSERT_EQUAL(std::string("text/javascript; charset=utf-8"),
                             js.head.getContentType());
        CPPUNIT_ASSERT_EQUAL(std::string("nosniff"), js.head.get("X-Content-Type-Options"));
        CPPUNIT_ASSERT_EQUAL(std::string("public, max-age=300"), js.head.get("Cache-Control"));
        CPPUNIT_ASSERT(js.head.has("Last-Modified"));
        CPPUNIT_ASSERT_EQUAL(std::string("image/svg+xml"),
                             handler().handle("/static/img/logo.svg").head.getContentType());
        CPPUNIT_ASSERT_EQUAL(std::string("text/css; charset=utf-8"),
                             handler()
                                 .handle("/static/vendor/bootstrap/css/bootstrap.min.css")
                                 .head.getContentType());
    }

    void unknownExtensionIsOctetStream()
    {
        const Response bin = handler().handle("/static/data.bin");
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), bin.head.getContentType());
        CPPUNIT_ASSERT_EQUAL(std::string("\x01\x02"), bin.body);
    }

    void noFileIsA404Page()
    {
        const Response missing = handler().handle("/static/../guest.html");
        CPPUNIT_ASSERT_EQUAL(404, int(missing.head.getStatus()));
        CPPUNIT_ASSERT(missing.body.find("There is no file at this address.") != std::string::npos);
        CPPUNIT_ASSERT(missing.body.find("template") == std::string::npos); // not the file's bytes
    }

private:
    TempDir files;
    Settings settings;
    LoadedConfig config{standardRoles()}; // its renderer makes the 404 page
    std::unique_ptr<StaticFileHandler> _handler;

    std::string resolve(const std::string& path) const
    {
        return StaticFileHandler::resolve(settings, path);
    }

    StaticFileHandler& handler()
    {
        _handler = std::make_unique<StaticFileHandler>(settings, *config.roles());
        return *_handler;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StaticFileHandlerTest);
