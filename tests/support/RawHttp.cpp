#include "support/RawHttp.h"
#include "Poco/Net/NetException.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include "Poco/Timestamp.h"
#include <stdexcept>
#include <sys/socket.h>

namespace
{

Poco::Int64 deadlineIn(int ms)
{
    return Poco::Timestamp().epochMicroseconds() + ms * 1000LL;
}

Poco::Int64 left(Poco::Int64 deadline)
{
    return deadline - Poco::Timestamp().epochMicroseconds();
}

} // namespace

std::string RawHttp::Response::header(const std::string& name) const
{
    std::size_t start = head.find("\r\n");
    while (start != std::string::npos && start + 2 < head.size())
    {
        start += 2;
        const std::size_t end = std::min(head.find("\r\n", start), head.size());
        const std::string line = head.substr(start, end - start);
        const std::size_t colon = line.find(':');
        if (colon != std::string::npos && Poco::icompare(line.substr(0, colon), name) == 0)
            return Poco::trim(line.substr(colon + 1));
        start = end;
    }
    return {};
}

RawHttp::RawHttp(unsigned short port, const std::string& from, int receiveBufferBytes)
    : _socket(Poco::Net::SocketAddress::IPv4), _port(port)
{
    if (receiveBufferBytes > 0)
        _socket.setReceiveBufferSize(receiveBufferBytes);
    if (!from.empty())
        _socket.impl()->bind(Poco::Net::SocketAddress(from, 0), false);
    _socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(5, 0));
    _socket.setNoDelay(true);
    _socket.setSendTimeout(Poco::Timespan(5, 0));
}

RawHttp::~RawHttp()
{
    close();
}

void RawHttp::close()
{
    try
    {
        _socket.close();
    }
    catch (const Poco::Exception&)
    {
    }
}

void RawHttp::send(const std::string& bytes)
{
    std::size_t sent = 0;
    while (sent < bytes.size())
    {
        int n = 0;
        try
        {
            n = _socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent),
                                  MSG_NOSIGNAL);
        }
        catch (const Poco::Exception& e)
        {
            throw std::runtime_error("sending failed after " + std::to_string(sent) +
                                     " bytes: " + e.displayText());
        }
        if (n <= 0)
            throw std::runtime_error("sending failed after " + std::to_string(sent) + " bytes");
        sent += static_cast<std::size_t>(n);
    }
}

bool RawHttp::trySend(const std::string& bytes)
{
    try
    {
        send(bytes);
        return true;
    }
    catch (const std::exception&)
    {
        return false;
    }
}

void RawHttp::sendGet(const std::string& target, const std::string& extraHeaders)
{
    send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(_port) + "\r\n" +
         extraHeaders + "\r\n");
}

bool RawHttp::fill(const Poco::Int64 deadline)
{
    if (_closed)
        return false;
    const Poco::Int64 wait = std::max<Poco::Int64>(left(deadline), 0);
    try
    {
        if (!_socket.poll(Poco::Timespan(wait), Poco::Net::Socket::SELECT_READ))
            return false;
        char chunk[65536];
        const int n = _socket.receiveBytes(chunk, sizeof chunk);
        if (n <= 0)
        {
            _closed = true;
            return false;
        }
        _buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }
    catch (const Poco::Exception&) // reset by the server
    {
        _closed = true;
        return false;
    }
}

std::string RawHttp::readExactly(std::size_t n, int ms)
{
    const Poco::Int64 deadline = deadlineIn(ms);
    while (_buffer.size() < n)
        if (!fill(deadline))
            throw std::runtime_error(
                _closed ? "connection closed after " + std::to_string(_buffer.size()) + " of " +
                              std::to_string(n) + " bytes"
                        : "only " + std::to_string(_buffer.size()) + " of " + std::to_string(n) +
                              " bytes within " + std::to_string(ms) + " ms");
    std::string out = _buffer.substr(0, n);
    _buffer.erase(0, n);
    return out;
}

RawHttp::Response RawHttp::readResponse(int ms)
{
    const Poco::Int64 deadline = deadlineIn(ms);
    auto fail = [&](const std::string& what)
    {
        throw std::runtime_error(
            what + (_closed ? " (connection closed)" : " within " + std::to_string(ms) + " ms") +
            "; got " + std::to_string(_buffer.size()) + " bytes: " + _buffer.substr(0, 200));
    };
    std::size_t end;
    while ((end = _buffer.find("\r\n\r\n")) == std::string::npos)
        if (!fill(deadline))
            fail("no complete response head");
    Response response;
    response.head = _buffer.substr(0, end);
    _buffer.erase(0, end + 4);
    if (response.head.compare(0, 5, "HTTP/") != 0 || response.head.size() < 12)
        throw std::runtime_error("not an HTTP response: " + response.head.substr(0, 200));
    response.status = Poco::NumberParser::parse(response.head.substr(9, 3));

    const bool noBody =
        response.status / 100 == 1 || response.status == 204 || response.status == 304;
    const std::string length = response.header("Content-Length");
    if (noBody)
        return response;
    if (!length.empty())
    {
        const std::size_t n = Poco::NumberParser::parseUnsigned64(length);
        while (_buffer.size() < n)
            if (!fill(deadline))
                fail("body shorter than Content-Length " + length);
        response.body = _buffer.substr(0, n);
        _buffer.erase(0, n);
    }
    else if (Poco::icompare(response.header("Transfer-Encoding"), "chunked") == 0)
    {
        for (;;)
        {
            std::size_t eol;
            while ((eol = _buffer.find("\r\n")) == std::string::npos)
                if (!fill(deadline))
                    fail("incomplete chunk size");
            const std::size_t size = Poco::NumberParser::parseHex64(
                Poco::trim(_buffer.substr(0, _buffer.find_first_of(";\r"))));
            while (_buffer.size() < eol + 2 + size + 2)
                if (!fill(deadline))
                    fail("incomplete chunk");
            response.body += _buffer.substr(eol + 2, size);
            _buffer.erase(0, eol + 2 + size + 2);
            if (size == 0)
                break;
        }
    }
    else
    {
        while (fill(deadline))
        {
        }
        if (!_closed)
            fail("no end of a body without length");
        response.body = std::move(_buffer);
        _buffer.clear();
    }
    return response;
}

bool RawHttp::closedWithin(int ms)
{
    const Poco::Int64 deadline = deadlineIn(ms);
    while (!_closed && left(deadline) > 0)
        fill(deadline);
    return _closed;
}

bool RawHttp::readable()
{
    if (_closed || !_buffer.empty())
        return true;
    try
    {
        return _socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ);
    }
    catch (const Poco::Exception&)
    {
        return true;
    }
}

RawHttp::Response RawHttp::get(unsigned short port, const std::string& target, int ms,
                               const std::string& extraHeaders)
{
    RawHttp connection(port);
    connection.sendGet(target, "Connection: close\r\n" + extraHeaders);
    return connection.readResponse(ms);
}
