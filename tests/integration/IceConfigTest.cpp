// STUN/TURN for embedded rooms ([ice]): each member gets fresh TURN REST
// credentials in its room.join result; bad settings are refused with file:line.
#include "signaling/IceServers.h"
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

namespace
{

const std::string secret = "north-wind-shared-secret";

std::string iceSection(const std::string& extra = "")
{
    return "[ice]\nstun = stun:stun.example.org:3478\n"
           "turn = turn:127.0.0.1:3478?transport=udp, turns:turn.example.org:5349\n"
           "turn_secret = " +
           secret + "\n" + extra;
}

} // namespace

class IceConfigTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IceConfigTest);
    CPPUNIT_TEST(joinResultCarriesFreshTurnCredentials);
    CPPUNIT_TEST(noIceSectionMeansNoServers);
    CPPUNIT_TEST(theSecretAppearsInNoPageAndNoLog);
    CPPUNIT_TEST(badSettingsAreRefusedWithFileAndLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void joinResultCarriesFreshTurnCredentials()
    {
        ConfiguredServer server(iceSection("transport_policy = relay\n"));
        WsClient ann(server.port()), bob(server.port());
        const auto a = ann.join(roomToken("Ice", "Ann"));
        const auto b = bob.join(roomToken("Ice", "Bob"));
        CPPUNIT_ASSERT_EQUAL(std::string("relay"),
                             a->getValue<std::string>("ice_transport_policy"));
        const auto servers = a->getArray("ice_servers");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), servers->size());
        const auto turn = servers->getObject(1);
        const std::string user = turn->getValue<std::string>("username");
        // <expiry>:<member id>, the expiry in the future (the token's).
        const std::string memberId = a->getValue<std::string>("member_id");
        CPPUNIT_ASSERT_EQUAL(":" + memberId, user.substr(user.find(':')));
        CPPUNIT_ASSERT(std::stoll(user.substr(0, user.find(':'))) > Poco::Timestamp().epochTime());
        CPPUNIT_ASSERT_EQUAL(IceServers::turnCredential(secret, user),
                             turn->getValue<std::string>("credential"));
        // Bob's are his own.
        const auto bobTurn = b->getArray("ice_servers")->getObject(1);
        CPPUNIT_ASSERT(bobTurn->getValue<std::string>("username") != user);
    }

    void noIceSectionMeansNoServers()
    {
        ConfiguredServer server;
        WsClient ann(server.port());
        const auto a = ann.join(roomToken("Ice", "Ann"));
        CPPUNIT_ASSERT(!a->has("ice_servers"));
    }

    void theSecretAppearsInNoPageAndNoLog()
    {
        ConfiguredServer server(iceSection());
        const HttpReply page = httpGet(server.port(), "/guest?room=Ice&user=Ann");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(page.body.find(secret) == std::string::npos);
        CPPUNIT_ASSERT(page.body.find("turn:") == std::string::npos);
        WsClient ann(server.port());
        ann.join(roomToken("Ice", "Ann"));
        CPPUNIT_ASSERT(server.log().find(secret) == std::string::npos);
    }

    void badSettingsAreRefusedWithFileAndLine()
    {
        std::string why = ConfiguredServer::refusal("[ice]\nturn = turn:127.0.0.1:3478\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find("turn_secret") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(why, why.find(".ini:") != std::string::npos);
        why = ConfiguredServer::refusal("[ice]\nstun = stun:a.example?transport=udp\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find("ice.stun") != std::string::npos);
        why = ConfiguredServer::refusal("[ice]\nstun = stun:a.example\ntransport_policy = relay\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find("needs ice.turn") != std::string::npos);
        why = ConfiguredServer::refusal("[ice]\nturn = http://x\nturn_secret = s\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find("ice.turn") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(IceConfigTest);
