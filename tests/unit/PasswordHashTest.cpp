#include "util/PasswordHash.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class PasswordHashTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PasswordHashTest);
    CPPUNIT_TEST(rightPasswordVerifies);
    CPPUNIT_TEST(wrongPasswordFails);
    CPPUNIT_TEST(saltMakesEveryHashDifferent);
    CPPUNIT_TEST(knownVectorMatches);
    CPPUNIT_TEST(malformedHashesAreNamedAndNeverVerify);
    CPPUNIT_TEST(randomSecretIsCheckedByDigest);
    CPPUNIT_TEST(placeholderIsPbkdf2ThatNothingMatches);
    CPPUNIT_TEST_SUITE_END();

public:
    void rightPasswordVerifies()
    {
        const std::string hash = PasswordHash::make("correct horse", 1000);
        CPPUNIT_ASSERT_EQUAL(std::string(""), PasswordHash::formatProblem(hash));
        CPPUNIT_ASSERT(PasswordHash::verify("correct horse", hash));
    }

    void wrongPasswordFails()
    {
        const std::string hash = PasswordHash::make("correct horse", 1000);
        CPPUNIT_ASSERT(!PasswordHash::verify("correct horsE", hash));
        CPPUNIT_ASSERT(!PasswordHash::verify("", hash));
    }

    void saltMakesEveryHashDifferent()
    {
        CPPUNIT_ASSERT(PasswordHash::make("same", 1000) != PasswordHash::make("same", 1000));
    }

    void knownVectorMatches()
    {
        // Computed independently with Python's hashlib.pbkdf2_hmac("sha256",
        // b"password", b"saltSALTsaltSALT", 4096, 32).
        const std::string hash = "pbkdf2-sha256$4096$c2FsdFNBTFRzYWx0U0FMVA==$kVD6NM4ljz+"
                                 "g9JUH5Fappxkk9oLULzZIKyYYhI/Tjlo=";
        CPPUNIT_ASSERT(PasswordHash::verify("password", hash));
        CPPUNIT_ASSERT(!PasswordHash::verify("passwore", hash));
    }

    void malformedHashesAreNamedAndNeverVerify()
    {
        for (const std::string bad :
             {"", "plain", "md5$1$a$b",
              "pbkdf2-sha256$10$c2FsdHNhbHQ=$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o=",
              "pbkdf2-sha256$4096$$xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o=",
              "pbkdf2-sha256$4096$c2FsdHNhbHQ=$c2hvcnQ=", "pbkdf2-sha256$x$c2FsdHNhbHQ=$c2hvcnQ="})
        {
            CPPUNIT_ASSERT_MESSAGE(bad, !PasswordHash::formatProblem(bad).empty());
            CPPUNIT_ASSERT_MESSAGE(bad, !PasswordHash::verify("password", bad));
        }
    }

    // One-time passwords: a SHA-256 digest, not PBKDF2, and never in a config.
    void randomSecretIsCheckedByDigest()
    {
        const std::string hash = PasswordHash::forRandomSecret("0123456789abcdefXYZ");
        CPPUNIT_ASSERT_EQUAL(std::string("secret-sha256$"), hash.substr(0, 14));
        CPPUNIT_ASSERT(PasswordHash::verify("0123456789abcdefXYZ", hash));
        CPPUNIT_ASSERT(!PasswordHash::verify("0123456789abcdefXY", hash));
        CPPUNIT_ASSERT(!PasswordHash::verify("", hash));
        CPPUNIT_ASSERT(!PasswordHash::verify("0123456789abcdefXYZ", "secret-sha256$"));
        CPPUNIT_ASSERT(!PasswordHash::formatProblem(hash).empty());
    }

    void placeholderIsPbkdf2ThatNothingMatches()
    {
        const std::string& hash = PasswordHash::placeholder();
        CPPUNIT_ASSERT_EQUAL(std::string(""), PasswordHash::formatProblem(hash));
        CPPUNIT_ASSERT(hash.find("$" + std::to_string(PasswordHash::defaultIterations) + "$") !=
                       std::string::npos);
        CPPUNIT_ASSERT(!PasswordHash::verify("", hash));
        CPPUNIT_ASSERT(!PasswordHash::verify("password", hash));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordHashTest);
