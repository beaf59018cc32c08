// Login checks: one derivation for known and unknown users alike, none at
// all while throttled (remembered logins included), and a bounded number at once.
#include "auth/Authenticator.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "auth/CheckSlots.h"
#include "auth/PasswordHash.h"
#include <atomic>
#include <cppunit/extensions/HelperMacros.h>
#include <thread>

using namespace rolecall;

namespace
{

using Verdict = Authenticator::Verdict;

Role protectedRole()
{
    Role role;
    role.name = "moderator";
    role.requiresLogin = true;
    role.credentials = {{"ann", PasswordHash::make("ann-password", 1000)},
                        {"bob", PasswordHash::make("bob-password", 1200)}};
    return role;
}

Poco::Net::HTTPRequest login(const std::string& user, const std::string& password)
{
    Poco::Net::HTTPRequest request("GET", "/");
    Poco::Net::HTTPBasicCredentials(user, password).authenticate(request);
    return request;
}

/// The real check, counting its calls and remembering the hashes it was given.
struct CountingVerifier
{
    std::shared_ptr<std::vector<std::string>> hashes = std::make_shared<std::vector<std::string>>();

    Authenticator::Verifier function() const
    {
        auto seen = hashes;
        return [seen](const std::string& password, const std::string& encoded)
        {
            seen->push_back(encoded);
            return PasswordHash::verify(password, encoded);
        };
    }
};

LoginLimits fastLimits()
{
    LoginLimits limits;
    limits.freeFailures = 3;
    limits.backoffMs = 60000; // nothing in a test outlives it
    return limits;
}

Poco::Logger& quietLogger()
{
    Poco::Logger& logger = Poco::Logger::get("AuthenticatorTest");
    logger.setLevel(Poco::Message::PRIO_FATAL);
    return logger;
}

} // namespace

class AuthenticatorTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuthenticatorTest);
    CPPUNIT_TEST(knownAndUnknownUsersCostOneDerivationEach);
    CPPUNIT_TEST(unknownUserIsRefusedEvenWithAnotherUsersPassword);
    CPPUNIT_TEST(throttledAddressIsNotCheckedAtAll);
    CPPUNIT_TEST(throttledUserIsNotCheckedFromAnotherAddress);
    CPPUNIT_TEST(rememberedLoginDoesNotPassTheThrottle);
    CPPUNIT_TEST(successForgetsTheFailures);
    CPPUNIT_TEST(checkSlotsBoundRunningAndWaiting);
    CPPUNIT_TEST_SUITE_END();

public:
    void knownAndUnknownUsersCostOneDerivationEach()
    {
        CountingVerifier counter;
        Authenticator auth(LoginLimits(), quietLogger(), counter.function());
        const Role role = protectedRole();
        CPPUNIT_ASSERT_EQUAL(Verdict::Denied,
                             auth.check(role, login("ann", "wrong"), "10.0.0.1").outcome);
        CPPUNIT_ASSERT_EQUAL(Verdict::Denied,
                             auth.check(role, login("nobody", "wrong"), "10.0.0.2").outcome);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counter.hashes->size());
        // Both went through PBKDF2 with the same parameters (iterations, salt size).
        const auto& known = counter.hashes->at(0);
        const auto& unknown = counter.hashes->at(1);
        CPPUNIT_ASSERT_EQUAL(role.credentials[0].passwordHash, known);
        CPPUNIT_ASSERT_EQUAL(std::string("pbkdf2-sha256$1000$"), unknown.substr(0, 19));
        CPPUNIT_ASSERT_EQUAL(known.size(), unknown.size());
    }

    void unknownUserIsRefusedEvenWithAnotherUsersPassword()
    {
        Authenticator auth(LoginLimits(), quietLogger());
        const Role role = protectedRole();
        CPPUNIT_ASSERT_EQUAL(Verdict::Denied,
                             auth.check(role, login("eve", "ann-password"), "10.0.0.1").outcome);
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.1").outcome);
    }

    void throttledAddressIsNotCheckedAtAll()
    {
        CountingVerifier counter;
        Authenticator auth(fastLimits(), quietLogger(), counter.function());
        const Role role = protectedRole();
        for (const char* user : {"ann", "bob", "carl"})
            auth.check(role, login(user, "wrong"), "10.0.0.1");
        const std::size_t checks = counter.hashes->size();
        const Verdict verdict = auth.check(role, login("ann", "ann-password"), "10.0.0.1");
        CPPUNIT_ASSERT_EQUAL(Verdict::Throttled, verdict.outcome);
        CPPUNIT_ASSERT_EQUAL(60, verdict.retryAfter);
        CPPUNIT_ASSERT_EQUAL(checks, counter.hashes->size());
        // Another address is not concerned.
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.2").outcome);
    }

    void throttledUserIsNotCheckedFromAnotherAddress()
    {
        CountingVerifier counter;
        Authenticator auth(fastLimits(), quietLogger(), counter.function());
        const Role role = protectedRole();
        for (const char* address : {"10.0.0.1", "10.0.0.2", "10.0.0.3"})
            auth.check(role, login("ann", "wrong"), address);
        const std::size_t checks = counter.hashes->size();
        CPPUNIT_ASSERT_EQUAL(Verdict::Throttled,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.4").outcome);
        CPPUNIT_ASSERT_EQUAL(checks, counter.hashes->size());
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed,
                             auth.check(role, login("bob", "bob-password"), "10.0.0.4").outcome);
    }

    void rememberedLoginDoesNotPassTheThrottle()
    {
        Authenticator auth(fastLimits(), quietLogger());
        const Role role = protectedRole();
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.1").outcome);
        for (const char* user : {"bob", "carl", "dora"})
            auth.check(role, login(user, "wrong"), "10.0.0.1");
        CPPUNIT_ASSERT_EQUAL(Verdict::Throttled,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.1").outcome);
    }

    void successForgetsTheFailures()
    {
        LoginLimits limits = fastLimits();
        limits.backoffMs = 1;
        Authenticator auth(limits, quietLogger());
        const Role role = protectedRole();
        for (int i = 0; i < 3; ++i)
            auth.check(role, login("ann", "wrong"), "10.0.0.1");
        // Past the 1 ms wait: a success, after which failures are free again.
        Verdict verdict;
        for (Poco::Timestamp start; start.elapsed() < 5 * 1000 * 1000;)
            if ((verdict = auth.check(role, login("ann", "ann-password"), "10.0.0.1")).outcome !=
                Verdict::Throttled)
                break;
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed, verdict.outcome);
        for (int i = 0; i < 2; ++i)
            auth.check(role, login("ann", "wrong"), "10.0.0.1");
        CPPUNIT_ASSERT_EQUAL(Verdict::Denied,
                             auth.check(role, login("ann", "wrong"), "10.0.0.1").outcome);
    }

    void checkSlotsBoundRunningAndWaiting()
    {
        CheckSlots none(1, 0);
        CPPUNIT_ASSERT(none.enter());
        CPPUNIT_ASSERT(!none.enter()); // no queue: refused at once
        none.leave();
        CPPUNIT_ASSERT(none.enter());
        none.leave();

        // With a queue place, a caller waits for the slot instead.
        CheckSlots one(1, 1);
        CPPUNIT_ASSERT(one.enter());
        std::atomic<bool> entered{false};
        std::thread waiter(
            [&]
            {
                entered = one.enter();
                one.leave();
            });
        one.leave();
        waiter.join();
        CPPUNIT_ASSERT(entered);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AuthenticatorTest);
