#ifndef rolecall_CertificateWatcher_INCLUDED
#define rolecall_CertificateWatcher_INCLUDED

#include "Poco/Logger.h"
#include "Poco/Net/Context.h"
#include <functional>
#include <string>

namespace rolecall
{

/// The HTTPS certificate and key, loaded into a Poco NetSSL Context, and
/// loaded again when either file changes (a certbot renewal) or on SIGHUP.
/// A pair that does not load (missing, unreadable, half written, the key not
/// the certificate's) is refused and logged, and the working one stays.
/// New handshakes get the new certificate; open connections keep theirs.
class CertificateWatcher
{
public:
    using Apply = std::function<void(Poco::Net::Context::Ptr)>;

    /// Loads the pair now (throws, naming both files, if it cannot).
    CertificateWatcher(std::string certFile, std::string keyFile, Poco::Logger& logger);

    Poco::Net::Context::Ptr context() const { return _context; }

    /// Reloads when a file changed since the last look, or always when
    /// `force`; hands a context that loaded to `apply`.
    void check(bool force, const Apply& apply);

    /// A server context for the pair: TLS 1.2 at least, the server's cipher
    /// order, the certificate read as a chain (fullchain.pem works).
    static Poco::Net::Context::Ptr load(const std::string& certFile, const std::string& keyFile);

private:
    std::string signature() const;

    const std::string _certFile;
    const std::string _keyFile;
    Poco::Logger& _logger;
    Poco::Net::Context::Ptr _context;
    std::string _seen;
};

} // namespace rolecall

#endif
