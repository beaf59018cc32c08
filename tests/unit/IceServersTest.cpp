#include "signaling/IceServers.h"
#include "Poco/JSON/Object.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class IceServersTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IceServersTest);
    CPPUNIT_TEST(turnCredentialMatchesTheTurnRestApiVector);
    CPPUNIT_TEST(memberGetsStunAndTurnWithItsOwnCredential);
    CPPUNIT_TEST(noServersConfiguredMeansNone);
    CPPUNIT_TEST_SUITE_END();

public:
    void turnCredentialMatchesTheTurnRestApiVector()
    {
        // The vector from the deploy reference (coturn use-auth-secret).
        CPPUNIT_ASSERT_EQUAL(std::string("Cd/49soE35ICqcJF/bCTn8Z4OyE="),
                             IceServers::turnCredential("north", "1700000000:alice"));
    }

    void memberGetsStunAndTurnWithItsOwnCredential()
    {
        IceServers ice({{"stun:stun.example.org:3478"},
                        {"turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"},
                        "north",
                        "relay"});
        const auto servers = ice.forMember("alice", Poco::Timestamp::fromEpochTime(1700000000));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), servers->size());
        CPPUNIT_ASSERT_EQUAL(std::string("stun:stun.example.org:3478"),
                             servers->getObject(0)->getArray("urls")->getElement<std::string>(0));
        CPPUNIT_ASSERT(!servers->getObject(0)->has("credential"));
        const auto turn = servers->getObject(1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), turn->getArray("urls")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("1700000000:alice"),
                             turn->getValue<std::string>("username"));
        CPPUNIT_ASSERT_EQUAL(std::string("Cd/49soE35ICqcJF/bCTn8Z4OyE="),
                             turn->getValue<std::string>("credential"));
        CPPUNIT_ASSERT_EQUAL(std::string("relay"), ice.transportPolicy());
    }

    void noServersConfiguredMeansNone()
    {
        CPPUNIT_ASSERT(IceServers().empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0),
                             IceServers().forMember("a", Poco::Timestamp())->size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(IceServersTest);
