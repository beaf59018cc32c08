#include "support/WsClient.h"
#include "Poco/Buffer.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JSON/Stringifier.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Timestamp.h"
#include <sstream>
#include <stdexcept>

using Poco::Net::WebSocket;

WsClient::WsClient(unsigned short port) : _session("127.0.0.1", port)
{
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/ws",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTTPResponse response;
    _socket = std::make_unique<WebSocket>(_session, request, response);
    _socket->setMaxPayloadSize(1 << 20);
}

void WsClient::sendText(const std::string& text)
{
    _socket->sendFrame(text.data(), static_cast<int>(text.size()), WebSocket::FRAME_TEXT);
}

void WsClient::sendBinary(const std::string& bytes)
{
    _socket->sendFrame(bytes.data(), static_cast<int>(bytes.size()), WebSocket::FRAME_BINARY);
}

int WsClient::request(const std::string& method, Poco::JSON::Object::Ptr p)
{
    Poco::JSON::Object::Ptr message = new Poco::JSON::Object;
    const int id = _nextId++;
    message->set("jsonrpc", "2.0");
    message->set("id", id);
    message->set("method", method);
    message->set("params", p);
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(message, out);
    sendText(out.str());
    return id;
}

Poco::JSON::Object::Ptr WsClient::receive(int ms)
{
    _socket->setReceiveTimeout(Poco::Timespan(0, ms * 1000));
    for (;;)
    {
        Poco::Buffer<char> buffer(0);
        int flags = 0;
        const int n = _socket->receiveFrame(buffer, flags);
        const int op = flags & WebSocket::FRAME_OP_BITMASK;
        if (n == 0 && flags == 0)
            throw std::runtime_error("connection closed");
        if (op == WebSocket::FRAME_OP_PING)
        {
            _socket->sendFrame(buffer.begin(), n,
                               WebSocket::FRAME_FLAG_FIN | WebSocket::FRAME_OP_PONG);
            continue;
        }
        if (op == WebSocket::FRAME_OP_CLOSE)
            throw std::runtime_error("connection closed by server");
        if (op != WebSocket::FRAME_OP_TEXT)
            continue;
        return Poco::JSON::Parser()
            .parse(std::string(buffer.begin(), static_cast<std::size_t>(n)))
            .extract<Poco::JSON::Object::Ptr>();
    }
}

Poco::JSON::Object::Ptr WsClient::reply(int id, int ms)
{
    for (auto it = _kept.begin(); it != _kept.end(); ++it)
        if ((*it)->has("id") && !(*it)->isNull("id") && (*it)->getValue<int>("id") == id)
        {
            auto found = *it;
            _kept.erase(it);
            return found;
        }
    Poco::Timestamp start;
    while (start.elapsed() < ms * 1000LL)
    {
        auto message = receive(ms);
        if (message->has("id") && !message->isNull("id") && message->getValue<int>("id") == id)
            return message;
        _kept.push_back(message);
    }
    throw std::runtime_error("no reply to request " + std::to_string(id));
}

Poco::JSON::Object::Ptr WsClient::next(const std::string& method, int ms)
{
    for (auto it = _kept.begin(); it != _kept.end(); ++it)
        if ((*it)->optValue<std::string>("method", "") == method)
        {
            auto found = *it;
            _kept.erase(it);
            return found->getObject("params");
        }
    Poco::Timestamp start;
    while (start.elapsed() < ms * 1000LL)
    {
        auto message = receive(ms);
        if (message->optValue<std::string>("method", "") == method)
            return message->getObject("params");
        _kept.push_back(message);
    }
    throw std::runtime_error("no " + method + " notification");
}

Poco::JSON::Object::Ptr WsClient::tryNext(const std::string& method, int ms)
{
    try
    {
        return next(method, ms);
    }
    catch (const std::exception&)
    {
        return nullptr;
    }
}

std::string WsClient::nextErrorCode(int ms)
{
    for (auto it = _kept.begin(); it != _kept.end(); ++it)
        if ((*it)->has("error"))
        {
            const std::string code = errorCode(*it);
            _kept.erase(it);
            return code;
        }
    Poco::Timestamp start;
    try
    {
        while (start.elapsed() < ms * 1000LL)
        {
            auto message = receive(ms);
            if (message->has("error"))
                return errorCode(message);
            _kept.push_back(message);
        }
    }
    catch (const Poco::TimeoutException&)
    {
    }
    return "none";
}

void WsClient::sync(int ms)
{
    const auto answer = reply(request("rolecall.test.barrier"), ms);
    if (!answer->has("error"))
        throw std::runtime_error("the barrier request was not refused: does the server know it?");
}

bool WsClient::silentAbout(const std::string& method)
{
    sync();
    for (const auto& message : _kept)
        if (message->optValue<std::string>("method", "") == method)
            return false;
    return true;
}

Poco::JSON::Object::Ptr WsClient::join(const std::string& token)
{
    auto answer = reply(request("room.join", params({{"token", token}})));
    if (!answer->has("result"))
        throw std::runtime_error("join refused: " + errorCode(answer));
    return answer->getObject("result");
}

std::string WsClient::errorCode(const Poco::JSON::Object::Ptr& reply)
{
    auto error = reply->getObject("error");
    return error ? error->getValue<std::string>("code") : std::string();
}

int WsClient::waitClosed(int ms)
{
    _socket->setReceiveTimeout(Poco::Timespan(0, ms * 1000));
    try
    {
        for (;;)
        {
            Poco::Buffer<char> buffer(0);
            int flags = 0;
            const int n = _socket->receiveFrame(buffer, flags);
            if (n == 0 && flags == 0)
                return -1;
            if ((flags & WebSocket::FRAME_OP_BITMASK) == WebSocket::FRAME_OP_CLOSE)
                return n >= 2 ? ((static_cast<unsigned char>(buffer[0]) << 8) |
                                 static_cast<unsigned char>(buffer[1]))
                              : 1005;
        }
    }
    catch (const Poco::TimeoutException&)
    {
        throw std::runtime_error("server did not close the connection");
    }
    catch (const Poco::Exception&)
    {
        return -1;
    }
}

void WsClient::cut()
{
    _socket->setLinger(true, 0); // RST, no FIN handshake: like a pulled cable
    _socket->close();
}

Poco::JSON::Object::Ptr
params(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> items)
{
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    for (const auto& [key, value] : items)
        object->set(key, value);
    return object;
}
