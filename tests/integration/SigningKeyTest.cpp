// Where the token signing key comes from when the config sets none: a key
// file the server makes once (mode 0600) and keeps across restarts, or
// ROLECALL_SIGNING_KEY, which is never echoed anywhere.
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/JSON/Parser.h"
#include "Poco/String.h"
#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include "tokens/TokenIssuer.h"
#include "util/Exceptions.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sys/stat.h>

namespace
{

const std::string envKey = "env-signing-key-QWERTYUIOPASDFGHJKLZXCVBNM-0123456789";

/// The room token /api/token issues to a guest.
std::string guestToken(unsigned short port)
{
    const HttpReply reply = httpGet(port, "/api/token?role=guest&room=Keys&user=Kim");
    CPPUNIT_ASSERT_EQUAL(200, reply.status);
    return Poco::JSON::Parser()
        .parse(reply.body)
        .extract<Poco::JSON::Object::Ptr>()
        ->getValue<std::string>("token");
}

void expectVerifies(const std::string& key, const std::string& token)
{
    const rolecall::RoomGrant grant = rolecall::TokenIssuer(key, 600).verify(token);
    CPPUNIT_ASSERT_EQUAL(std::string("Kim"), grant.user);
    CPPUNIT_ASSERT_EQUAL(std::string("Keys"), grant.room);
}

} // namespace

class SigningKeyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SigningKeyTest);
    CPPUNIT_TEST(keyFileIsCreatedWithMode0600);
    CPPUNIT_TEST(keyFileSignsTokensAcrossRestarts);
    CPPUNIT_TEST(environmentKeySignsTokens);
    CPPUNIT_TEST(environmentKeyOverridesConfigKey);
    CPPUNIT_TEST(environmentKeyIsNeverEchoed);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        CPPUNIT_ASSERT_MESSAGE("unset ROLECALL_SIGNING_KEY to run these tests",
                               !Poco::Environment::has("ROLECALL_SIGNING_KEY"));
    }

    void keyFileIsCreatedWithMode0600()
    {
        TempDir dir;
        ServerProcess server(writeConfig(dir, false), {}, dir.path());
        struct stat info;
        CPPUNIT_ASSERT_EQUAL(0, ::stat(dir.file("state/signing.key").c_str(), &info));
        CPPUNIT_ASSERT(S_ISREG(info.st_mode));
        CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(info.st_mode & 07777));
        CPPUNIT_ASSERT(Poco::trim(dir.read("state/signing.key")).size() >= 32);
    }

    void keyFileSignsTokensAcrossRestarts()
    {
        TempDir dir;
        const std::string config = writeConfig(dir, false);
        std::string firstToken;
        {
            ServerProcess first(config, {}, dir.path());
            firstToken = guestToken(first.port());
        }
        const std::string key = Poco::trim(dir.read("state/signing.key"));
        expectVerifies(key, firstToken);
        CPPUNIT_ASSERT_THROW(expectVerifies(testSigningKey(), firstToken), rolecall::TokenError);

        ServerProcess second(config, {}, dir.path());
        const std::string secondToken = guestToken(second.port());
        CPPUNIT_ASSERT_EQUAL(key, Poco::trim(dir.read("state/signing.key"))); // kept, not remade
        expectVerifies(key, secondToken);
        expectVerifies(key, firstToken);
    }

    void environmentKeySignsTokens()
    {
        TempDir dir;
        ServerProcess server(writeConfig(dir, false), {{"ROLECALL_SIGNING_KEY", envKey}},
                             dir.path());
        const std::string token = guestToken(server.port());
        expectVerifies(envKey, token);
        CPPUNIT_ASSERT_THROW(expectVerifies(testSigningKey(), token), rolecall::TokenError);
    }

    void environmentKeyOverridesConfigKey()
    {
        TempDir dir;
        ServerProcess server(writeConfig(dir, true), {{"ROLECALL_SIGNING_KEY", envKey}},
                             dir.path());
        const std::string token = guestToken(server.port());
        expectVerifies(envKey, token);
        CPPUNIT_ASSERT_THROW(expectVerifies(testSigningKey(), token), rolecall::TokenError);
    }

    void environmentKeyIsNeverEchoed()
    {
        TempDir dir;
        ServerProcess server(writeConfig(dir, false), {{"ROLECALL_SIGNING_KEY", envKey}},
                             dir.path());
        const unsigned short port = server.port();
        std::string seen;
        for (const char* target : {"/guest?room=Keys&user=Kim", "/api/token?role=guest", "/",
                                   "/api/roles", "/healthz", "/nowhere", "/guest?room=%20"})
            seen += httpGet(port, target).body;
        seen += httpGet(port, "/", basicAuth(moderatorUser, moderatorPassword)).body;
        CPPUNIT_ASSERT(seen.find("rolecall-config") != std::string::npos); // pages were read
        CPPUNIT_ASSERT(seen.find(envKey) == std::string::npos);
        server.stop();
        CPPUNIT_ASSERT(server.out().find(envKey) == std::string::npos);
        CPPUNIT_ASSERT(server.err().find(envKey) == std::string::npos);
    }

private:
    /// testConfig() with standardRoles(), with or without its signing_key line.
    static std::string writeConfig(const TempDir& dir, bool withKey)
    {
        std::string text = testConfig(0, dir.file("state"), standardRoles());
        if (!withKey)
        {
            const std::string line = "signing_key = " + testSigningKey() + "\n";
            CPPUNIT_ASSERT(text.find(line) != std::string::npos);
            Poco::replaceInPlace(text, line, std::string());
        }
        return dir.write("rolecall.ini", text);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SigningKeyTest);
