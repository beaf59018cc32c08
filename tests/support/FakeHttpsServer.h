#ifndef rolecall_test_FakeHttpsServer_INCLUDED
#define rolecall_test_FakeHttpsServer_INCLUDED

#include "Poco/Net/Context.h"
#include "Poco/Net/NameValueCollection.h"
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace Poco
{
namespace Net
{
class SecureServerSocket;
}
} // namespace Poco

/// A small HTTP/1.1 server over TLS on 127.0.0.1 for fakes of cloud APIs: one
/// thread per connection, keep-alive as a real API server does it (requests
/// with Content-Length bodies, answered in order), TLS session resumption,
/// and what the tests need to see and steer connection reuse: how many
/// connections and resumed handshakes there were, and a way to close the
/// idle ones as a server's keep-alive timeout would.
///
/// Only each connection's own thread touches its TLS state, so stopping or
/// closing idle connections never races OpenSSL (each thread notices within
/// one poll interval and closes its connection itself, with close_notify).
class FakeHttpsServer
{
public:
    struct Request
    {
        std::string method;
        std::string target;
        Poco::Net::NameValueCollection headers;
        std::string body;
    };

    struct Response
    {
        int status = 200;
        std::string contentType = "application/json";
        Poco::Net::NameValueCollection headers;
        std::string body;
        /// Close the connection instead of answering (the request was handled).
        bool hangUp = false;
    };

    /// Called on the connection's thread; may block (the owner must end the
    /// block when it stops).
    using Handler = std::function<Response(const Request&)>;

    FakeHttpsServer(Poco::Net::Context::Ptr tls, Handler handler);
    ~FakeHttpsServer();
    FakeHttpsServer(const FakeHttpsServer&) = delete;
    FakeHttpsServer& operator=(const FakeHttpsServer&) = delete;

    unsigned short port() const { return _port; }

    /// Stops accepting (later connects are refused), closes idle connections
    /// and waits for every connection's thread. Safe to call twice.
    void stop();

    /// TLS connections accepted so far (completed handshakes).
    std::size_t connections() const;
    /// Of those, handshakes that resumed an earlier TLS session.
    std::size_t resumedHandshakes() const;
    /// Closes every connection that is waiting for its next request and
    /// returns once they are closed; answers how many there were.
    std::size_t closeIdleConnections();

private:
    struct Connection;

    void acceptLoop();
    void serve(const std::shared_ptr<Connection>& connection);
    bool waitForData(Connection& connection);

    Handler _handler;
    std::unique_ptr<Poco::Net::SecureServerSocket> _listener;
    unsigned short _port = 0;
    std::thread _acceptor;

    mutable std::mutex _mutex;
    std::condition_variable _changed;
    bool _stopping = false;
    std::size_t _connections = 0;
    std::size_t _resumed = 0;
    std::list<std::shared_ptr<Connection>> _open;
};

#endif
