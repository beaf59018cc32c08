#include "support/ServerProcess.h"
#include "Poco/File.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include <fstream>
#include <memory>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace
{

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string quote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The shell redirects output to files: no pipe to drain, nothing lost if the
// server prints a lot.
Poco::ProcessHandle launch(const std::vector<std::string>& args, const std::string& base,
                           const std::map<std::string, std::string>& env,
                           const std::string& workDir, const std::string& input)
{
    std::string command = "exec " + quote(ROLECALL_BINARY);
    for (const auto& a : args)
        command += " " + quote(a);
    std::ofstream(base + ".in") << input;
    command +=
        " < " + quote(base + ".in") + " > " + quote(base + ".out") + " 2> " + quote(base + ".err");
    Poco::Process::Env environment(env.begin(), env.end());
    return Poco::Process::launch("/bin/sh", {"-c", command}, workDir, nullptr, nullptr, nullptr,
                                 environment);
}

void removeLogs(const std::string& base)
{
    for (const char* ext : {".in", ".out", ".err"})
        ::unlink((base + ext).c_str());
}

std::string newLogBase()
{
    static int counter = 0;
    return "/tmp/rolecall-proc-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

} // namespace

unsigned short ServerProcess::freePort()
{
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

ServerProcess::Result ServerProcess::run(const std::vector<std::string>& args,
                                         const std::string& input,
                                         const std::map<std::string, std::string>& env,
                                         const std::string& workDir)
{
    const std::string base = newLogBase();
    Poco::ProcessHandle handle = launch(args, base, env, workDir, input);
    Result result{handle.wait(), slurp(base + ".out"), slurp(base + ".err")};
    removeLogs(base);
    return result;
}

ServerProcess::ServerProcess(const std::string& config, unsigned short port,
                             const std::map<std::string, std::string>& env,
                             const std::string& workDir, Poco::Net::Context::Ptr tls)
    : _logBase(newLogBase()), _port(port)
{
    _handle = new Poco::ProcessHandle(launch({"--config=" + config}, _logBase, env, workDir, ""));
    Poco::Timestamp started;
    while (started.elapsed() < 15 * 1000 * 1000)
    {
        // isRunning() is kill(pid, 0), still true for an exited, unreaped child.
        const int code = _handle->tryWait();
        if (code != -1)
        {
            _exitCode = code;
            delete _handle;
            _handle = nullptr;
            throw std::runtime_error("server exited with " + std::to_string(code) + ": " + err() +
                                     out());
        }
        try
        {
            std::unique_ptr<Poco::Net::HTTPClientSession> tlsSession;
            if (tls)
                tlsSession =
                    std::make_unique<Poco::Net::HTTPSClientSession>("127.0.0.1", port, tls);
            Poco::Net::HTTPClientSession plain("127.0.0.1", port);
            Poco::Net::HTTPClientSession& session = tls ? *tlsSession : plain;
            session.setTimeout(Poco::Timespan(1, 0));
            Poco::Net::HTTPRequest request("GET", "/healthz");
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            session.receiveResponse(response);
            if (response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK)
                return;
        }
        catch (const Poco::Exception&)
        {
        }
        Poco::Thread::sleep(50);
    }
    stop();
    throw std::runtime_error("server did not answer /healthz within 15 s: " + err());
}

ServerProcess::~ServerProcess()
{
    stop();
    removeLogs(_logBase);
}

int ServerProcess::stop()
{
    if (_handle)
    {
        if (Poco::Process::isRunning(*_handle))
            ::kill(_handle->id(), SIGTERM);
        _exitCode = _handle->wait();
        delete _handle;
        _handle = nullptr;
    }
    return _exitCode;
}

void ServerProcess::signal(int number) const
{
    if (_handle)
        ::kill(_handle->id(), number);
}

std::string ServerProcess::out() const
{
    return slurp(_logBase + ".out");
}
std::string ServerProcess::err() const
{
    return slurp(_logBase + ".err");
}
