#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>

class HealthTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HealthTest);
    CPPUNIT_TEST(healthzAnswersJson);
    CPPUNIT_TEST_SUITE_END();

public:
    void healthzAnswersJson()
    {
        TempDir dir;
        const std::string config =
            dir.write("rolecall.ini", testConfig(0, dir.file("state"), standardRoles()));
        ServerProcess server(config);
        const HttpReply reply = httpGet(server.port(), "/healthz");
        CPPUNIT_ASSERT_EQUAL(200, reply.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reply.headers.getContentType());
        CPPUNIT_ASSERT(reply.body.find("\"status\":\"ok\"") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0, server.stop());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HealthTest);
