#include "app/CertificateWatcher.h"
#include "Poco/Net/NetSSL.h"
#include <openssl/ssl.h>
#include <sys/stat.h>

namespace rolecall
{

CertificateWatcher::CertificateWatcher(std::string certFile, std::string keyFile,
                                       Poco::Logger& logger)
    : _certFile(std::move(certFile)), _keyFile(std::move(keyFile)), _logger(logger),
      _context(load(_certFile, _keyFile)), _seen(signature())
{
}

Poco::Net::Context::Ptr CertificateWatcher::load(const std::string& certFile,
                                                 const std::string& keyFile)
{
    static const bool initialized = []
    {
        Poco::Net::initializeSSL(); // once, never undone (Poco 1.11 races on teardown)
        return true;
    }();
    (void)initialized;
    try
    {
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, keyFile, certFile, "",
                                   Poco::Net::Context::VERIFY_NONE);
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        context->preferServerCiphers();
        if (SSL_CTX_check_private_key(context->sslContext()) != 1)
            throw Poco::InvalidArgumentException("the key does not belong to the certificate");
        return context;
    }
    catch (const Poco::Exception& e)
    {
        throw Poco::InvalidArgumentException("TLS certificate " + certFile + " with key " +
                                             keyFile + " cannot be used: " + e.displayText());
    }
}

// What identifies the files' contents without reading them: device, inode,
// size and modification time in nanoseconds (a renewal that replaces a
// symbolic link's target changes the inode; an edit in place the rest).
std::string CertificateWatcher::signature() const
{
    std::string out;
    for (const std::string& path : {_certFile, _keyFile})
    {
        struct stat st
        {
        };
        if (::stat(path.c_str(), &st) != 0)
        {
            out += "missing;";
            continue;
        }
        out += std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" +
               std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
               std::to_string(st.st_mtim.tv_nsec) + ";";
    }
    return out;
}

void CertificateWatcher::check(bool force, const Apply& apply)
{
    const std::string now = signature();
    if (!force && now == _seen)
        return;
    _seen = now;
    try
    {
        _context = load(_certFile, _keyFile);
        apply(_context);
        _logger.information("TLS certificate %s reloaded: new connections use it", _certFile);
    }
    catch (const Poco::Exception& e)
    {
        _logger.error("TLS reload refused, still serving the previous certificate: %s",
                      e.message());
    }
}

} // namespace rolecall
