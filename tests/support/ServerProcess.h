#ifndef rolecall_test_ServerProcess_INCLUDED
#define rolecall_test_ServerProcess_INCLUDED

#include "Poco/Net/Context.h"
#include "Poco/Process.h"
#include <map>
#include <string>
#include <vector>

/// The real rolecall binary in a child process, its stdout and stderr kept
/// in files so tests can read what it printed and logged.
class ServerProcess
{
public:
    struct Result
    {
        int exitCode;
        std::string out;
        std::string err;
    };

    /// A loopback port nothing listens on right now.
    static unsigned short freePort();

    /// Runs the binary to completion with `args` (and `input` on stdin).
    static Result run(const std::vector<std::string>& args, const std::string& input = "",
                      const std::map<std::string, std::string>& env = {},
                      const std::string& workDir = "/tmp");

    /// Starts `rolecall --config=<config>` and waits (at most 15 s) until
    /// GET /healthz on `port` answers; throws if it exits or never answers.
    /// With `tls` (a client context), /healthz is asked over HTTPS.
    ServerProcess(const std::string& config, unsigned short port,
                  const std::map<std::string, std::string>& env = {},
                  const std::string& workDir = "/tmp", Poco::Net::Context::Ptr tls = nullptr);
    /// Stops the server (SIGTERM) if still running.
    ~ServerProcess();

    unsigned short port() const { return _port; }
    /// Stops the server and returns its exit code.
    int stop();
    /// Sends a signal (e.g. SIGHUP) to the running server.
    void signal(int number) const;
    std::string out() const;
    std::string err() const;

private:
    std::string _logBase;
    unsigned short _port;
    Poco::ProcessHandle* _handle = nullptr;
    int _exitCode = -1;
};

#endif
