#include "tokens/SigningKeyStore.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "support/TempDir.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>

using namespace rolecall;

class SigningKeyStoreTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SigningKeyStoreTest);
    CPPUNIT_TEST(createsAPrivateKeyFileOnce);
    CPPUNIT_TEST(keysDifferBetweenStateFolders);
    CPPUNIT_TEST(tightensLoosePermissions);
    CPPUNIT_TEST(refusesAShortKey);
    CPPUNIT_TEST(aConfiguredKeyWinsAndWritesNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void createsAPrivateKeyFileOnce()
    {
        TempDir dir;
        SigningKeyStore store(dir.file("state"));
        const std::string first = store.loadOrCreate();
        CPPUNIT_ASSERT(first.size() >= 32);
        CPPUNIT_ASSERT_EQUAL(0600, mode(store.keyPath()));
        CPPUNIT_ASSERT_EQUAL(first, SigningKeyStore(dir.file("state")).loadOrCreate());
    }

    void keysDifferBetweenStateFolders()
    {
        TempDir a, b;
        CPPUNIT_ASSERT(SigningKeyStore(a.path()).loadOrCreate() !=
                       SigningKeyStore(b.path()).loadOrCreate());
    }

    void tightensLoosePermissions()
    {
        TempDir dir;
        const std::string path = dir.write("signing.key", std::string(40, 'k'));
        ::chmod(path.c_str(), 0644);
        CPPUNIT_ASSERT_EQUAL(std::string(40, 'k'), SigningKeyStore(dir.path()).loadOrCreate());
        CPPUNIT_ASSERT_EQUAL(0600, mode(path));
    }

    void refusesAShortKey()
    {
        TempDir dir;
        dir.write("signing.key", "short\n");
        CPPUNIT_ASSERT_THROW(SigningKeyStore(dir.path()).loadOrCreate(), Poco::DataException);
    }

    void aConfiguredKeyWinsAndWritesNothing()
    {
        TempDir dir;
        const std::string configured(32, 'c');
        CPPUNIT_ASSERT_EQUAL(configured, SigningKeyStore::keyFor(configured, dir.file("state")));
        CPPUNIT_ASSERT(!Poco::File(dir.file("state")).exists());
        const std::string stored = SigningKeyStore::keyFor("", dir.file("state"));
        CPPUNIT_ASSERT_EQUAL(SigningKeyStore(dir.file("state")).loadOrCreate(), stored);
    }

private:
    static int mode(const std::string& path)
    {
        struct stat info;
        ::stat(path.c_str(), &info);
        return info.st_mode & 0777;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SigningKeyStoreTest);
