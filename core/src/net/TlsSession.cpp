#include "net/TlsSession.h"
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace rolecall
{

TlsSession::TlsSession(SSL_CTX* context)
    : _ssl(SSL_new(context)), _in(BIO_new(BIO_s_mem())), _out(BIO_new(BIO_s_mem()))
{
    // An empty memory BIO means "no data yet", not end of file.
    BIO_set_mem_eof_return(_in, -1);
    BIO_set_mem_eof_return(_out, -1);
    SSL_set_bio(_ssl, _in, _out); // the session owns both from here
    SSL_set_accept_state(_ssl);
}

TlsSession::~TlsSession()
{
    SSL_free(_ssl);
}

bool TlsSession::handshakeDone() const
{
    return SSL_is_init_finished(_ssl) != 0;
}

// True unless `result` (of an SSL call) is a fatal error.
bool TlsSession::settle(int result)
{
    const int error = SSL_get_error(_ssl, result);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_NONE)
    {
        ERR_clear_error();
        return true;
    }
    char text[256] = "TLS failed";
    if (const unsigned long code = ERR_get_error())
        ERR_error_string_n(code, text, sizeof text);
    _problem = text;
    ERR_clear_error();
    return false;
}

bool TlsSession::receive(const char* data, std::size_t size, std::string& plain, bool& closed)
{
    if (size > 0 && BIO_write(_in, data, static_cast<int>(size)) != static_cast<int>(size))
    {
        _problem = "TLS buffer refused data";
        return false;
    }
    char chunk[16 * 1024];
    for (;;)
    {
        const int n = SSL_read(_ssl, chunk, sizeof chunk);
        if (n > 0)
        {
            plain.append(chunk, static_cast<std::size_t>(n));
            continue;
        }
        if (SSL_get_error(_ssl, n) == SSL_ERROR_ZERO_RETURN)
        {
            closed = true;
            return true;
        }
        return settle(n);
    }
}

void TlsSession::send(const std::string& plain)
{
    std::size_t done = 0;
    while (done < plain.size())
    {
        const int n = SSL_write(_ssl, plain.data() + done, static_cast<int>(plain.size() - done));
        if (n <= 0)
        {
            settle(n);
            return;
        }
        done += static_cast<std::size_t>(n);
    }
}

void TlsSession::takeOutput(std::string& out)
{
    char* data = nullptr;
    const long pending = BIO_get_mem_data(_out, &data);
    if (pending <= 0)
        return;
    out.append(data, static_cast<std::size_t>(pending));
    (void)BIO_reset(_out);
}

void TlsSession::shutdown()
{
    if (handshakeDone())
        (void)SSL_shutdown(_ssl);
    ERR_clear_error();
}

} // namespace rolecall
