#ifndef rolecall_TlsSession_INCLUDED
#define rolecall_TlsSession_INCLUDED

#include <cstddef>
#include <string>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct bio_st BIO;

namespace rolecall
{

/// The server side of one TLS connection, on OpenSSL memory BIOs: the event
/// loop feeds it the bytes it read and sends what it produces, so TLS never
/// touches the socket and never blocks (the loop's buffers, deadlines and
/// queues stay as for plain HTTP). Loop thread only.
class TlsSession
{
public:
    /// `context` comes from a Poco NetSSL Context (TLS_SERVER_USE), which
    /// keeps it alive for as long as any session made from it.
    explicit TlsSession(SSL_CTX* context);
    ~TlsSession();
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;

    /// Feeds received bytes; appends what they decrypt to into `plain`.
    /// False on a TLS error (see problem()); `closed` is set when the peer
    /// ended the session (close_notify).
    bool receive(const char* data, std::size_t size, std::string& plain, bool& closed);

    /// Encrypts `plain` for sending (after the handshake).
    void send(const std::string& plain);

    /// Moves the bytes to send (handshake records, encrypted data) into `out`.
    void takeOutput(std::string& out);

    /// Appends a close_notify to the output.
    void shutdown();

    bool handshakeDone() const;
    const std::string& problem() const { return _problem; }

private:
    bool settle(int result);

    SSL* _ssl = nullptr;
    BIO* _in = nullptr;  // network -> TLS
    BIO* _out = nullptr; // TLS -> network
    std::string _problem;
};

} // namespace rolecall

#endif
