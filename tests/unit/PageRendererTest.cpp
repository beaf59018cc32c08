#include "pages/PageRenderer.h"
#include "Poco/JSON/Parser.h"
#include "support/TempDir.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class PageRendererTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PageRendererTest);
    CPPUNIT_TEST(valuesAreEscapedInTextAttributesAndScript);
    CPPUNIT_TEST(flagsDriveConditionals);
    CPPUNIT_TEST(errorPageEscapesItsMessage);
    CPPUNIT_TEST(missingOrBrokenTemplatesAreNamed);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        dir.write("layout.html", "<title><?= user ?></title><main><?= content ?></main>"
                                 "<script type=\"application/json\"><?= script ?></script>");
        dir.write("error.html", "<h1><?= title ?></h1><p><?= message ?></p>");
        dir.write("page.html", "<b title=\"<?= user ?>\"><?= user ?></b>"
                               "<? if room_member_remove ?><button>Remove</button><? endif ?>");
    }

    void valuesAreEscapedInTextAttributesAndScript()
    {
        PageRenderer renderer(dir.path());
        PageValues values;
        const std::string payload =
            "\"><img src=x onerror=alert(1)></script><script>alert(2)</script>";
        values.text["user"] = payload;
        values.script->set("user", payload);
        const std::string html = renderer.render(*renderer.parse("page.html"), values);
        CPPUNIT_ASSERT(html.find("<img") == std::string::npos);
        CPPUNIT_ASSERT(html.find("<script>alert") == std::string::npos);
        CPPUNIT_ASSERT(html.find("title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") !=
                       std::string::npos);
        // Exactly one closing script tag: the layout's own.
        CPPUNIT_ASSERT_EQUAL(html.find("</script>"), html.rfind("</script>"));
        const auto start = html.find("application/json\">") + 18;
        const std::string json = html.substr(start, html.find("</script>") - start);
        auto parsed = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(payload, parsed->getValue<std::string>("user"));
    }

    void flagsDriveConditionals()
    {
        PageRenderer renderer(dir.path());
        auto page = renderer.parse("page.html");
        PageValues values;
        CPPUNIT_ASSERT(renderer.render(*page, values).find("Remove") == std::string::npos);
        values.flags["room_member_remove"] = true;
        CPPUNIT_ASSERT(renderer.render(*page, values).find("<button>Remove</button>") !=
                       std::string::npos);
    }

    void errorPageEscapesItsMessage()
    {
        PageRenderer renderer(dir.path());
        const std::string html = renderer.renderError("400 Bad Request", "parameter 'user' <b>");
        CPPUNIT_ASSERT(html.find("<h1>400 Bad Request</h1>") != std::string::npos);
        CPPUNIT_ASSERT(html.find("<p>parameter &#39;user&#39; &lt;b&gt;</p>") != std::string::npos);
    }

    void missingOrBrokenTemplatesAreNamed()
    {
        PageRenderer renderer(dir.path());
        dir.write("broken.html", "<? if x ?>never closed <? endfor ?>");
        CPPUNIT_ASSERT_THROW(renderer.parse("nosuch.html"), std::runtime_error);
        try
        {
            renderer.parse("broken.html");
            CPPUNIT_FAIL("broken template parsed");
        }
        catch (const std::runtime_error& e)
        {
            CPPUNIT_ASSERT(std::string(e.what()).find(dir.file("broken.html") +
                                                      ": template does not parse") == 0);
        }
        TempDir empty;
        CPPUNIT_ASSERT_THROW(PageRenderer(empty.path()), std::runtime_error);
    }

private:
    TempDir dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PageRendererTest);
