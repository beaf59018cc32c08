// The back-off per key: free failures, then doubling waits, capped, decaying.
#include "auth/LoginThrottle.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

namespace
{

constexpr Poco::Timestamp::TimeDiff second = 1000 * 1000;

LoginLimits limits()
{
    LoginLimits l;
    l.freeFailures = 5;
    l.decaySeconds = 60;
    l.backoffMs = 1000;
    l.maxBackoffSeconds = 8;
    l.maxTracked = 100;
    return l;
}

} // namespace

class LoginThrottleTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LoginThrottleTest);
    CPPUNIT_TEST(firstFailuresAreFreeThenWaitsDouble);
    CPPUNIT_TEST(waitIsCapped);
    CPPUNIT_TEST(failuresDecayWhenQuiet);
    CPPUNIT_TEST(successForgetsTheKey);
    CPPUNIT_TEST(keysAreSeparate);
    CPPUNIT_TEST(tableIsBoundedAndDropsTheStalest);
    CPPUNIT_TEST_SUITE_END();

public:
    void firstFailuresAreFreeThenWaitsDouble()
    {
        LoginThrottle throttle(limits());
        Poco::Timestamp now;
        for (int i = 0; i < 4; ++i)
            CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeDiff(0), throttle.failed("k", now));
        CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeDiff(0), throttle.wait("k", now));
        // The fifth: the next check waits 1 s.
        CPPUNIT_ASSERT_EQUAL(1 * second, throttle.failed("k", now));
        CPPUNIT_ASSERT_EQUAL(1 * second, throttle.wait("k", now));
        CPPUNIT_ASSERT_EQUAL(second / 2, throttle.wait("k", now + second / 2));
        CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeDiff(0), throttle.wait("k", now + second));
        now += second;
        CPPUNIT_ASSERT_EQUAL(2 * second, throttle.failed("k", now));
        now += 2 * second;
        CPPUNIT_ASSERT_EQUAL(4 * second, throttle.failed("k", now));
    }

    void waitIsCapped()
    {
        LoginThrottle throttle(limits());
        Poco::Timestamp now;
        Poco::Timestamp::TimeDiff wait = 0;
        for (int i = 0; i < 40; ++i)
            wait = throttle.failed("k", now);
        CPPUNIT_ASSERT_EQUAL(8 * second, wait);
    }

    // One failure is forgotten per decay period: after five minutes of quiet
    // five failures are gone, and the next is free again.
    void failuresDecayWhenQuiet()
    {
        LoginThrottle throttle(limits());
        Poco::Timestamp now;
        for (int i = 0; i < 5; ++i)
            throttle.failed("k", now);
        CPPUNIT_ASSERT(throttle.wait("k", now) > 0);
        const Poco::Timestamp later = now + 5 * 60 * second;
        CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeDiff(0), throttle.failed("k", later));
        // Two minutes of quiet forgive two of five: two more are free, the third waits.
        LoginThrottle other(limits());
        for (int i = 0; i < 5; ++i)
            other.failed("k", now);
        const Poco::Timestamp twoMinutes = now + 120 * second;
        CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeDiff(0), other.failed("k", twoMinutes));
        CPPUNIT_ASSERT_EQUAL(1 * second, other.failed("k", twoMinutes));
    }

    void successForgetsTheKey()
    {
        LoginThrottle throttle(limits());
        Poco::Timestamp now;
        for (int i = 0; i < 5; ++i)
            throttle.failed("k", now);
        throttle.succeeded("k");
        CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeDiff(0), throttle.wait("k", now));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), throttle.size());
    }

    void keysAreSeparate()
    {
        LoginThrottle throttle(limits());
        Poco::Timestamp now;
        for (int i = 0; i < 5; ++i)
            throttle.failed("a", now);
        CPPUNIT_ASSERT(throttle.wait("a", now) > 0);
        CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeDiff(0), throttle.wait("b", now));
    }

    void tableIsBoundedAndDropsTheStalest()
    {
        LoginThrottle throttle(limits());
        Poco::Timestamp now;
        for (int i = 0; i < 5; ++i)
            throttle.failed("old", now);
        throttle.failed("recent", now);
        for (int i = 0; i < 98; ++i)
            throttle.failed("filler" + std::to_string(i), now);
        throttle.failed("recent", now); // touched: now the newest
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), throttle.size());
        throttle.failed("one-more", now);
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), throttle.size());
        CPPUNIT_ASSERT_EQUAL(Poco::Timestamp::TimeDiff(0), throttle.wait("old", now)); // dropped
        for (int i = 0; i < 3; ++i)
            throttle.failed("recent", now);
        CPPUNIT_ASSERT(throttle.wait("recent", now) > 0); // kept its count
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginThrottleTest);
