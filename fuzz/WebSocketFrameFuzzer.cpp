// WebSocketFrame::parse on a stream of arbitrary bytes, frame after frame, as
// the event loop reads them. Invariants: a complete frame lies within the
// bytes, its payload is the masked bytes unmasked and within the limit, any
// cut of it is incomplete, and what the server writes parses back the same.
#include "FuzzCheck.h"
#include "net/WebSocketFrame.h"
#include <cstdint>

using namespace rolecall;

namespace
{

// The server's own frame for `frame`, made a client frame (masked, mask 0).
std::string asClientFrame(const WebSocketFrame& frame)
{
    std::string out;
    WebSocketFrame::write(out, frame.opcode, frame.payload.data(), frame.payload.size());
    const std::size_t header = frame.payload.size() < 126       ? 2
                               : frame.payload.size() <= 0xffff ? 4
                                                                : 10;
    out[1] = static_cast<char>(out[1] | 0x80);
    out.insert(header, 4, '\0');
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    // The first byte sets the payload limit, so "too big" is reached too.
    const std::size_t maxPayload = 16 + std::size_t(data[0]) * 64;
    const char* bytes = reinterpret_cast<const char*>(data) + 1;
    std::size_t left = size - 1;
    while (left > 0)
    {
        WebSocketFrame frame;
        std::size_t consumed = 0;
        int closeCode = 0;
        std::string problem;
        const auto status = frame.parse(bytes, left, maxPayload, consumed, closeCode, problem);
        if (status == WebSocketFrame::Status::Incomplete)
            break;
        if (status == WebSocketFrame::Status::Invalid)
        {
            FUZZ_CHECK(closeCode == 1002 || closeCode == 1009);
            FUZZ_CHECK(!problem.empty());
            break;
        }
        FUZZ_CHECK(consumed >= 6 && consumed <= left);
        FUZZ_CHECK(frame.payload.size() <= maxPayload);
        FUZZ_CHECK(consumed >= frame.payload.size() + 6);
        const auto* masked =
            reinterpret_cast<const unsigned char*>(bytes) + consumed - frame.payload.size();
        const unsigned char* mask = masked - 4;
        for (std::size_t i = 0; i < frame.payload.size(); ++i)
            FUZZ_CHECK(static_cast<unsigned char>(frame.payload[i]) == (masked[i] ^ mask[i & 3]));
        if (frame.opcode >= WebSocketFrame::Close)
            FUZZ_CHECK(frame.final && frame.payload.size() <= 125);

        WebSocketFrame part;
        std::size_t partConsumed = 0;
        FUZZ_CHECK(part.parse(bytes, consumed - 1, maxPayload, partConsumed, closeCode, problem) ==
                   WebSocketFrame::Status::Incomplete);

        const std::string echoed = asClientFrame(frame);
        WebSocketFrame back;
        std::size_t backConsumed = 0;
        FUZZ_CHECK(back.parse(echoed.data(), echoed.size(), maxPayload, backConsumed, closeCode,
                              problem) == WebSocketFrame::Status::Complete);
        FUZZ_CHECK(backConsumed == echoed.size() && back.opcode == frame.opcode &&
                   back.payload == frame.payload);
        if (frame.opcode == WebSocketFrame::Close)
            FUZZ_CHECK(WebSocketFrame::closePayload(1000, frame.payload).size() <= 125);

        bytes += consumed;
        left -= consumed;
    }
    return 0;
}
