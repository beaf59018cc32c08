// One error hierarchy: every error rolecall raises is a RolecallException
// (so a Poco::Exception), carries the status its boundary answers with, and
// says why in what(), even when copied and rethrown through Poco's clone().
#include "util/Exceptions.h"
#include "config/ConfigError.h"
#include "http/RoomQuery.h"
#include "tokens/InviteError.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>

using namespace rolecall;

class ExceptionsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ExceptionsTest);
    CPPUNIT_TEST(eachIsCaughtAsOneBaseWithItsCode);
    CPPUNIT_TEST(whatIsTheMessageNotTheClassName);
    CPPUNIT_TEST(cloneAndRethrowKeepTheTypeAndWhatItCarries);
    CPPUNIT_TEST_SUITE_END();

    template <typename E> static std::pair<int, std::string> caught(const E& thrown)
    {
        try
        {
            throw thrown;
        }
        catch (const RolecallException& e)
        {
            return {e.code(), e.message()};
        }
    }

public:
    void eachIsCaughtAsOneBaseWithItsCode()
    {
        CPPUNIT_ASSERT_EQUAL(401, caught(TokenError("expired")).first);
        CPPUNIT_ASSERT_EQUAL(500, caught(PluginFailure("bug")).first);
        CPPUNIT_ASSERT_EQUAL(502, caught(BackendError("down")).first);
        CPPUNIT_ASSERT_EQUAL(504, caught(BackendError("slow", 504)).first);
        CPPUNIT_ASSERT_EQUAL(400, caught(RpcError("bad")).first);
        CPPUNIT_ASSERT_EQUAL(423, caught(RpcError("locked", 423)).first);
        CPPUNIT_ASSERT_EQUAL(400, caught(BadParameter("room", "is empty")).first);
        CPPUNIT_ASSERT_EQUAL(std::string("parameter 'room' is empty"),
                             caught(BadParameter("room", "is empty")).second);
        CPPUNIT_ASSERT_EQUAL(403, caught(InviteError(InviteError::Reason::Expired, "old")).first);
        CPPUNIT_ASSERT_EQUAL(std::string("a.ini:3: bad\nb.ini:1: worse"),
                             caught(ConfigError({"a.ini:3: bad", "b.ini:1: worse"})).second);
        // And Poco's own catch clauses take ours too.
        CPPUNIT_ASSERT_THROW(throw PluginError("x.so: gone"), Poco::Exception);
    }

    void whatIsTheMessageNotTheClassName()
    {
        const PluginError e("x.so: not a plugin");
        const std::exception& std = e;
        CPPUNIT_ASSERT_EQUAL(std::string("x.so: not a plugin"), std::string(std.what()));
        CPPUNIT_ASSERT_EQUAL(std::string("Plugin error: x.so: not a plugin"), e.displayText());
    }

    void cloneAndRethrowKeepTheTypeAndWhatItCarries()
    {
        const std::unique_ptr<Poco::Exception> config(ConfigError({"a.ini:3: bad"}).clone());
        try
        {
            config->rethrow();
            CPPUNIT_FAIL("not rethrown");
        }
        catch (const ConfigError& e)
        {
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), e.problems().size());
        }
        const std::unique_ptr<Poco::Exception> invite(
            InviteError(InviteError::Reason::Revoked, "revoked").clone());
        try
        {
            invite->rethrow();
            CPPUNIT_FAIL("not rethrown");
        }
        catch (const InviteError& e)
        {
            CPPUNIT_ASSERT(e.reason() == InviteError::Reason::Revoked);
        }
        const std::unique_ptr<Poco::Exception> parameter(BadParameter("user", "too long").clone());
        CPPUNIT_ASSERT_THROW(parameter->rethrow(), BadParameter);
        const std::unique_ptr<Poco::Exception> rpc(RpcError("full", 409).clone());
        try
        {
            rpc->rethrow();
        }
        catch (const RpcError& e)
        {
            CPPUNIT_ASSERT_EQUAL(409, e.code());
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ExceptionsTest);
