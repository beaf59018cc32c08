// Removed members' token ids, kept in a file until the tokens expire.
#include "tokens/RevocationList.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include "support/TempDir.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace rolecall;

namespace
{

constexpr Poco::Timestamp::TimeDiff second = 1000 * 1000;

Poco::Logger& quietLogger()
{
    Poco::Logger& logger = Poco::Logger::get("RevocationListTest");
    logger.setLevel(Poco::Message::PRIO_FATAL);
    return logger;
}

} // namespace

class RevocationListTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RevocationListTest);
    CPPUNIT_TEST(revokedIdsSurviveAReload);
    CPPUNIT_TEST(fileIsReplacedWholeWithMode0600);
    CPPUNIT_TEST(expiredEntriesAreDropped);
    CPPUNIT_TEST(badLinesAreSkipped);
    CPPUNIT_TEST(fullListRefusesAndKeepsWhatItHad);
    CPPUNIT_TEST(unwritableFileChangesNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void revokedIdsSurviveAReload()
    {
        TempDir dir;
        const Poco::Timestamp now;
        RevocationList first(dir.file("state/revoked-tokens"));
        first.load(now);
        CPPUNIT_ASSERT(first.add({{"id-1", now + 600 * second}, {"id-2", now + 60 * second}}, now));
        CPPUNIT_ASSERT(first.contains("id-1"));
        RevocationList second(dir.file("state/revoked-tokens"));
        second.load(now);
        CPPUNIT_ASSERT(second.contains("id-1"));
        CPPUNIT_ASSERT(second.contains("id-2"));
        CPPUNIT_ASSERT(!second.contains("id-3"));
    }

    void fileIsReplacedWholeWithMode0600()
    {
        TempDir dir;
        const std::string file = dir.write("revoked-tokens", "left over\n");
        ::chmod(file.c_str(), 0644);
        const Poco::Timestamp now;
        RevocationList list(file);
        list.add({{"id-1", now + 600 * second}}, now);
        struct stat info;
        CPPUNIT_ASSERT_EQUAL(0, ::stat(file.c_str(), &info));
        CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(info.st_mode & 07777));
        CPPUNIT_ASSERT(dir.read("revoked-tokens").find("left over") == std::string::npos);
        CPPUNIT_ASSERT(dir.read("revoked-tokens").find("id-1 ") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(-1, ::access((file + ".tmp").c_str(), F_OK));
    }

    void expiredEntriesAreDropped()
    {
        TempDir dir;
        const Poco::Timestamp now;
        RevocationList list(dir.file("revoked-tokens"));
        list.add({{"short", now + 10 * second}, {"long", now + 600 * second}}, now);
        list.purge(now + 10 * second);
        CPPUNIT_ASSERT(!list.contains("short"));
        CPPUNIT_ASSERT(list.contains("long"));
        // Nor are expired entries loaded, or written again.
        RevocationList later(dir.file("revoked-tokens"));
        later.load(now + 20 * second);
        CPPUNIT_ASSERT(!later.contains("short"));
        later.add({{"other", now + 600 * second}}, now + 20 * second);
        CPPUNIT_ASSERT(dir.read("revoked-tokens").find("short") == std::string::npos);
    }

    void badLinesAreSkipped()
    {
        TempDir dir;
        const Poco::Timestamp now;
        const std::string expiry = std::to_string(now.epochTime() + 600);
        dir.write("revoked-tokens", "# comment\ngarbage\nid-1 " + expiry + "\nid-2 soon\n");
        RevocationList list(dir.file("revoked-tokens"), 10, &quietLogger());
        list.load(now);
        CPPUNIT_ASSERT(list.contains("id-1"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), list.size());
    }

    void fullListRefusesAndKeepsWhatItHad()
    {
        TempDir dir;
        const Poco::Timestamp now;
        RevocationList list(dir.file("revoked-tokens"), 2, &quietLogger());
        CPPUNIT_ASSERT(list.add({{"a", now + 600 * second}, {"b", now + 600 * second}}, now));
        CPPUNIT_ASSERT(!list.add({{"c", now + 600 * second}}, now));
        CPPUNIT_ASSERT(!list.contains("c"));
        CPPUNIT_ASSERT(list.contains("a"));
        // Once one has expired, there is room again.
        CPPUNIT_ASSERT(list.add({{"c", now + 1200 * second}}, now + 600 * second));
    }

    void unwritableFileChangesNothing()
    {
        TempDir dir;
        const Poco::Timestamp now;
        dir.write("blocker", "a file where the folder should be");
        RevocationList list(dir.file("blocker/revoked-tokens"), 10, &quietLogger());
        CPPUNIT_ASSERT_THROW(list.add({{"a", now + 600 * second}}, now), Poco::Exception);
        CPPUNIT_ASSERT(!list.contains("a"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RevocationListTest);
