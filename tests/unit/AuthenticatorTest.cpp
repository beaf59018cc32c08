// Login checks: one derivation for known and unknown users alike, none at
// all while throttled (remembered logins included), and a bounded number at once.
#include "auth/Authenticator.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "auth/CheckSlots.h"
#include "metrics/Metrics.h"
#include "support/LogCapture.h"
#include "util/PasswordHash.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cppunit/extensions/HelperMacros.h>
#include <future>
#include <mutex>
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
    CPPUNIT_TEST(openRoleNeedsNoLogin);
    CPPUNIT_TEST(missingOrForeignCredentialsAreDeniedUnchecked);
    CPPUNIT_TEST(aFailedLoginIsCountedAndLogged);
    CPPUNIT_TEST(userNamesAreLoggedPrintableAndShort);
    CPPUNIT_TEST(aThrottledLoginIsCountedAndSaysHowLong);
    CPPUNIT_TEST(aRememberedLoginSkipsTheDerivationUntilCredentialsChange);
    CPPUNIT_TEST(aProtectedRoleWithoutCredentialsAdmitsNobody);
    CPPUNIT_TEST(beyondTheQueueAChecksIsBusy);
    CPPUNIT_TEST(challengeNamesTheRole);
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

    void openRoleNeedsNoLogin()
    {
        CountingVerifier counter;
        Authenticator auth(LoginLimits(), quietLogger(), counter.function());
        Role open;
        open.name = "guest";
        CPPUNIT_ASSERT_EQUAL(
            Verdict::Allowed,
            auth.check(open, Poco::Net::HTTPRequest("GET", "/"), "10.0.0.1").outcome);
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed,
                             auth.check(open, login("ann", "wrong"), "10.0.0.1").outcome);
        CPPUNIT_ASSERT(counter.hashes->empty());
    }

    // No header, or another scheme: a 401 with the challenge, no derivation,
    // and no failure counted (a browser asks without credentials first).
    void missingOrForeignCredentialsAreDeniedUnchecked()
    {
        CountingVerifier counter;
        LogCapture log;
        Metrics metrics;
        Authenticator auth(fastLimits(), log.logger(), counter.function());
        auth.countIn(metrics);
        const Role role = protectedRole();
        Poco::Net::HTTPRequest none("GET", "/");
        Poco::Net::HTTPRequest bearer("GET", "/");
        bearer.set("Authorization", "Bearer abc.def");
        for (int round = 0; round < 5; ++round) // more than the free failures
            for (const auto* request : {&none, &bearer})
                CPPUNIT_ASSERT_EQUAL(Verdict::Denied,
                                     auth.check(role, *request, "10.0.0.1").outcome);
        CPPUNIT_ASSERT(counter.hashes->empty());
        CPPUNIT_ASSERT_EQUAL(0, log.count("failed login"));
        CPPUNIT_ASSERT(metrics.text().find("rolecall_login_failures_total 0") != std::string::npos);
        // Not throttled by any of it.
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.1").outcome);
        // Basic that is not base64 decodes (leniently, in Poco) to an empty
        // user: checked and refused like any wrong login, and counted.
        Poco::Net::HTTPRequest garbled("GET", "/");
        garbled.set("Authorization", "Basic !!not-base64!!");
        CPPUNIT_ASSERT_EQUAL(Verdict::Denied, auth.check(role, garbled, "10.0.0.2").outcome);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counter.hashes->size());
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("from 10.0.0.2 as user ''"));
    }

    void aFailedLoginIsCountedAndLogged()
    {
        LogCapture log;
        Metrics metrics;
        Authenticator auth(fastLimits(), log.logger());
        auth.countIn(metrics);
        CPPUNIT_ASSERT_EQUAL(
            Verdict::Denied,
            auth.check(protectedRole(), login("ann", "wrong"), "10.0.0.1").outcome);
        CPPUNIT_ASSERT_MESSAGE(log.text(),
                               log.contains("failed login to role moderator from 10.0.0.1 as user "
                                            "'ann'"));
        CPPUNIT_ASSERT(metrics.text().find("rolecall_login_failures_total 1") != std::string::npos);
        // The last free failure's line says what comes next.
        auth.check(protectedRole(), login("ann", "wrong"), "10.0.0.1");
        auth.check(protectedRole(), login("ann", "wrong"), "10.0.0.1");
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("too many failures from this address, the "
                                                        "next check waits 60 s"));
    }

    // A user name comes from anyone: the log gets it without control
    // characters or quotes, and cut short.
    void userNamesAreLoggedPrintableAndShort()
    {
        LogCapture log;
        Authenticator auth(LoginLimits(), log.logger());
        auth.check(protectedRole(), login("eve\x1b[31m'\n", "x"), "10.0.0.1");
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("as user 'eve?[31m?"
                                                        "?'"));
        auth.check(protectedRole(), login(std::string(100, 'u'), "x"), "10.0.0.1");
        CPPUNIT_ASSERT_MESSAGE(log.text(),
                               log.contains("as user '" + std::string(64, 'u') + "...'"));
        CPPUNIT_ASSERT(!log.contains(std::string(65, 'u')));
    }

    void aThrottledLoginIsCountedAndSaysHowLong()
    {
        LogCapture log;
        Metrics metrics;
        Authenticator auth(fastLimits(), log.logger());
        auth.countIn(metrics);
        for (int i = 0; i < 3; ++i)
            auth.check(protectedRole(), login("ann", "wrong"), "10.0.0.1");
        const Verdict verdict = auth.check(protectedRole(), login("ann", "wrong"), "10.0.0.1");
        CPPUNIT_ASSERT_EQUAL(Verdict::Throttled, verdict.outcome);
        CPPUNIT_ASSERT_EQUAL(60, verdict.retryAfter);
        CPPUNIT_ASSERT(metrics.text().find("limit=\"login\"") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(log.text(),
                               log.contains("login to role moderator refused (429) from "
                                            "10.0.0.1 as user 'ann'"));
        // Logged at most once per 10 s, with a count of those not logged.
        auth.check(protectedRole(), login("ann", "wrong"), "10.0.0.1");
        CPPUNIT_ASSERT_EQUAL(1, log.count("refused (429)"));
    }

    void aRememberedLoginSkipsTheDerivationUntilCredentialsChange()
    {
        CountingVerifier counter;
        Authenticator auth(LoginLimits(), quietLogger(), counter.function());
        Role role = protectedRole();
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.1").outcome);
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.2").outcome);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), counter.hashes->size());
        // A reload gave Ann another password: the old one is checked, and refused.
        role.credentials[0].passwordHash = PasswordHash::make("new-password", 1000);
        CPPUNIT_ASSERT_EQUAL(Verdict::Denied,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.1").outcome);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), counter.hashes->size());
    }

    // A role protected with no credentials configured (the one-time
    // password covers that at start): still one derivation, still refused.
    void aProtectedRoleWithoutCredentialsAdmitsNobody()
    {
        CountingVerifier counter;
        Authenticator auth(LoginLimits(), quietLogger(), counter.function());
        Role role = protectedRole();
        role.credentials.clear();
        CPPUNIT_ASSERT_EQUAL(Verdict::Denied,
                             auth.check(role, login("ann", "ann-password"), "10.0.0.1").outcome);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), counter.hashes->size());
    }

    // One check at once and one waiting (concurrent_checks = 1): while a
    // check runs, of two more one waits and the other is refused at once.
    void beyondTheQueueAChecksIsBusy()
    {
        std::mutex mutex;
        std::condition_variable changed;
        bool running = false, release = false;
        auto blocking = [&](const std::string& password, const std::string& encoded)
        {
            std::unique_lock<std::mutex> lock(mutex);
            running = true;
            changed.notify_all();
            changed.wait(lock, [&] { return release; });
            return PasswordHash::verify(password, encoded);
        };
        LoginLimits limits;
        limits.concurrentChecks = 1;
        LogCapture log;
        Metrics metrics;
        Authenticator auth(limits, log.logger(), blocking);
        auth.countIn(metrics);
        const Role role = protectedRole();
        auto first =
            std::async(std::launch::async,
                       [&] { return auth.check(role, login("ann", "ann-password"), "10.0.0.1"); });
        {
            std::unique_lock<std::mutex> lock(mutex);
            CPPUNIT_ASSERT(
                changed.wait_for(lock, std::chrono::seconds(10), [&] { return running; }));
        }
        // Distinct users: a remembered login would not need a slot.
        std::promise<Verdict> firstDone;
        std::atomic<bool> told{false};
        auto attempt = [&](const char* user)
        {
            const Verdict verdict = auth.check(role, login(user, "x"), "10.0.0.2");
            if (!told.exchange(true))
                firstDone.set_value(verdict);
            return verdict;
        };
        auto second = std::async(std::launch::async, attempt, "bob");
        auto third = std::async(std::launch::async, attempt, "carl");
        auto done = firstDone.get_future();
        const bool refused = done.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
        {
            std::lock_guard<std::mutex> lock(mutex);
            release = true;
        }
        changed.notify_all();
        CPPUNIT_ASSERT_MESSAGE("neither waiting check was refused", refused);
        const Verdict busy = done.get();
        CPPUNIT_ASSERT_EQUAL(Verdict::Busy, busy.outcome);
        CPPUNIT_ASSERT_EQUAL(1, busy.retryAfter);
        CPPUNIT_ASSERT_EQUAL(Verdict::Allowed, first.get().outcome);
        const Verdict::Outcome outcomes[] = {second.get().outcome, third.get().outcome};
        CPPUNIT_ASSERT((outcomes[0] == Verdict::Busy) != (outcomes[1] == Verdict::Busy));
        CPPUNIT_ASSERT(outcomes[0] == Verdict::Denied || outcomes[1] == Verdict::Denied);
        CPPUNIT_ASSERT(metrics.text().find("limit=\"password_checks\"") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(log.text(), log.contains("answered 503: too many password checks"));
    }

    void challengeNamesTheRole()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Basic realm=\"rolecall moderator\", charset=\"UTF-8\""),
                             Authenticator::challenge(protectedRole()));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AuthenticatorTest);
