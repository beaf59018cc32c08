#include "config/InstallLayout.h"
#include "support/TempDir.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class InstallLayoutTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InstallLayoutTest);
    CPPUNIT_TEST(prefixHoldsEverything);
    CPPUNIT_TEST(usrKeepsConfigAndStateBesideIt);
    CPPUNIT_TEST(binaryWithoutMarkerIsInstalled);
    CPPUNIT_TEST(buildTreeMarkerNamesTheCheckout);
    CPPUNIT_TEST_SUITE_END();

public:
    void prefixHoldsEverything()
    {
        const InstallLayout l = InstallLayout::installed("/opt/rolecall");
        CPPUNIT_ASSERT_EQUAL(std::string("/opt/rolecall/etc/rolecall/rolecall.ini"), l.configFile);
        CPPUNIT_ASSERT_EQUAL(std::string("/opt/rolecall/lib/rolecall/plugins/"), l.pluginDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/opt/rolecall/share/rolecall/templates/"), l.templateDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/opt/rolecall/share/rolecall/vendor/"), l.vendorDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/opt/rolecall/var/lib/rolecall/"), l.stateDir);
    }

    void usrKeepsConfigAndStateBesideIt()
    {
        const InstallLayout l = InstallLayout::installed("/usr");
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/rolecall/rolecall.ini"), l.configFile);
        CPPUNIT_ASSERT_EQUAL(std::string("/var/lib/rolecall/"), l.stateDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/usr/lib/rolecall/plugins/"), l.pluginDir);
        // An extracted package: <folder>/usr beside <folder>/etc.
        const InstallLayout x = InstallLayout::installed("/tmp/x/usr");
        CPPUNIT_ASSERT_EQUAL(std::string("/tmp/x/etc/rolecall/rolecall.ini"), x.configFile);
        CPPUNIT_ASSERT_EQUAL(std::string("/tmp/x/usr/share/rolecall/templates/"), x.templateDir);
    }

    void binaryWithoutMarkerIsInstalled()
    {
        dir.write("p/bin/.keep", "");
        const InstallLayout l = InstallLayout::forBinary(dir.file("p/bin"));
        CPPUNIT_ASSERT_EQUAL(dir.path() + "/p/etc/rolecall/rolecall.ini", l.configFile);
        CPPUNIT_ASSERT_EQUAL(dir.path() + "/p/lib/rolecall/plugins/", l.pluginDir);
    }

    void buildTreeMarkerNamesTheCheckout()
    {
        dir.write(std::string("build/") + InstallLayout::buildTreeFile,
                  "config = /src/conf/rolecall.ini\ntemplate_dir = /src/templates\n"
                  "vendor_dir = /src/node_modules\nstate_dir = /src/var\n");
        const InstallLayout l = InstallLayout::forBinary(dir.file("build"));
        CPPUNIT_ASSERT_EQUAL(std::string("/src/conf/rolecall.ini"), l.configFile);
        CPPUNIT_ASSERT_EQUAL(dir.path() + "/build/plugins/", l.pluginDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/src/templates/"), l.templateDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/src/node_modules/"), l.vendorDir);
        CPPUNIT_ASSERT_EQUAL(std::string("/src/var/"), l.stateDir);
    }

private:
    TempDir dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(InstallLayoutTest);
