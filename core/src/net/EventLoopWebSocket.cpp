#include "net/EventLoop.h"
#include "net/WebSocketFrame.h"
#include "net/WebSocketListener.h"

// The WebSocket side of the event loop: frames in, messages and control
// frames out. (net/EventLoop.h has the design.)

namespace rolecall
{

void EventLoop::processFrames(Connection& c)
{
    WebSocketFrame frame;
    std::size_t at = 0;
    while (c.state == Connection::State::Open && at < c.in.size())
    {
        std::size_t consumed = 0;
        int code = 0;
        std::string problem;
        const auto status =
            frame.parse(c.in.data() + at, c.in.size() - at,
                        static_cast<std::size_t>(_limits.maxMessageBytes), consumed, code, problem);
        if (status == WebSocketFrame::Status::Incomplete)
            break;
        if (status == WebSocketFrame::Status::Invalid)
        {
            closeConnection(c, "protocol error: " + problem, code, problem);
            break;
        }
        at += consumed;
        c.unansweredPings = 0; // a frame read is a sign of life
        c.nextPing = _now + _limits.pingIntervalMs;
        switch (frame.opcode)
        {
        case WebSocketFrame::Text:
            if (c.fragmented)
                closeConnection(c, "protocol error: a new message inside a fragmented one", 1002,
                                "message out of order");
            else if (frame.final)
                c.listener->message(c.id, frame.payload);
            else
            {
                c.fragmented = true;
                c.message = std::move(frame.payload);
            }
            break;
        case WebSocketFrame::Continuation:
            if (!c.fragmented)
                closeConnection(c, "protocol error: a continuation without a message", 1002,
                                "message out of order");
            else if (c.message.size() + frame.payload.size() >
                     static_cast<std::size_t>(_limits.maxMessageBytes))
                closeConnection(c, "message too big", 1009, "message too big");
            else
            {
                c.message += frame.payload;
                if (frame.final)
                {
                    c.fragmented = false;
                    const std::string text = std::move(c.message);
                    c.message.clear();
                    c.listener->message(c.id, text);
                }
            }
            break;
        case WebSocketFrame::Binary:
            closeConnection(c, "sent a binary frame", 1003, "only text frames are accepted");
            break;
        case WebSocketFrame::Close:
            closeConnection(c, "left", 1000, ""); // our close frame is the echo
            break;
        case WebSocketFrame::Ping:
            sendFrame(c, WebSocketFrame::Pong, frame.payload);
            break;
        default: // Pong
            break;
        }
    }
    c.in.erase(0, at);
    if (c.in.empty())
    {
        c.frameStarted = 0;
        if (c.in.capacity() > 4096)
            std::string().swap(c.in); // idle members keep no large buffer
    }
    else if (c.frameStarted == 0)
        c.frameStarted = _now;
    if (c.peerClosed && c.state == Connection::State::Open)
        closeConnection(c, "disconnected", 1006, "", true);
}

void EventLoop::sendText(ConnectionId id, const std::string& text)
{
    Connection* c = find(id);
    if (!c || !c->listener || c->closeQueued || c->broken)
        return;
    if (c->out.bytes() + text.size() > static_cast<std::size_t>(_limits.sendQueueBytes))
    {
        // It does not read what it is sent. Drop what has not started to go
        // out, so the close frame can follow the partly sent front.
        logLimit("closing connection " + std::to_string(id) + " from " + c->address +
                 ": not reading (" + std::to_string(c->out.bytes()) +
                 " bytes queued, limits.send_queue_bytes = " +
                 std::to_string(_limits.sendQueueBytes) + ")");
        c->out.dropUnsent();
        closeConnection(*c,
                        "not reading (send queue over " + std::to_string(_limits.sendQueueBytes) +
                            " bytes)",
                        1008, "not reading fast enough");
        return;
    }
    sendFrame(*c, WebSocketFrame::Text, text);
}

void EventLoop::close(ConnectionId id, int code, const std::string& reason)
{
    if (Connection* c = find(id))
        closeConnection(*c, reason, code, reason);
}

void EventLoop::sendFrame(Connection& c, int opcode, const std::string& payload)
{
    std::string frame;
    frame.reserve(payload.size() + 10);
    WebSocketFrame::write(frame, opcode, payload.data(), payload.size());
    enqueue(c, std::move(frame));
}

} // namespace rolecall
