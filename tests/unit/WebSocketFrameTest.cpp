#include "net/WebSocketFrame.h"
#include "support/RawWebSocket.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;
using Status = WebSocketFrame::Status;

namespace
{

// A client frame: masked, as RawWebSocket (the integration tests' client) sends it.
std::string clientFrame(int opcode, const std::string& payload, bool final = true)
{
    std::string frame =
        RawWebSocket::frameHeader(opcode, payload.size()) + RawWebSocket::masked(payload);
    if (!final)
        frame[0] = static_cast<char>(frame[0] & 0x7f);
    return frame;
}

} // namespace

class WebSocketFrameTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WebSocketFrameTest);
    CPPUNIT_TEST(parsesOnlyWhenComplete);
    CPPUNIT_TEST(unmasksEveryLengthForm);
    CPPUNIT_TEST(refusesWhatTheProtocolForbids);
    CPPUNIT_TEST(capsThePayloadBeforeItArrives);
    CPPUNIT_TEST(writesServerFrames);
    CPPUNIT_TEST_SUITE_END();

public:
    static Status parse(const std::string& bytes, WebSocketFrame& frame, std::size_t& consumed,
                        int& code, std::size_t max = 1 << 20)
    {
        std::string problem;
        return frame.parse(bytes.data(), bytes.size(), max, consumed, code, problem);
    }

    void parsesOnlyWhenComplete()
    {
        const std::string bytes = clientFrame(WebSocketFrame::Text, "hello");
        WebSocketFrame frame;
        std::size_t consumed = 0;
        int code = 0;
        for (std::size_t n = 0; n < bytes.size(); ++n)
            CPPUNIT_ASSERT(parse(bytes.substr(0, n), frame, consumed, code) == Status::Incomplete);
        CPPUNIT_ASSERT(parse(bytes + "trailing", frame, consumed, code) == Status::Complete);
        CPPUNIT_ASSERT_EQUAL(bytes.size(), consumed);
        CPPUNIT_ASSERT_EQUAL(std::string("hello"), frame.payload);
        CPPUNIT_ASSERT_EQUAL(int(WebSocketFrame::Text), frame.opcode);
        CPPUNIT_ASSERT(frame.final);
    }

    void unmasksEveryLengthForm()
    {
        for (std::size_t n : {0u, 125u, 126u, 65535u, 65536u, 200000u})
        {
            std::string payload(n, 'x');
            for (std::size_t i = 0; i < n; ++i)
                payload[i] = static_cast<char>('a' + i % 26);
            WebSocketFrame frame;
            std::size_t consumed = 0;
            int code = 0;
            CPPUNIT_ASSERT(parse(clientFrame(WebSocketFrame::Text, payload), frame, consumed,
                                 code) == Status::Complete);
            CPPUNIT_ASSERT(payload == frame.payload);
        }
    }

    void refusesWhatTheProtocolForbids()
    {
        auto code = [](std::string bytes)
        {
            WebSocketFrame frame;
            std::size_t consumed = 0;
            int closeCode = 0;
            CPPUNIT_ASSERT(parse(bytes, frame, consumed, closeCode) == Status::Invalid);
            return closeCode;
        };
        std::string unmasked = clientFrame(WebSocketFrame::Text, "hi");
        unmasked[1] = static_cast<char>(unmasked[1] & 0x7f);
        CPPUNIT_ASSERT_EQUAL(1002, code(unmasked));
        std::string reserved = clientFrame(WebSocketFrame::Text, "hi");
        reserved[0] = static_cast<char>(reserved[0] | 0x40);
        CPPUNIT_ASSERT_EQUAL(1002, code(reserved));
        CPPUNIT_ASSERT_EQUAL(1002, code(clientFrame(0x3, "hi")));
        CPPUNIT_ASSERT_EQUAL(1002, code(clientFrame(0xB, "hi")));
        CPPUNIT_ASSERT_EQUAL(1002, code(clientFrame(WebSocketFrame::Ping, "x", false)));
        CPPUNIT_ASSERT_EQUAL(1002, code(clientFrame(WebSocketFrame::Ping, std::string(126, 'x'))));
    }

    void capsThePayloadBeforeItArrives()
    {
        // Only the header of a 1 MB frame: refused without waiting for it.
        const std::string header =
            clientFrame(WebSocketFrame::Text, std::string(1 << 20, 'x')).substr(0, 14);
        WebSocketFrame frame;
        std::size_t consumed = 0;
        int code = 0;
        CPPUNIT_ASSERT(parse(header, frame, consumed, code, 65536) == Status::Invalid);
        CPPUNIT_ASSERT_EQUAL(1009, code);
    }

    void writesServerFrames()
    {
        std::string out;
        WebSocketFrame::write(out, WebSocketFrame::Text, "hi", 2);
        CPPUNIT_ASSERT_EQUAL(std::string("\x81\x02hi"), out);
        out.clear();
        const std::string big(300, 'y');
        WebSocketFrame::write(out, WebSocketFrame::Text, big.data(), big.size());
        CPPUNIT_ASSERT_EQUAL(std::string("\x81\x7e\x01\x2c", 4), out.substr(0, 4));
        CPPUNIT_ASSERT_EQUAL(std::size_t(304), out.size());
        const std::string close = WebSocketFrame::closePayload(1008, "not reading");
        CPPUNIT_ASSERT_EQUAL(std::string("\x03\xf0not reading"), close);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WebSocketFrameTest);
