// /static/: the template folder's static files and the vendored Bootstrap,
// and nothing outside them (no "..", no hidden files).
#include "Poco/DirectoryIterator.h"
#include "Poco/File.h"
#include "Poco/String.h"
#include "support/SharedServerFixture.h"
#include <cppunit/extensions/HelperMacros.h>

class StaticFilesTest : public SharedServerFixture<StaticFilesTest>
{
    CPPUNIT_TEST_SUITE(StaticFilesTest);
    CPPUNIT_TEST(stylesheetIsServedAsCss);
    CPPUNIT_TEST(pageScriptsAreServedAsJavaScript);
    CPPUNIT_TEST(vendoredBootstrapIsServed);
    CPPUNIT_TEST(vendoredIconsAreServed);
    CPPUNIT_TEST(faviconIsTheLogo);
    CPPUNIT_TEST(dotDotPathIs404);
    CPPUNIT_TEST(encodedDotDotPathIs404);
    CPPUNIT_TEST(hiddenFileIs404);
    CPPUNIT_TEST(unknownVendorPackageIs404);
    CPPUNIT_TEST_SUITE_END();

public:
    // A copy of the repo's templates, so that files worth stealing really
    // exist next to and inside static/: a refusal is then a refusal, not a miss.
    static std::string serverConfig(const TempDir& dir)
    {
        Poco::File(TEMPLATE_DIR).copyTo(dir.file("templates"));
        dir.write("templates/static/.hidden", "hidden-file-content\n");
        dir.write("conf/rolecall.ini", "secret-config-content\n");
        std::string config = testConfig(0, dir.file("state"), standardRoles());
        Poco::replaceInPlace(config, std::string("template_dir = " TEMPLATE_DIR),
                             "template_dir = " + dir.file("templates"));
        return config;
    }

    void stylesheetIsServedAsCss()
    {
        const HttpReply reply = get("/static/rolecall.css");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/css"), reply.headers.getContentType().substr(0, 8));
        CPPUNIT_ASSERT_EQUAL(dir().read("templates/static/rolecall.css"), reply.body);
    }

    // The page scripts are ES modules: a browser runs a module only when its
    // MIME type is a JavaScript one.
    void pageScriptsAreServedAsJavaScript()
    {
        int scripts = 0;
        for (Poco::DirectoryIterator it(dir().file("templates/static")), end; it != end; ++it)
        {
            if (it.path().getExtension() != "js")
                continue;
            const HttpReply reply = get("/static/" + it.name());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(it.name(), 200, reply.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(it.name(), std::string("text/javascript"),
                                         reply.headers.getContentType().substr(0, 15));
            ++scripts;
        }
        CPPUNIT_ASSERT(scripts >= 7);
    }

    void vendoredBootstrapIsServed()
    {
        const HttpReply reply = get("/static/vendor/bootstrap/css/bootstrap.min.css");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/css"), reply.headers.getContentType().substr(0, 8));
        CPPUNIT_ASSERT(reply.body.find("Bootstrap") != std::string::npos);
    }

    void vendoredIconsAreServed()
    {
        const HttpReply css = get("/static/vendor/bootstrap-icons/bootstrap-icons.min.css");
        CPPUNIT_ASSERT_EQUAL(200, css.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/css"), css.headers.getContentType().substr(0, 8));
        CPPUNIT_ASSERT(css.body.find("fonts/bootstrap-icons.woff2") != std::string::npos);
        const HttpReply font = get("/static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff2");
        CPPUNIT_ASSERT_EQUAL(200, font.status);
        CPPUNIT_ASSERT_EQUAL(std::string("font/woff2"), font.headers.getContentType());
        const HttpReply woff = get("/static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff");
        CPPUNIT_ASSERT_EQUAL(200, woff.status);
        CPPUNIT_ASSERT_EQUAL(std::string("font/woff"), woff.headers.getContentType());
    }

    void faviconIsTheLogo()
    {
        const HttpReply reply = get("/favicon.ico");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/svg+xml"), reply.headers.getContentType());
        CPPUNIT_ASSERT_EQUAL(dir().read("templates/static/logo.svg"), reply.body);
    }

    void dotDotPathIs404()
    {
        // <dir>/templates/static/../../conf/rolecall.ini exists in this setup.
        expectNotFound("/static/../conf/rolecall.ini", "secret-config-content");
        expectNotFound("/static/../../conf/rolecall.ini", "secret-config-content");
    }

    void encodedDotDotPathIs404()
    {
        // templates/layout.html is right above static/.
        expectNotFound("/static/%2e%2e/layout.html", "<?= content ?>");
        expectNotFound("/static/%2E%2E/%2E%2E/conf/rolecall.ini", "secret-config-content");
    }

    void hiddenFileIs404() { expectNotFound("/static/.hidden", "hidden-file-content"); }

    void unknownVendorPackageIs404()
    {
        CPPUNIT_ASSERT_EQUAL(404, get("/static/vendor/jquery/jquery.js").status);
        CPPUNIT_ASSERT_EQUAL(404, get("/static/no-such-file.css").status);
    }

private:
    void expectNotFound(const std::string& target, const std::string& content)
    {
        const HttpReply reply = get(target);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(target, 404, reply.status);
        CPPUNIT_ASSERT_MESSAGE(target + " served the file",
                               reply.body.find(content) == std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StaticFilesTest);
