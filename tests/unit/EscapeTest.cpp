#include "pages/Escape.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class EscapeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(EscapeTest);
    CPPUNIT_TEST(scriptBreakoutBecomesText);
    CPPUNIT_TEST(attributeBreakoutBecomesText);
    CPPUNIT_TEST(plainTextIsUnchanged);
    CPPUNIT_TEST(scriptJsonCannotCloseTheScriptElement);
    CPPUNIT_TEST(scriptJsonStillParsesToTheSameValues);
    CPPUNIT_TEST_SUITE_END();

public:
    void scriptBreakoutBecomesText()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
                             Escape::html("</script><script>alert(1)</script>"));
    }

    void attributeBreakoutBecomesText()
    {
        const std::string out = Escape::html("\"><img src=x onerror=alert(1)>");
        CPPUNIT_ASSERT_EQUAL(std::string("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), out);
        CPPUNIT_ASSERT_EQUAL(std::string("&#39;&#96;&amp;"), Escape::html("'`&"));
    }

    void plainTextIsUnchanged()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Ann Lee · Zoë 🎥"), Escape::html("Ann Lee · Zoë 🎥"));
    }

    void scriptJsonCannotCloseTheScriptElement()
    {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("user", "</script><script>alert(1)</script><!--");
        o->set("sep", std::string("a\xE2\x80\xA8"
                                  "b")); // U+2028
        const std::string out = Escape::scriptJson(o);
        CPPUNIT_ASSERT(out.find('<') == std::string::npos);
        CPPUNIT_ASSERT(out.find('>') == std::string::npos);
        CPPUNIT_ASSERT(out.find("\xE2\x80\xA8") == std::string::npos);
        CPPUNIT_ASSERT(out.find("\\u003c\\/script\\u003e") != std::string::npos);
    }

    void scriptJsonStillParsesToTheSameValues()
    {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        const std::string tricky = "</script>&<!-- \"q\" Zoë 🎥 \xE2\x80\xA9";
        o->set("user", tricky);
        Poco::JSON::Parser parser;
        auto back = parser.parse(Escape::scriptJson(o)).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(tricky, back->getValue<std::string>("user"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EscapeTest);
