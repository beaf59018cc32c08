#ifndef rolecall_HttpsConnectionPool_INCLUDED
#define rolecall_HttpsConnectionPool_INCLUDED

#include "Poco/Net/Context.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/Session.h"
#include "Poco/Timespan.h"
#include "Poco/Timestamp.h"
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace rolecall
{

/// Keep-alive HTTPS connections to one host, shared by all threads: a caller
/// takes one, makes one exchange, and gives it back. At most `maxIdle` wait
/// in the pool (the most recently used are kept: they are the least likely
/// to have been closed by the server); one idle longer than `idleTimeout` is
/// closed instead of used. New connections resume the TLS session of an
/// earlier one (an abbreviated handshake: no certificate chain, no key
/// exchange signature), so even a cold pool pays the full handshake once.
class HttpsConnectionPool
{
public:
    struct Lease
    {
        std::unique_ptr<Poco::Net::HTTPSClientSession> session;
        /// It has served a request before: the server may have closed it since.
        bool reused = false;
    };

    HttpsConnectionPool(const std::string& host, Poco::UInt16 port, Poco::Net::Context::Ptr tls,
                        std::size_t maxIdle, Poco::Timespan idleTimeout, Poco::Timespan timeout);

    /// The most recently returned idle connection, else a new one (connected
    /// on its first request).
    Lease take();
    /// Always a new connection.
    Lease fresh();
    /// After a complete exchange (the whole answer read): keeps the
    /// connection for the next caller, or closes it when the pool is full.
    void give(Lease lease);

    std::size_t idleCount() const;

private:
    struct Idle
    {
        std::unique_ptr<Poco::Net::HTTPSClientSession> session;
        Poco::Timestamp since;
    };

    const std::string _host;
    const Poco::UInt16 _port;
    Poco::Net::Context::Ptr _tls;
    const std::size_t _maxIdle;
    const Poco::Timespan _idleTimeout;
    const Poco::Timespan _timeout;

    mutable std::mutex _mutex;
    std::deque<Idle> _idle; // oldest first
    Poco::Net::Session::Ptr _tlsSession;
};

} // namespace rolecall

#endif
