// A generated one-time password is stored as a SHA-256 digest, not PBKDF2:
// it is 144 random bits, and PBKDF2 cost ~0.25 s of every start.
#include "app/OneTimePasswords.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class OneTimePasswordsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OneTimePasswordsTest);
    CPPUNIT_TEST(generatedLoginIsADigest);
    CPPUNIT_TEST_SUITE_END();

public:
    void generatedLoginIsADigest()
    {
        Settings settings;
        RoleSpec role;
        role.name = "moderator";
        role.requiresLogin = true;
        settings.roles.push_back(role);
        OneTimePasswords passwords;
        passwords.apply(settings);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), settings.roles[0].credentials.size());
        const Credential& login = settings.roles[0].credentials[0];
        CPPUNIT_ASSERT_EQUAL(std::string("moderator"), login.user);
        CPPUNIT_ASSERT_EQUAL(std::string("secret-sha256$"), login.passwordHash.substr(0, 14));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OneTimePasswordsTest);
