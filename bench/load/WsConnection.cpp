#include "load/WsConnection.h"
#include "Poco/Base64Encoder.h"
#include "Poco/DigestEngine.h"
#include "Poco/Exception.h"
#include "Poco/SHA1Engine.h"
#include "Poco/String.h"
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace rolecall::bench
{

namespace
{

std::string base64(const unsigned char* bytes, std::size_t n)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(n));
    encoder.close();
    return out.str();
}

std::string acceptFor(const std::string& key)
{
    Poco::SHA1Engine sha1;
    sha1.update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    const Poco::DigestEngine::Digest& d = sha1.digest();
    return base64(d.data(), d.size());
}

std::string failure(const char* what, int error)
{
    return std::string(what) + ": " + std::strerror(error);
}

} // namespace

sockaddr_in WsConnection::address(const std::string& host, int port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1)
        throw Poco::InvalidArgumentException("--host must be an IPv4 address", host);
    return address;
}

std::string WsConnection::connect(const sockaddr_in& to, int receiveBuffer)
{
    _fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (_fd < 0)
        return failure("socket", errno);
    const int one = 1;
    ::setsockopt(_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (receiveBuffer > 0) // before connect(): the window is negotiated with it
        ::setsockopt(_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
    if (::connect(_fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 &&
        errno != EINPROGRESS)
        return failure("connect", errno);
    return "";
}

std::string WsConnection::connectError() const
{
    int error = 0;
    socklen_t len = sizeof error;
    if (::getsockopt(_fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0)
        return failure("connect", errno);
    return error == 0 ? "" : failure("connect", error);
}

std::string WsConnection::sendUpgrade(const std::string& hostPort, std::uint64_t random1,
                                      std::uint64_t random2)
{
    unsigned char nonce[16];
    std::memcpy(nonce, &random1, 8);
    std::memcpy(nonce + 8, &random2, 8);
    _key = base64(nonce, sizeof nonce);
    _out += "GET /ws HTTP/1.1\r\nHost: " + hostPort +
            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: " +
            _key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    return flush();
}

std::string WsConnection::readUpgrade(bool& done)
{
    const auto end = _in.find("\r\n\r\n");
    done = end != std::string::npos;
    if (!done)
    {
        done = _in.size() > 16384;
        return done ? "handshake: response too long" : "";
    }
    const std::string head = Poco::toLower(_in.substr(0, end + 2));
    if (head.compare(0, 12, "http/1.1 101") != 0)
        return "handshake: " + _in.substr(0, _in.find('\r'));
    if (head.find("sec-websocket-accept: " + Poco::toLower(acceptFor(_key)) + "\r\n") ==
        std::string::npos)
        return "handshake: wrong Sec-WebSocket-Accept";
    _in.erase(0, end + 4); // frames may follow at once
    _key.clear();
    _key.shrink_to_fit();
    return "";
}

std::string WsConnection::send(unsigned char opcode, const std::string& payload, std::uint32_t mask)
{
    // RFC 6455 5.3: every client frame is masked, with a fresh key.
    const std::size_t n = payload.size();
    _out += static_cast<char>(0x80 | opcode);
    if (n < 126)
        _out += static_cast<char>(0x80 | n);
    else if (n < 65536)
    {
        _out += static_cast<char>(0x80 | 126);
        _out += static_cast<char>(n >> 8);
        _out += static_cast<char>(n & 0xff);
    }
    else
    {
        _out += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            _out += static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xff);
    }
    unsigned char key[4];
    std::memcpy(key, &mask, 4);
    _out.append(reinterpret_cast<const char*>(key), 4);
    const std::size_t at = _out.size();
    _out += payload;
    for (std::size_t i = 0; i < n; ++i)
        _out[at + i] = static_cast<char>(_out[at + i] ^ key[i & 3]);
    return flush();
}

std::string WsConnection::flush()
{
    std::size_t sent = 0;
    while (sent < _out.size())
    {
        const ssize_t n = ::send(_fd, _out.data() + sent, _out.size() - sent, MSG_NOSIGNAL);
        if (n < 0)
        {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            if (errno == EINTR)
                continue;
            return failure("send", errno);
        }
        sent += static_cast<std::size_t>(n);
    }
    _out.erase(0, sent);
    return "";
}

std::string WsConnection::receive(char* buffer, std::size_t size)
{
    for (;;)
    {
        const ssize_t n = ::recv(_fd, buffer, size, 0);
        if (n > 0)
        {
            _in.append(buffer, static_cast<std::size_t>(n));
            if (static_cast<std::size_t>(n) < size)
                return "";
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return "";
        if (n < 0 && errno == EINTR)
            continue;
        return n == 0 ? "none:tcp_closed" : "none:reset";
    }
}

WsConnection::FrameStatus WsConnection::nextFrame(Frame& frame, std::size_t maxPayload,
                                                  std::uint64_t& length)
{
    const std::size_t have = _in.size() - _parsed;
    const auto* p = reinterpret_cast<const unsigned char*>(_in.data() + _parsed);
    auto none = [&]
    {
        // Keep only the partial frame; an idle connection holds no big buffer.
        _in.erase(0, _parsed);
        _parsed = 0;
        if (_in.capacity() > 65536 && _in.size() < 4096)
            _in.shrink_to_fit();
        return FrameStatus::None;
    };
    if (have < 2)
        return none();
    length = p[1] & 0x7f;
    std::size_t header = 2;
    if (length == 126)
    {
        if (have < 4)
            return none();
        length = (static_cast<std::uint64_t>(p[2]) << 8) | p[3];
        header = 4;
    }
    else if (length == 127)
    {
        if (have < 10)
            return none();
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | p[2 + i];
        header = 10;
    }
    if (length > maxPayload)
        return FrameStatus::TooLarge;
    const bool masked = p[1] & 0x80; // servers must not mask, but tolerate it
    const std::size_t keyAt = header;
    if (masked)
        header += 4;
    if (have < header + length)
        return none();
    frame.fin = p[0] & 0x80;
    frame.opcode = p[0] & 0x0f;
    frame.payload.assign(_in, _parsed + header, static_cast<std::size_t>(length));
    if (masked)
        for (std::size_t i = 0; i < frame.payload.size(); ++i)
            frame.payload[i] = static_cast<char>(frame.payload[i] ^ p[keyAt + (i & 3)]);
    _parsed += header + static_cast<std::size_t>(length);
    return FrameStatus::Complete;
}

void WsConnection::discardInput()
{
    _in.clear();
    _in.shrink_to_fit();
    _parsed = 0;
}

void WsConnection::close(bool reset)
{
    if (_fd >= 0)
    {
        if (reset)
        {
            const linger abort{1, 0};
            ::setsockopt(_fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        }
        ::close(_fd); // also leaves the epoll set
        _fd = -1;
    }
    discardInput();
    _out.clear();
    _out.shrink_to_fit();
    _key.clear();
}

std::string closeWord(const std::string& code, const std::string& reason)
{
    std::string word = code + ":" + (reason.empty() ? "-" : reason);
    for (char& c : word)
        if (c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r' || c == '=')
            c = '_';
    return word;
}

std::string closeWord(const std::string& payload)
{
    if (payload.size() < 2)
        return closeWord("1005", "");
    return closeWord(std::to_string((static_cast<unsigned char>(payload[0]) << 8) |
                                    static_cast<unsigned char>(payload[1])),
                     payload.substr(2));
}

} // namespace rolecall::bench
