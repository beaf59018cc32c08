#include "pages/PageRenderer.h"
#include "Poco/JSON/Parser.h"
#include "support/LegacyPages.h"
#include "support/TempDir.h"
#include "util/JsonList.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

namespace
{

// Values as RolePageHandler builds them, with hostile text where a request
// or a plugin can put it.
PageValues roleValues(const std::string& user, bool signalwire)
{
    PageValues values;
    const std::string backend = signalwire ? "signalwire" : "embedded";
    values.text = {{"room", "Reception"},
                   {"user", user},
                   {"label", "Guest <b>"},
                   {"role", "guest"},
                   {"logo", ""},
                   {"backend", backend},
                   {"share_hint", "Pick a window & share it"}};
    values.flags = {{"room_self_audio_mute", true},
                    {"room_member_audio_mute", true},
                    {"room_member_audio_unmute", false},
                    {"room_self_screenshare", true},
                    {"backend_" + backend, true}};
    values.script->set("token", "eyJ.eyJ.sig");
    values.script->set("room", "Reception");
    values.script->set("user", user);
    values.script->set("permissions", jsonList({"room.self.audio_mute", "room.member.remove"}));
    values.script->set("backend", backend);
    Poco::JSON::Object::Ptr connection = new Poco::JSON::Object;
    connection->set("ws", "/ws");
    connection->set("port", 5000);
    connection->set("secure", false);
    values.script->set("connection", connection);
    return values;
}

const std::string hostile = "\"><img src=x onerror=alert(1)></script><script>alert('2')</script>"
                            "<!-- `x` & /y\\ \t";

} // namespace

class PageRendererTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PageRendererTest);
    CPPUNIT_TEST(valuesAreEscapedInTextAttributesAndScript);
    CPPUNIT_TEST(flagsDriveConditionals);
    CPPUNIT_TEST(errorPageEscapesItsMessage);
    CPPUNIT_TEST(missingOrBrokenTemplatesAreNamed);
    CPPUNIT_TEST(shippedTemplatesRenderAsBefore);
    CPPUNIT_TEST(constructsMeanWhatPocoMeant);
    CPPUNIT_TEST(ifIfexistAndElse);
    CPPUNIT_TEST(unsupportedConstructsAreRefusedWithFileAndLine);
    CPPUNIT_TEST(hostileValuesStayEscaped);
    CPPUNIT_TEST(contentAndScriptCannotBeOverridden);
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
        CPPUNIT_ASSERT_EQUAL(dir.file("broken.html") + ":1: template does not parse",
                             refusal("broken.html").substr(0, dir.file("broken.html").size() + 27));
        TempDir empty;
        CPPUNIT_ASSERT_THROW(PageRenderer(empty.path()), std::runtime_error);
        dir.write("layout.html", "<main>\n<?= content.body ?></main>");
        try
        {
            PageRenderer broken(dir.path());
            CPPUNIT_FAIL("a broken layout was accepted");
        }
        catch (const std::runtime_error& e)
        {
            CPPUNIT_ASSERT_EQUAL(std::string::size_type(0),
                                 std::string(e.what()).find(dir.file("layout.html") + ":2: "));
        }
    }

    // Byte for byte what Poco::JSON::Template rendered, for every shipped
    // template, with and without the optional values.
    void shippedTemplatesRenderAsBefore()
    {
        PageRenderer renderer(TEMPLATE_DIR);
        LegacyPages::Renderer legacy(TEMPLATE_DIR);
        for (const std::string name : {"guest.html", "moderator.html", "presenter.html"})
            for (bool signalwire : {false, true})
                for (const std::string& user : {std::string("Ann"), hostile})
                {
                    PageValues values = roleValues(user, signalwire);
                    if (user != "Ann")
                        values.text["logo"] = "/static/x.svg?a=1&b=\"2\"";
                    if (signalwire)
                    {
                        values.flags.erase("room_self_screenshare");
                        values.text.erase("share_hint");
                    }
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(name, legacy.render(*legacy.parse(name), values),
                                                 renderer.render(*renderer.parse(name), values));
                }
        // The error page, bare and with a role page's chrome.
        for (PageValues values : {PageValues{}, roleValues(hostile, false)})
        {
            values.text["title"] = "400 Bad <Request>";
            values.text["message"] = hostile;
            CPPUNIT_ASSERT_EQUAL(legacy.render(*legacy.parse("error.html"), values),
                                 renderer.render(*renderer.parse("error.html"), values));
        }
    }

    // Small templates through both engines: the same output, including
    // Poco's dropping of the line break after a tag that is not an echo.
    void constructsMeanWhatPocoMeant()
    {
        const std::vector<std::string> templates = {
            "a<?= x ?>b<?=x?>c<?echo x?>d<? echo  x  ?>\n",
            "<? if x ?>\nT\n<? else ?>\nF\n<? endif ?>\nafter\r\nline",
            "<? ifexist x ?>E<?= x ?><? else ?>N<? endif ?>|<? if y ?><? if x ?>XY<? endif ?><? "
            "endif ?>",
            "<? if x ?>T<? endif ?><? if x ?><? else ?>F<? endif ?><? ifexist y ?>Y<? endif ?>",
            "<?= flag ?>/<?= nothing ?>/<? if flag ?>on<? endif ?>/<? ifexist flag ?>set<? endif "
            "?>",
            "<? ifexist content ?>C<?= content ?><? endif ?><? if script ?>S<? endif ?>",
            "no tags at all\n",
            "",
        };
        std::vector<PageValues> valueSets(6);
        valueSets[1].text["x"] = "<x>";
        valueSets[2].text["x"] = "";
        valueSets[2].flags["y"] = true;
        valueSets[3].flags["x"] = false;
        valueSets[3].text["y"] = "";
        valueSets[3].flags["flag"] = false;
        valueSets[4].flags["x"] = true;
        valueSets[4].flags["flag"] = true;
        valueSets[4].text["y"] = "y";
        valueSets[5].text["x"] = "shadowed";
        valueSets[5].flags["x"] = true; // a flag wins over text of the same name
        valueSets[5].text["content"] = "<i>text content</i>";

        for (std::size_t t = 0; t < templates.size(); ++t)
        {
            TempDir both;
            both.write("layout.html", "[<?= content ?>]");
            both.write("error.html", "");
            both.write("body.html", templates[t]);
            PageRenderer renderer(both.path());
            LegacyPages::Renderer legacy(both.path());
            for (std::size_t v = 0; v < valueSets.size(); ++v)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(
                    "template " + std::to_string(t) + ", values " + std::to_string(v),
                    legacy.render(*legacy.parse("body.html"), valueSets[v]),
                    renderer.render(*renderer.parse("body.html"), valueSets[v]));
        }
    }

    void ifIfexistAndElse()
    {
        dir.write("layout.html", "<?= content ?>");
        dir.write("if.html", "<? if v ?>T<? else ?>F<? endif ?>"
                             "<? ifexist v ?>T<? else ?>F<? endif ?>");
        PageRenderer renderer(dir.path());
        auto tpl = renderer.parse("if.html");
        PageValues values;
        CPPUNIT_ASSERT_EQUAL(std::string("FF"), renderer.render(*tpl, values)); // absent
        values.text["v"] = "";
        CPPUNIT_ASSERT_EQUAL(std::string("FT"), renderer.render(*tpl, values)); // empty text
        values.text["v"] = "0";
        CPPUNIT_ASSERT_EQUAL(std::string("TT"), renderer.render(*tpl, values)); // any text
        values.text.clear();
        values.flags["v"] = false;
        CPPUNIT_ASSERT_EQUAL(std::string("FT"), renderer.render(*tpl, values)); // false flag
        values.flags["v"] = true;
        CPPUNIT_ASSERT_EQUAL(std::string("TT"), renderer.render(*tpl, values));
    }

    void unsupportedConstructsAreRefusedWithFileAndLine()
    {
        PageRenderer renderer(dir.path());
        const std::vector<std::pair<std::string, std::string>> refused = {
            {"<? for p in permissions ?>x<? endfor ?>", "<? for ?> is not supported"},
            {"<? include \"page.html\" ?>", "<? include ?> is not supported"},
            {"<? if a ?>1<? elsif b ?>2<? endif ?>", "<? elsif ?> is not supported"},
            {"<? elif b ?>", "<? elif ?> is not supported"},
            {"<? endfor ?>", "<? endfor ?> is not supported"},
            {"<? unless x ?>", "<? unless ?> is not a template command"},
            {"<?xml version=\"1.0\"?>", "<? xml ?> is not a template command"},
            {"<?= user.name ?>", "'user.name' in <? echo ?> is not a plain name"},
            {"<? if perms[0] ?>x<? endif ?>", "'perms[0]' in <? if ?> is not a plain name"},
            {"<?= ?>", "<? echo ?> needs a name"},
            {"<? ifexist ?>", "<? ifexist ?> needs a name"},
            {"<? ?>", "empty tag"},
            {"<?= a b ?>", "<? echo a ?> has more than one argument"},
            {"<?= user", "<? echo user ?> has more than one argument or lacks its closing"},
            {"<? else ?>", "<? else ?> without an open <? if ?>"},
            {"<? endif ?>", "<? endif ?> without an open <? if ?>"},
            {"<? if a ?>x<? else ?>y<? else ?>z<? endif ?>",
             "second <? else ?> for <? if a ?> on line 3"},
            {"<? ifexist a ?>never closed", "<? ifexist a ?> is never closed by <? endif ?>"},
        };
        for (const auto& [source, reason] : refused)
        {
            // Two lines first, so the error must count lines to say 3.
            dir.write("bad.html", "<p>\n<?= fine ?></p>\n" + source + "\ntrailing");
            const std::string expected =
                dir.file("bad.html") + ":3: template does not parse: " + reason;
            const std::string got = refusal("bad.html");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(source, expected, got.substr(0, expected.size()));
        }
        // The error names the line of the tag even inside a block.
        dir.write("bad.html", "<? if a ?>\none\ntwo\n<? for x in y ?>\n<? endif ?>");
        CPPUNIT_ASSERT(refusal("bad.html").find("bad.html:4: ") != std::string::npos);
    }

    void hostileValuesStayEscaped()
    {
        PageRenderer renderer(TEMPLATE_DIR);
        for (const std::string name : {"guest.html", "moderator.html", "presenter.html"})
        {
            PageValues values = roleValues(hostile, false);
            for (auto& [key, value] : values.text)
                value = hostile + " \xE2\x80\xA8 Zo\xC3\xAB \xF0\x9F\x8E\xA5 \xFF" + key;
            values.script->set("room", hostile + "\xE2\x80\xA8\xE2\x80\xA9 Zo\xC3\xAB \xFF");
            const std::string html = renderer.render(*renderer.parse(name), values);
            // Only the templates' own markup is markup.
            CPPUNIT_ASSERT(html.find("<img src=x") == std::string::npos);
            CPPUNIT_ASSERT(html.find("<script>alert") == std::string::npos);
            CPPUNIT_ASSERT(html.find("<!-- `x`") == std::string::npos);
            CPPUNIT_ASSERT(html.find("\"><img") == std::string::npos);
            CPPUNIT_ASSERT(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;"
                                     "&lt;script&gt;alert(&#39;2&#39;)&lt;/script&gt;&lt;!-- "
                                     "&#96;x&#96; &amp; /y\\ \t") != std::string::npos);
            // The script element holds JSON that parses back to the values.
            const auto start = html.find("id=\"rolecall-config\">") + 21;
            const auto end = html.find("</script>", start);
            const std::string json = html.substr(start, end - start);
            for (char c : json)
                CPPUNIT_ASSERT(static_cast<unsigned char>(c) < 0x80); // U+2028 too
            auto parsed = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
            CPPUNIT_ASSERT_EQUAL(hostile, parsed->getValue<std::string>("user"));
            // An invalid UTF-8 byte becomes U+FFFD, never raw.
            CPPUNIT_ASSERT_EQUAL(hostile + "\xE2\x80\xA8\xE2\x80\xA9 Zo\xC3\xAB \xEF\xBF\xBD",
                                 parsed->getValue<std::string>("room"));
        }
    }

    void contentAndScriptCannotBeOverridden()
    {
        PageRenderer renderer(dir.path());
        PageValues values;
        values.text["content"] = "<b>from a plugin</b>";
        values.text["script"] = "</script><script>alert(1)</script>";
        values.flags["script"] = true;
        values.script->set("ok", true);
        const std::string html = renderer.render(*renderer.parse("page.html"), values);
        CPPUNIT_ASSERT(html.find("from a plugin") == std::string::npos);
        CPPUNIT_ASSERT(html.find("alert") == std::string::npos);
        CPPUNIT_ASSERT(html.find("<script type=\"application/json\">{\"ok\":true}</script>") !=
                       std::string::npos);
    }

private:
    std::string refusal(const std::string& name)
    {
        try
        {
            PageRenderer(dir.path()).parse(name);
        }
        catch (const std::runtime_error& e)
        {
            return e.what();
        }
        return "accepted";
    }

    TempDir dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PageRendererTest);
