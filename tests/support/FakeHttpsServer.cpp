#include "support/FakeHttpsServer.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/SecureServerSocket.h"
#include "Poco/Net/SecureStreamSocket.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include <chrono>
#include <sstream>

namespace
{

// How often a waiting connection looks at the stop and close flags.
const Poco::Timespan pollInterval(0, 20 * 1000);
// A connection with no request for this long is closed, as servers do.
const std::chrono::seconds keepAliveTimeout(30);
const std::size_t maxHeadBytes = 64 * 1024;
const std::size_t maxBodyBytes = 1024 * 1024;

std::string serialize(const FakeHttpsServer::Response& r, bool keepAlive)
{
    std::ostringstream out;
    out << "HTTP/1.1 " << r.status << ' '
        << Poco::Net::HTTPResponse::getReasonForStatus(
               static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status))
        << "\r\n";
    if (!r.contentType.empty())
        out << "Content-Type: " << r.contentType << "\r\n";
    for (const auto& [name, value] : r.headers)
        out << name << ": " << value << "\r\n";
    out << "Content-Length: " << r.body.size() << "\r\n";
    out << "Connection: " << (keepAlive ? "keep-alive" : "close") << "\r\n\r\n" << r.body;
    return out.str();
}

} // namespace

struct FakeHttpsServer::Connection
{
    Poco::Net::SecureStreamSocket socket;
    std::thread thread;
    bool idle = false;        // waiting for the next request
    bool closeWanted = false; // closeIdleConnections() asked it to go
    bool finished = false;    // its thread is done
};

FakeHttpsServer::FakeHttpsServer(Poco::Net::Context::Ptr tls, Handler handler)
    : _handler(std::move(handler))
{
    // Resumption needs a session id context on the server (TLS 1.2 ids;
    // TLS 1.3 tickets work either way).
    tls->enableSessionCache(true, "rolecall-fake");
    _listener = std::make_unique<Poco::Net::SecureServerSocket>(
        Poco::Net::SocketAddress("127.0.0.1", 0), 64, tls);
    _port = _listener->address().port();
    _acceptor = std::thread([this] { acceptLoop(); });
}

FakeHttpsServer::~FakeHttpsServer()
{
    try
    {
        stop();
    }
    catch (...)
    {
    }
}

void FakeHttpsServer::acceptLoop()
{
    for (;;)
    {
        {
            // Reap connections whose threads are done.
            std::lock_guard<std::mutex> lock(_mutex);
            if (_stopping)
                return;
            for (auto it = _open.begin(); it != _open.end();)
            {
                if ((*it)->finished)
                {
                    (*it)->thread.join();
                    it = _open.erase(it);
                }
                else
                    ++it;
            }
        }
        try
        {
            if (!_listener->poll(pollInterval, Poco::Net::Socket::SELECT_READ))
                continue;
            auto connection = std::make_shared<Connection>();
            // The handshake is lazy: it runs on the connection's own thread.
            connection->socket = Poco::Net::SecureStreamSocket(_listener->acceptConnection());
            std::lock_guard<std::mutex> lock(_mutex);
            connection->thread = std::thread([this, connection] { serve(connection); });
            _open.push_back(connection);
        }
        catch (const Poco::Exception&)
        {
            // A client that vanished between poll and accept: keep serving.
        }
    }
}

bool FakeHttpsServer::waitForData(Connection& c)
{
    const auto since = std::chrono::steady_clock::now();
    for (;;)
    {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            if (_stopping || c.closeWanted)
                return false;
        }
        if (c.socket.available() > 0 || c.socket.poll(pollInterval, Poco::Net::Socket::SELECT_READ))
            return true;
        if (std::chrono::steady_clock::now() - since > keepAliveTimeout)
            return false;
    }
}

