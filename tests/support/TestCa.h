#ifndef rolecall_test_TestCa_INCLUDED
#define rolecall_test_TestCa_INCLUDED

#include "Poco/Net/Context.h"
#include <string>

/// A private certificate authority made at test time with the openssl command
/// line, in a given folder: the CA's key and certificate (ca.pem) and a server
/// key and certificate for 127.0.0.1 and localhost (subjectAltName IP:127.0.0.1,
/// DNS:localhost) signed by it, all valid for one day. Nothing is trusted
/// unless a client is told to trust ca.pem.
class TestCa
{
public:
    /// Creates the files in `folder` (made if missing). Throws
    /// std::runtime_error with openssl's output if a step fails.
    explicit TestCa(const std::string& folder);

    /// The CA's certificate, for clients to trust.
    const std::string& caFile() const { return _caFile; }
    /// The server's certificate, signed by the CA.
    const std::string& certFile() const { return _certFile; }
    /// The server's private key (unencrypted).
    const std::string& keyFile() const { return _keyFile; }

    /// A client TLS context that trusts only this CA (no system store) and
    /// verifies the peer's certificate and host name.
    Poco::Net::Context::Ptr clientContext() const;
    /// A server TLS context presenting the server certificate.
    Poco::Net::Context::Ptr serverContext() const;

    /// Initialises Poco's SSL once per process and never undoes it (Poco
    /// 1.11's set-up and teardown race when repeated). A certificate that
    /// fails verification is rejected (RejectCertificateHandler), never
    /// handed to a console prompt. Called by the contexts above.
    static void initializeSsl();

private:
    std::string _folder;
    std::string _caFile;
    std::string _certFile;
    std::string _keyFile;
};

#endif
