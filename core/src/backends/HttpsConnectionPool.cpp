#include "backends/HttpsConnectionPool.h"
#include "Poco/Net/SecureStreamSocket.h"
#include <openssl/ssl.h>
#include <vector>

namespace rolecall
{
namespace
{

/// A TLS session of our own: OpenSSL marks a connection's session object
/// unusable for resumption when that connection ends in an error (a pooled
/// connection the server closed, say), so every holder gets a copy.
class SessionCopy : public Poco::Net::Session
{
public:
    explicit SessionCopy(const Poco::Net::Session& of) : Session(SSL_SESSION_dup(of.sslSession()))
    {
    }
};

Poco::Net::Session::Ptr copyOf(const Poco::Net::Session::Ptr& session)
{
    if (!session || !session->sslSession() || !SSL_SESSION_is_resumable(session->sslSession()))
        return nullptr;
    Poco::Net::Session::Ptr copy = new SessionCopy(*session);
    return copy->sslSession() ? copy : nullptr;
}

} // namespace

HttpsConnectionPool::HttpsConnectionPool(const std::string& host, Poco::UInt16 port,
                                         Poco::Net::Context::Ptr tls, std::size_t maxIdle,
                                         Poco::Timespan idleTimeout, Poco::Timespan timeout)
    : _host(host), _port(port), _tls(std::move(tls)), _maxIdle(maxIdle), _idleTimeout(idleTimeout),
      _timeout(timeout)
{
    // Poco hands a client session to a reconnect only with the cache on.
    _tls->enableSessionCache(true);
}

HttpsConnectionPool::Lease HttpsConnectionPool::take()
{
    std::vector<Idle> expired; // closed outside the lock: closing sends close_notify
    {
        std::lock_guard<std::mutex> lock(_mutex);
        while (!_idle.empty())
        {
            Idle idle = std::move(_idle.back());
            _idle.pop_back();
            if (idle.since.elapsed() < _idleTimeout.totalMicroseconds())
                return {std::move(idle.session), true};
            expired.push_back(std::move(idle));
        }
    }
    return fresh();
}

HttpsConnectionPool::Lease HttpsConnectionPool::fresh()
{
    Poco::Net::Session::Ptr resume;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        resume = copyOf(_tlsSession);
    }
    auto session = std::make_unique<Poco::Net::HTTPSClientSession>(_host, _port, _tls, resume);
    session->setTimeout(_timeout, _timeout, _timeout);
    session->setKeepAlive(true);
    // Poco reconnects by itself after this long; keep it in step with ours.
    session->setKeepAliveTimeout(_idleTimeout);
    return {std::move(session), false};
}

void HttpsConnectionPool::give(Lease lease)
{
    if (!lease.session || !lease.session->connected())
        return;
    Poco::Net::Session::Ptr tlsSession;
    if (!lease.reused)
    {
        // Taken after an answer, not right after the handshake: TLS 1.3 sends
        // its resumption tickets after the handshake, with the first data.
        try
        {
            tlsSession =
                copyOf(Poco::Net::SecureStreamSocket(lease.session->socket()).currentSession());
        }
        catch (const Poco::Exception&)
        {
        }
    }
    // Declared before the lock, so a connection closed here is closed after
    // the lock is released (as is `lease`'s, a parameter).
    std::unique_ptr<Poco::Net::HTTPSClientSession> dropped;
    std::lock_guard<std::mutex> lock(_mutex);
    if (tlsSession)
        _tlsSession = tlsSession;
    if (_maxIdle == 0)
        return;
    if (_idle.size() >= _maxIdle)
    {
        dropped = std::move(_idle.front().session);
        _idle.pop_front();
    }
    _idle.push_back({std::move(lease.session), Poco::Timestamp()});
}

std::size_t HttpsConnectionPool::idleCount() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _idle.size();
}

} // namespace rolecall
