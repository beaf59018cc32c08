// The JSON-RPC envelope both RoomService and the Lobby read: what is wrong
// with a message is named, the id survives for the error reply, and every
// outcome is answered and counted once.
#include "signaling/RpcRequest.h"
#include "metrics/Metrics.h"
#include "support/RecordingOutbox.h"
#include "util/Exceptions.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;

class RpcRequestTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RpcRequestTest);
    CPPUNIT_TEST(aGoodRequestIsRead);
    CPPUNIT_TEST(eachBadEnvelopeIsNamed);
    CPPUNIT_TEST(answerSendsTheResultOrTheErrorAndCountsIt);
    CPPUNIT_TEST(aNotificationGetsNoResultButItsErrorIsSent);
    CPPUNIT_TEST_SUITE_END();

public:
    void aGoodRequestIsRead()
    {
        const RpcRequest r(R"({"jsonrpc":"2.0","id":7,"method":"m","params":{"a":1}})");
        CPPUNIT_ASSERT(r.isObject() && r.valid());
        CPPUNIT_ASSERT_EQUAL(std::string("m"), r.method());
        CPPUNIT_ASSERT_EQUAL(7, r.id().convert<int>());
        CPPUNIT_ASSERT_EQUAL(1, r.params().getValue<int>("a"));
        r.check(); // does not throw
        const RpcRequest noParams(R"({"jsonrpc":"2.0","id":"x","method":"m"})");
        CPPUNIT_ASSERT(noParams.valid() && noParams.params().size() == 0);
        CPPUNIT_ASSERT_EQUAL(std::string("x"), noParams.id().toString());
    }

    static std::string problem(const std::string& text)
    {
        try
        {
            RpcRequest(text).check();
        }
        catch (const RpcError& e)
        {
            CPPUNIT_ASSERT_EQUAL(400, e.code());
            return e.message();
        }
        return "accepted";
    }

    void eachBadEnvelopeIsNamed()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("message is not valid JSON"), problem("{"));
        CPPUNIT_ASSERT_EQUAL(std::string("message must be a JSON-RPC 2.0 object"), problem("[1]"));
        CPPUNIT_ASSERT_EQUAL(std::string("'jsonrpc' must be \"2.0\""),
                             problem(R"({"jsonrpc":"1.0","method":"m"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("'method' is required (a string)"),
                             problem(R"({"jsonrpc":"2.0","method":5})"));
        CPPUNIT_ASSERT_EQUAL(std::string("'params' must be an object"),
                             problem(R"({"jsonrpc":"2.0","method":"m","params":[1]})"));
        CPPUNIT_ASSERT_EQUAL(std::string("'params' must be an object"),
                             problem(R"({"jsonrpc":"2.0","method":"m","params":null})"));
        // An id of another type is not echoed; a bad envelope still keeps a good id.
        CPPUNIT_ASSERT(RpcRequest(R"({"jsonrpc":"2.0","id":{},"method":"m"})").id().isEmpty());
        const RpcRequest bad(R"({"jsonrpc":"1.0","id":3,"method":"m"})");
        CPPUNIT_ASSERT(bad.isObject() && !bad.valid());
        CPPUNIT_ASSERT_EQUAL(3, bad.id().convert<int>());
        CPPUNIT_ASSERT(!RpcRequest("nope").isObject());
    }

    void answerSendsTheResultOrTheErrorAndCountsIt()
    {
        RecordingOutbox outbox;
        Metrics metrics;
        const RpcRequest good(R"({"jsonrpc":"2.0","id":1,"method":"m"})");
        good.answer(outbox, 5, &metrics, "m", [] { return Poco::Dynamic::Var(42); });
        CPPUNIT_ASSERT_EQUAL(42, outbox.reply(5, 1)->getValue<int>("result"));

        const RpcRequest refused(R"({"jsonrpc":"2.0","id":2,"method":"m"})");
        refused.answer(outbox, 5, &metrics, "m",
                       []() -> Poco::Dynamic::Var { throw RpcError("not you", 403); });
        const auto error = outbox.reply(5, 2)->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("403"), error->getValue<std::string>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("not you"), error->getValue<std::string>("message"));

        // A bad envelope never reaches the handler.
        bool ran = false;
        const RpcRequest bad(R"({"jsonrpc":"1.0","id":3,"method":"m"})");
        bad.answer(outbox, 5, &metrics, "invalid",
                   [&]
                   {
                       ran = true;
                       return Poco::Dynamic::Var();
                   });
        CPPUNIT_ASSERT(!ran);
        CPPUNIT_ASSERT_EQUAL(std::string("400"),
                             outbox.reply(5, 3)->getObject("error")->getValue<std::string>("code"));

        const std::string text = metrics.text();
        CPPUNIT_ASSERT_MESSAGE(text,
                               text.find("code=\"200\",method=\"m\"} 1") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text,
                               text.find("code=\"403\",method=\"m\"} 1") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text, text.find("code=\"400\",method=\"invalid\"} 1") !=
                                         std::string::npos);
    }

    void aNotificationGetsNoResultButItsErrorIsSent()
    {
        RecordingOutbox outbox;
        RpcRequest(R"({"jsonrpc":"2.0","method":"m"})")
            .answer(outbox, 9, nullptr, "m", [] { return Poco::Dynamic::Var(1); });
        CPPUNIT_ASSERT(outbox.sent(9).empty());
        RpcRequest(R"({"jsonrpc":"2.0","method":"m"})")
            .answer(outbox, 9, nullptr, "m",
                    []() -> Poco::Dynamic::Var { throw RpcError("busy", 503); });
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), outbox.sent(9).size());
        CPPUNIT_ASSERT(outbox.sent(9)[0]->getObject("error"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RpcRequestTest);
