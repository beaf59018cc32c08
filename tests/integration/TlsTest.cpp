// HTTPS and WSS served by the event loop itself ([tls] cert_file, key_file),
// against the real binary over real TLS sockets, with a CA made at test time.
#include "Poco/JSON/Parser.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/WebSocket.h"
#include "Poco/StreamCopier.h"
#include "support/RawHttp.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestCa.h"
#include "support/TestConfig.h"
#include <cppunit/extensions/HelperMacros.h>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <openssl/ssl.h>

namespace
{

struct Reply
{
    int status;
    std::string body;
    Poco::Net::HTTPResponse head;
};

Reply httpsGet(unsigned short port, Poco::Net::Context::Ptr context, const std::string& target)
{
    Poco::Net::HTTPSClientSession session("127.0.0.1", port, context);
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest request("GET", target, Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Reply reply{0, "", {}};
    std::istream& in = session.receiveResponse(reply.head);
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.status = reply.head.getStatus();
    return reply;
}

// Whether a TLS handshake that offers at most `version` completes.
bool handshakeWith(unsigned short port, int version)
{
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_security_level(context, 0); // let the client offer old versions
    SSL_CTX_set_max_proto_version(context, version);
    SSL_CTX_set_min_proto_version(context, TLS1_VERSION);
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    SSL* ssl = SSL_new(context);
    SSL_set_fd(ssl, socket.impl()->sockfd());
    const bool done = SSL_connect(ssl) == 1;
    SSL_free(ssl);
    SSL_CTX_free(context);
    return done;
}

/// One TLS connection kept open (OpenSSL directly: Poco's client session
/// may reconnect silently, which would hide what this tests).
class RawTls
{
public:
    RawTls(unsigned short port, const std::string& caFile)
        : _socket(Poco::Net::SocketAddress("127.0.0.1", port))
    {
        _socket.setReceiveTimeout(Poco::Timespan(5, 0));
        _context = SSL_CTX_new(TLS_client_method());
        SSL_CTX_load_verify_locations(_context, caFile.c_str(), nullptr);
        SSL_CTX_set_verify(_context, SSL_VERIFY_PEER, nullptr);
        _ssl = SSL_new(_context);
        SSL_set_fd(_ssl, _socket.impl()->sockfd());
        if (SSL_connect(_ssl) != 1)
            throw std::runtime_error("TLS handshake failed");
    }
    ~RawTls()
    {
        SSL_free(_ssl);
        SSL_CTX_free(_context);
    }

    /// The answer's status line and headers to GET `target`.
    std::string get(const std::string& target)
    {
        const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        SSL_write(_ssl, request.data(), static_cast<int>(request.size()));
        char buffer[4096];
        const int n = SSL_read(_ssl, buffer, sizeof buffer);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }

private:
    Poco::Net::StreamSocket _socket;
    SSL_CTX* _context = nullptr;
    SSL* _ssl = nullptr;
};

} // namespace

class TlsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TlsTest);
    CPPUNIT_TEST(pagesAndApiOverHttps);
    CPPUNIT_TEST(membersJoinOverWss);
    CPPUNIT_TEST(tlsBelow12IsRefused);
    CPPUNIT_TEST(plainHttpOnTheHttpsPortIsToldSo);
    CPPUNIT_TEST(redirectPortAnswers308ToHttps);
    CPPUNIT_TEST(unreadableOrMismatchedFilesStopTheStart);
    CPPUNIT_TEST(renewedCertificateIsServedAndOpenConnectionsStay);
    CPPUNIT_TEST(brokenRenewalIsRefusedAndTheOldCertificateStays);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        dir = std::make_unique<TempDir>();
        ca = std::make_unique<TestCa>(dir->file("ca"));
        // Both ports 0: the server logs the ones it got.
        const std::string config = writeConfig("rolecall.ini", ca->certFile(), ca->keyFile(), true);
        server = std::make_unique<ServerProcess>(config);
        port = server->port();
        redirectPort = server->redirectPort();
        CPPUNIT_ASSERT_MESSAGE(server->log(), redirectPort != 0 && redirectPort != port);
    }

    void tearDown() override
    {
        server.reset();
        ca.reset();
        dir.reset();
    }

    void pagesAndApiOverHttps()
    {
        const Reply page = httpsGet(port, ca->clientContext(), "/guest?room=Secure&user=Ann");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(page.body.find("Secure") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE("no HSTS on an HTTPS page",
                               page.head.get("Strict-Transport-Security", "").find("max-age=") !=
                                   std::string::npos);
        const Reply token = httpsGet(port, ca->clientContext(), "/api/token?role=guest&room=R");
        CPPUNIT_ASSERT_EQUAL(200, token.status);
        CPPUNIT_ASSERT(token.body.find("\"token\"") != std::string::npos);
    }

    void membersJoinOverWss()
    {
        Poco::Net::HTTPSClientSession session("127.0.0.1", port, ca->clientContext());
        Poco::Net::HTTPRequest request("GET", "/ws", Poco::Net::HTTPMessage::HTTP_1_1);
        Poco::Net::HTTPResponse response;
        Poco::Net::WebSocket ws(session, request, response);
        ws.setReceiveTimeout(Poco::Timespan(5, 0));
        const std::string join =
            R"({"jsonrpc":"2.0","id":1,"method":"room.join","params":{"token":")" +
            roomToken("Secure", "Ann") + "\"}}";
        ws.sendFrame(join.data(), static_cast<int>(join.size()));
        char buffer[8192];
        int flags = 0;
        const int n = ws.receiveFrame(buffer, sizeof buffer, flags);
        CPPUNIT_ASSERT(n > 0);
        const auto reply = Poco::JSON::Parser()
                               .parse(std::string(buffer, static_cast<std::size_t>(n)))
                               .extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_MESSAGE(std::string(buffer, static_cast<std::size_t>(n)),
                               reply->has("result"));
        // A server that stops says goodbye (1001) inside TLS, not in plain text.
        server->stop();
        const int closing = ws.receiveFrame(buffer, sizeof buffer, flags);
        CPPUNIT_ASSERT_EQUAL(int(Poco::Net::WebSocket::FRAME_OP_CLOSE),
                             flags & Poco::Net::WebSocket::FRAME_OP_BITMASK);
        CPPUNIT_ASSERT(closing >= 2);
        CPPUNIT_ASSERT_EQUAL(1001, (static_cast<unsigned char>(buffer[0]) << 8) |
                                       static_cast<unsigned char>(buffer[1]));
    }

    void tlsBelow12IsRefused()
    {
        CPPUNIT_ASSERT(!handshakeWith(port, TLS1_1_VERSION));
        CPPUNIT_ASSERT(handshakeWith(port, TLS1_2_VERSION));
    }

    void plainHttpOnTheHttpsPortIsToldSo()
    {
        RawHttp c(port);
        c.sendGet("/guest");
        const RawHttp::Response response = c.readResponse(3000);
        CPPUNIT_ASSERT_EQUAL(400, response.status);
        CPPUNIT_ASSERT(response.body.find("https://") != std::string::npos);
    }

    void redirectPortAnswers308ToHttps()
    {
        RawHttp c(redirectPort);
        c.sendGet("/guest?room=R&user=Ann");
        const RawHttp::Response response = c.readResponse(3000);
        CPPUNIT_ASSERT_EQUAL(308, response.status);
        CPPUNIT_ASSERT_EQUAL("https://127.0.0.1:" + std::to_string(port) + "/guest?room=R&user=Ann",
                             response.header("Location"));
    }

    void unreadableOrMismatchedFilesStopTheStart()
    {
        const std::string missing = dir->file("missing.pem");
        auto result = ServerProcess::run(
            {"--config=" + writeConfig("missing.ini", missing, ca->keyFile(), false),
             "--check-config"});
        CPPUNIT_ASSERT(result.exitCode != 0);
        CPPUNIT_ASSERT_MESSAGE(result.err, result.err.find(missing) != std::string::npos);
        CPPUNIT_ASSERT(result.err.find("missing.ini:") != std::string::npos);

        // A key that is not the certificate's: refused at start, naming both.
        TestCa other(dir->file("other"));
        std::string error;
        try
        {
            ServerProcess mismatched(
                writeConfig("mismatch.ini", ca->certFile(), other.keyFile(), false));
        }
        catch (const std::runtime_error& e)
        {
            error = e.what();
        }
        CPPUNIT_ASSERT_MESSAGE("the server started with a key that is not the certificate's",
                               !error.empty());
        CPPUNIT_ASSERT_MESSAGE(error, error.find(ca->certFile()) != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(error, error.find(other.keyFile()) != std::string::npos);
    }

    // A certbot-style renewal: the files are replaced; the server notices by
    // itself. New handshakes present the new certificate, an open connection
    // keeps working.
    void renewedCertificateIsServedAndOpenConnectionsStay()
    {
        TestCa renewed(dir->file("renewed"));
        RawTls open(port, ca->caFile());
        CPPUNIT_ASSERT(open.get("/healthz").rfind("HTTP/1.1 200", 0) == 0);
        replaceFile(renewed.keyFile(), ca->keyFile());
        replaceFile(renewed.certFile(), ca->certFile());
        CPPUNIT_ASSERT_MESSAGE(log(),
                               waitForLog("TLS certificate " + ca->certFile() + " reloaded"));
        CPPUNIT_ASSERT_EQUAL(200, httpsGet(port, renewed.clientContext(), "/healthz").status);
        // A client that trusts only the old CA no longer gets through...
        CPPUNIT_ASSERT_THROW(httpsGet(port, ca->clientContext(), "/healthz"), Poco::Exception);
        // ...but the connection it opened before keeps working.
        CPPUNIT_ASSERT(open.get("/healthz").rfind("HTTP/1.1 200", 0) == 0);
    }

    // A half-written key on SIGHUP: refused, logged, the old pair stays.
    void brokenRenewalIsRefusedAndTheOldCertificateStays()
    {
        std::ofstream(ca->keyFile(), std::ios::trunc) << "-----BEGIN PRIVATE KEY-----\nMIIE";
        server->signal(SIGHUP);
        CPPUNIT_ASSERT_MESSAGE(log(), waitForLog("TLS reload refused"));
        CPPUNIT_ASSERT_EQUAL(200, httpsGet(port, ca->clientContext(), "/healthz").status);
    }

private:
    // Written beside, then renamed over: the way a careful tool replaces a file.
    static void replaceFile(const std::string& from, const std::string& to)
    {
        std::ifstream in(from, std::ios::binary);
        std::ofstream(to + ".new", std::ios::binary) << in.rdbuf();
        CPPUNIT_ASSERT_EQUAL(0, std::rename((to + ".new").c_str(), to.c_str()));
    }

    std::string log() const { return server->log(); }

    bool waitForLog(const std::string& text) const { return server->waitForLog(text); }

    std::string writeConfig(const std::string& name, const std::string& cert,
                            const std::string& key, bool redirect)
    {
        std::string tls = "\n[tls]\ncert_file = " + cert + "\nkey_file = " + key + "\n";
        if (redirect)
            tls += "redirect_port = 0\n";
        const std::string path = dir->file(name);
        std::ofstream(path) << testConfig(0, dir->file("state"), standardRoles()) + tls;
        return path;
    }

    std::unique_ptr<TempDir> dir;
    std::unique_ptr<TestCa> ca;
    std::unique_ptr<ServerProcess> server;
    unsigned short port = 0;
    unsigned short redirectPort = 0;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TlsTest);