void FakeHttpsServer::serve(const std::shared_ptr<Connection>& connection)
{
    Connection& c = *connection;
    try
    {
        c.socket.setSendTimeout(Poco::Timespan(5, 0));
        c.socket.setReceiveTimeout(Poco::Timespan(5, 0));
        c.socket.completeHandshake();
        {
            std::lock_guard<std::mutex> lock(_mutex);
            ++_connections;
            _resumed += c.socket.sessionWasReused() ? 1 : 0;
        }
        std::string input;
        char buffer[16384];
        for (bool keepAlive = true; keepAlive;)
        {
            // Read one request: the head, then Content-Length bytes of body.
            std::size_t headEnd;
            while ((headEnd = input.find("\r\n\r\n")) == std::string::npos)
            {
                if (input.empty())
                {
                    {
                        std::lock_guard<std::mutex> lock(_mutex);
                        c.idle = true;
                    }
                    _changed.notify_all();
                    const bool ready = waitForData(c);
                    std::lock_guard<std::mutex> lock(_mutex);
                    c.idle = false;
                    if (!ready || c.closeWanted)
                        throw Poco::Exception("closing");
                }
                const int n = c.socket.receiveBytes(buffer, sizeof buffer);
                if (n <= 0 || input.size() > maxHeadBytes)
                    throw Poco::Exception("peer closed");
                input.append(buffer, static_cast<std::size_t>(n));
            }
            std::istringstream head(input.substr(0, headEnd + 4));
            Poco::Net::HTTPRequest parsed;
            parsed.read(head);
            const std::size_t length = parsed.hasContentLength()
                                           ? static_cast<std::size_t>(parsed.getContentLength64())
                                           : 0;
            if (length > maxBodyBytes)
                throw Poco::Exception("body too large");
            input.erase(0, headEnd + 4);
            while (input.size() < length)
            {
                const int n = c.socket.receiveBytes(buffer, sizeof buffer);
                if (n <= 0)
                    throw Poco::Exception("peer closed");
                input.append(buffer, static_cast<std::size_t>(n));
            }
            Request request;
            request.method = parsed.getMethod();
            request.target = parsed.getURI();
            for (const auto& [name, value] : parsed)
                request.headers.add(name, value);
            request.body = input.substr(0, length);
            input.erase(0, length);

            keepAlive = parsed.getKeepAlive();
            const Response response = _handler(request);
            if (response.hangUp)
                break;
            const std::string reply = serialize(response, keepAlive);
            {
                // Idle from the moment its client can have the answer.
                std::lock_guard<std::mutex> lock(_mutex);
                c.idle = keepAlive && input.empty();
            }
            for (std::size_t sent = 0; sent < reply.size();)
                sent += static_cast<std::size_t>(
                    c.socket.sendBytes(reply.data() + sent, static_cast<int>(reply.size() - sent)));
        }
    }
    catch (const Poco::Exception&)
    {
        // A closed, broken or refused connection ends here.
    }
    try
    {
        c.socket.close(); // close_notify, then FIN, from this thread only
    }
    catch (const Poco::Exception&)
    {
    }
    {
        std::lock_guard<std::mutex> lock(_mutex);
        c.finished = true;
        c.idle = false;
    }
    _changed.notify_all();
}

void FakeHttpsServer::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_stopping)
            return;
        _stopping = true;
    }
    _acceptor.join();
    _listener->close(); // later connects are refused
    std::list<std::shared_ptr<Connection>> open;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        open.swap(_open);
    }
    for (auto& c : open)
        c->thread.join();
}

std::size_t FakeHttpsServer::connections() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _connections;
}

std::size_t FakeHttpsServer::resumedHandshakes() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _resumed;
}

std::size_t FakeHttpsServer::closeIdleConnections()
{
    std::unique_lock<std::mutex> lock(_mutex);
    std::size_t count = 0;
    for (auto& c : _open)
        if (c->idle && !c->finished)
        {
            c->closeWanted = true;
            ++count;
        }
    _changed.wait_for(lock, std::chrono::seconds(5),
                      [this]
                      {
                          for (auto& c : _open)
                              if (c->closeWanted && !c->finished)
                                  return false;
                          return true;
                      });
    return count;
}
