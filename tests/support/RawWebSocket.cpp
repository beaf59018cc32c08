#include "support/RawWebSocket.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JSON/Stringifier.h"
#include "Poco/Timestamp.h"
#include <sstream>
#include <stdexcept>

namespace
{

const unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};

} // namespace

RawWebSocket::RawWebSocket(unsigned short port, const std::string& extraHeaders,
                           int receiveBufferBytes, const std::string& path)
    : _connection(std::make_unique<RawHttp>(port, "", receiveBufferBytes))
{
    _connection->sendGet(path, "Upgrade: websocket\r\n"
                               "Connection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                               "Sec-WebSocket-Version: 13\r\n" +
                                   extraHeaders);
    _handshake = _connection->readResponse(5000);
}

std::string RawWebSocket::frameHeader(int opcode, std::size_t length)
{
    std::string header;
    header += static_cast<char>(0x80 | opcode);
    if (length < 126)
        header += static_cast<char>(0x80 | length);
    else if (length < 65536)
    {
        header += static_cast<char>(0x80 | 126);
        header += static_cast<char>(length >> 8);
        header += static_cast<char>(length & 0xff);
    }
    else
    {
        header += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            header += static_cast<char>((static_cast<std::uint64_t>(length) >> shift) & 0xff);
    }
    header.append(reinterpret_cast<const char*>(mask), 4);
    return header;
}

std::string RawWebSocket::masked(const std::string& payload, std::size_t offset)
{
    std::string out = payload;
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>(out[i] ^ mask[(offset + i) % 4]);
    return out;
}

void RawWebSocket::sendFrame(int opcode, const std::string& payload)
{
    _connection->send(frameHeader(opcode, payload.size()) + masked(payload));
}

int RawWebSocket::request(const std::string& method, Poco::JSON::Object::Ptr params)
{
    Poco::JSON::Object::Ptr message = new Poco::JSON::Object;
    const int id = _nextId++;
    message->set("jsonrpc", "2.0");
    message->set("id", id);
    message->set("method", method);
    message->set("params", params);
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(message, out);
    sendText(out.str());
    return id;
}

RawWebSocket::Frame RawWebSocket::readFrame(int ms, bool answerPings)
{
    Poco::Timestamp start;
    auto remaining = [&] { return std::max(1, ms - static_cast<int>(start.elapsed() / 1000)); };
    for (;;)
    {
        const std::string head = _connection->readExactly(2, remaining());
        Frame frame;
        frame.fin = (head[0] & 0x80) != 0;
        frame.opcode = head[0] & 0x0f;
        std::uint64_t length = static_cast<unsigned char>(head[1]) & 0x7f;
        const bool isMasked = (head[1] & 0x80) != 0;
        if (length >= 126)
        {
            const std::string ext = _connection->readExactly(length == 126 ? 2 : 8, remaining());
            length = 0;
            for (char c : ext)
                length = (length << 8) | static_cast<unsigned char>(c);
        }
        const std::string key = isMasked ? _connection->readExactly(4, remaining()) : "";
        frame.payload = _connection->readExactly(static_cast<std::size_t>(length), remaining());
        if (isMasked)
            for (std::size_t i = 0; i < frame.payload.size(); ++i)
                frame.payload[i] = static_cast<char>(frame.payload[i] ^ key[i % 4]);
        if (frame.opcode == 9 && answerPings)
        {
            sendFrame(10, frame.payload);
            continue;
        }
        return frame;
    }
}

Poco::JSON::Object::Ptr RawWebSocket::reply(int id, int ms)
{
    Poco::Timestamp start;
    while (start.elapsed() < ms * 1000LL)
    {
        const Frame frame = readFrame(std::max(1, ms - static_cast<int>(start.elapsed() / 1000)));
        if (frame.opcode == 8)
            throw std::runtime_error("connection closed by server");
        if (frame.opcode != 1)
            continue;
        auto message = Poco::JSON::Parser().parse(frame.payload).extract<Poco::JSON::Object::Ptr>();
        if (message->has("id") && !message->isNull("id") && message->getValue<int>("id") == id)
            return message;
    }
    throw std::runtime_error("no reply to request " + std::to_string(id));
}

int RawWebSocket::waitClosed(int ms)
{
    Poco::Timestamp start;
    for (;;)
    {
        const int left = ms - static_cast<int>(start.elapsed() / 1000);
        if (left <= 0)
            throw std::runtime_error("server did not close the connection within " +
                                     std::to_string(ms) + " ms");
        Frame frame;
        try
        {
            frame = readFrame(left, false);
        }
        catch (const std::runtime_error&)
        {
            if (_connection->closed())
                return -1;
            throw std::runtime_error("server did not close the connection within " +
                                     std::to_string(ms) + " ms");
        }
        if (frame.opcode == 8)
            return frame.payload.size() >= 2 ? (static_cast<unsigned char>(frame.payload[0]) << 8) |
                                                   static_cast<unsigned char>(frame.payload[1])
                                             : 1005;
    }
}
