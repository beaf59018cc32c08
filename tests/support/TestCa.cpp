#include "support/TestCa.h"
#include "Poco/File.h"
#include "Poco/Net/RejectCertificateHandler.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/Path.h"
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace
{

// Our own configuration, so the result does not depend on the system's
// openssl.cnf: a CA that may only sign, and a server certificate for the
// loopback address and name.
const char* const config = R"(# made by TestCa
[req]
distinguished_name = dn
prompt = no

[dn]
CN = rolecall test server

[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
)";

std::string quote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs openssl in `folder` through the shell, stdin from /dev/null (a step
// that would prompt fails instead of waiting), stdout and stderr to a log that
// goes into the exception. Not Poco::Process::launch: in 1.11 its child closes
// every descriptor up to the open-files limit before exec, which takes
// 0.1 s or more per step.
void openssl(const std::string& folder, const std::vector<std::string>& args)
{
    const std::string log = folder + "/openssl.log";
    std::string command = "cd " + quote(folder) + " && exec openssl";
    for (const auto& a : args)
        command += " " + quote(a);
    command += " < /dev/null > " + quote(log) + " 2>&1";
    const int status = std::system(command.c_str());
    if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    std::string shown = "openssl";
    for (const auto& a : args)
        shown += " " + a;
    const std::string why = status == -1        ? "could not start a shell"
                            : WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                                : "signal " + std::to_string(WTERMSIG(status));
    throw std::runtime_error("TestCa: `" + shown + "` in " + folder + " failed (" + why +
                             "): " + slurp(log));
}

} // namespace

TestCa::TestCa(const std::string& folder)
    : _folder(Poco::Path(folder).absolute().toString(Poco::Path::PATH_UNIX))
{
    Poco::File(_folder).createDirectories();
    const Poco::Path base(Poco::Path(_folder).makeDirectory());
    auto in = [&](const std::string& name) { return Poco::Path(base, name).toString(); };
    _caFile = in("ca.pem");
    _certFile = in("server.pem");
    _keyFile = in("server-key.pem");
    std::ofstream(in("openssl.cnf")) << config;

    // P-256 keys: quick to make, and every TLS 1.2/1.3 client takes them.
    const std::vector<std::string> newKey = {"-newkey", "ec", "-pkeyopt",
                                             "ec_paramgen_curve:prime256v1", "-nodes"};
    std::vector<std::string> ca = {"req",         "-x509",  "-config", "openssl.cnf",
                                   "-extensions", "ca_ext", "-subj",   "/CN=rolecall test CA",
                                   "-days",       "1"};
    ca.insert(ca.end(), newKey.begin(), newKey.end());
    ca.insert(ca.end(), {"-keyout", "ca-key.pem", "-out", "ca.pem"});
    openssl(_folder, ca);

    std::vector<std::string> request = {"req",         "-new",  "-config",
                                        "openssl.cnf", "-subj", "/CN=localhost"};
    request.insert(request.end(), newKey.begin(), newKey.end());
    request.insert(request.end(), {"-keyout", "server-key.pem", "-out", "server.csr"});
    openssl(_folder, request);

    openssl(_folder, {"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                      "-CAcreateserial", "-CAserial", "ca.srl", "-days", "1", "-extfile",
                      "openssl.cnf", "-extensions", "server_ext", "-out", "server.pem"});
}

Poco::Net::Context::Ptr TestCa::clientContext() const
{
    initializeSsl();
    // VERIFY_STRICT: Poco 1.11 checks the host name only in strict mode when
    // the host is 127.0.0.1 or localhost.
    return new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, "", "", _caFile,
                                  Poco::Net::Context::VERIFY_STRICT, 9, false);
}

Poco::Net::Context::Ptr TestCa::serverContext() const
{
    initializeSsl();
    return new Poco::Net::Context(Poco::Net::Context::SERVER_USE, _keyFile, _certFile, _caFile,
                                  Poco::Net::Context::VERIFY_NONE, 9, false);
}

void TestCa::initializeSsl()
{
    static std::once_flag once;
    std::call_once(once,
                   []
                   {
                       Poco::Net::initializeSSL();
                       Poco::Net::SSLManager::instance().initializeClient(
                           nullptr, new Poco::Net::RejectCertificateHandler(false), nullptr);
                   });
}
