// A config file as ConfigFile reads it: values as Poco reads them, and the
// line of every key, so that each problem can say "file:line".
#include "config/ConfigFile.h"
#include "config/ConfigError.h"
#include "support/TempDir.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace rolecall;

class ConfigFileTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigFileTest);
    CPPUNIT_TEST(iniKeysAreSectionQualifiedAndLowerCase);
    CPPUNIT_TEST(everyKeyKnowsItsLine);
    CPPUNIT_TEST(commentsAndBlankLinesAreSkipped);
    CPPUNIT_TEST(propertiesKeepTheirCaseAndContinuations);
    CPPUNIT_TEST(aKeySetTwiceIsAProblemPointingAtBothLines);
    CPPUNIT_TEST(linesThatAreNoKeyValueAreProblems);
    CPPUNIT_TEST(unclosedSectionHeaderIsAProblem);
    CPPUNIT_TEST(onlyIniAndPropertiesAreRead);
    CPPUNIT_TEST(missingFileIsAConfigError);
    CPPUNIT_TEST(theFileOnDiskIsReadWhole);
    CPPUNIT_TEST_SUITE_END();

public:
    void iniKeysAreSectionQualifiedAndLowerCase()
    {
        const ConfigFile file("/etc/x.ini", "[Server]\nPort = 5000\n[role.Guest]\nroute = /g\n");
        CPPUNIT_ASSERT(file.keys() ==
                       std::vector<std::string>({"server.port", "role.guest.route"}));
        CPPUNIT_ASSERT(file.has("server.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("5000"), file.get("server.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("/g"), file.get("role.guest.route"));
        // Absent: the fallback, not Poco's view of it.
        CPPUNIT_ASSERT(!file.has("server.host"));
        CPPUNIT_ASSERT_EQUAL(std::string("fallback"), file.get("server.host", "fallback"));
    }

    void everyKeyKnowsItsLine()
    {
        const ConfigFile file("/etc/x.ini", "; header\n\n[server]\nhost = a\n\nport = 1\n");
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.ini:4"), file.where("server.host"));
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.ini:6"), file.where("server.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.ini"), file.where("server.absent"));
        CPPUNIT_ASSERT(file.problems().empty());
    }

    void commentsAndBlankLinesAreSkipped()
    {
        const ConfigFile file("/etc/x.ini", "; one\n# two\n   ; indented\n[server]\n\n"
                                            "host = a ; not a comment: Poco keeps it\n");
        CPPUNIT_ASSERT(file.problems().empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), file.keys().size());
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.ini:6"), file.where("server.host"));
        CPPUNIT_ASSERT_EQUAL(std::string("a ; not a comment: Poco keeps it"),
                             file.get("server.host"));
    }

    // Properties: no sections, case kept, '#' and '!' comments, "key: value",
    // and a value continued with a backslash is one key on its first line.
    void propertiesKeepTheirCaseAndContinuations()
    {
        const ConfigFile file("/etc/x.properties", "# c\n! c\nserver.Host: a\n"
                                                   "server.list = one, \\\n  two\n"
                                                   "server.port = 7\n");
        CPPUNIT_ASSERT(file.problems().empty());
        CPPUNIT_ASSERT(file.keys() ==
                       std::vector<std::string>({"server.Host", "server.list", "server.port"}));
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.properties:4"), file.where("server.list"));
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.properties:6"), file.where("server.port"));
        // Poco joins the lines, keeping the next one's indentation.
        CPPUNIT_ASSERT_EQUAL(std::string("one,   two"), file.get("server.list"));
        CPPUNIT_ASSERT(!file.has("server.host"));
    }

    // Poco keeps the last value; the problem names both lines and where()
    // points at the one in force.
    void aKeySetTwiceIsAProblemPointingAtBothLines()
    {
        const ConfigFile file("/etc/x.ini", "[server]\nport = 1\nhost = h\nPORT = 2\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), file.problems().size());
        CPPUNIT_ASSERT_EQUAL(
            std::string("/etc/x.ini:4: 'server.port' is set again (first at line 2)"),
            file.problems()[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.ini:4"), file.where("server.port"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), file.get("server.port"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), file.keys().size()); // each key once
    }

    void linesThatAreNoKeyValueAreProblems()
    {
        const ConfigFile file("/etc/x.ini", "[server]\njust words\n= value\nport = 1\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), file.problems().size());
        CPPUNIT_ASSERT_EQUAL(
            std::string("/etc/x.ini:2: expected 'key = value', found 'just words'"),
            file.problems()[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.ini:3: expected 'key = value', found '= value'"),
                             file.problems()[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.ini:4"), file.where("server.port"));
    }

    void unclosedSectionHeaderIsAProblem()
    {
        const ConfigFile file("/etc/x.ini", "[server\nport = 1\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), file.problems().size());
        CPPUNIT_ASSERT_EQUAL(std::string("/etc/x.ini:1: section header is missing ']'"),
                             file.problems()[0]);
    }

    void onlyIniAndPropertiesAreRead()
    {
        for (const char* path : {"/etc/x.conf", "/etc/x", "/etc/x.ini.bak"})
            try
            {
                ConfigFile file(path, "[server]\n");
                CPPUNIT_FAIL(std::string(path) + " was read");
            }
            catch (const ConfigError& e)
            {
                CPPUNIT_ASSERT_EQUAL(std::string(path) +
                                         ": config file must end in .ini or .properties",
                                     std::string(e.what()));
            }
        // The extension is matched whatever its case.
        CPPUNIT_ASSERT_EQUAL(std::string("1"), ConfigFile("/etc/X.INI", "[a]\nb = 1\n").get("a.b"));
    }

    void missingFileIsAConfigError()
    {
        const std::string path = dir.file("absent.ini");
        try
        {
            ConfigFile file(path);
            CPPUNIT_FAIL("a missing file was read");
        }
        catch (const ConfigError& e)
        {
            CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find(path) == 0);
        }
    }

    void theFileOnDiskIsReadWhole()
    {
        const std::string path = dir.write("rolecall.ini", "[server]\nport = 9\n");
        const ConfigFile file(path);
        CPPUNIT_ASSERT_EQUAL(path, file.path());
        CPPUNIT_ASSERT_EQUAL(path + ":2", file.where("server.port"));
        CPPUNIT_ASSERT_EQUAL(9, file.values().getInt("server.port"));
    }

private:
    TempDir dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigFileTest);
