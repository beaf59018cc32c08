#ifndef rolecall_test_ServerProcess_INCLUDED
#define rolecall_test_ServerProcess_INCLUDED

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

    /// Runs the binary to completion with `args` (and `input` on stdin).
    static Result run(const std::vector<std::string>& args, const std::string& input = "",
                      const std::map<std::string, std::string>& env = {},
                      const std::string& workDir = "/tmp");

    /// Starts `rolecall --config=<config>` and waits (at most 15 s) for its
    /// "rolecall listening on" line, which names the port it got: configs
    /// say `port = 0` (and `redirect_port = 0`), so no two servers ever race
    /// for a port. Throws, with the server's output, if it exits first or
    /// never says so. `logFile`: where the config's server.log_file sends the
    /// log, if it does.
    explicit ServerProcess(const std::string& config,
                           const std::map<std::string, std::string>& env = {},
                           const std::string& workDir = "/tmp", const std::string& logFile = "");
    /// Stops the server (SIGTERM) if still running.
    ~ServerProcess();

    /// The port the server listens on, as it logged it.
    unsigned short port() const { return _port; }
    /// Its [tls] redirect port, as it logged it (0 if none).
    unsigned short redirectPort() const { return _redirectPort; }
    /// Stops the server and returns its exit code.
    int stop();
    /// Sends a signal (e.g. SIGHUP) to the running server.
    void signal(int number) const;
    std::string out() const;
    std::string err() const;
    /// Everything it logged so far: stdout, stderr, then the log file.
    std::string log() const;
    /// The first log line containing every one of `words`, waiting at most
    /// `ms` for it (woken by each write, not polling); "" if none comes.
    std::string logLine(const std::vector<std::string>& words, int ms = 8000) const;
    /// True once the log holds `text` at least `times` times; false after `ms`.
    bool waitForLog(const std::string& text, int ms = 8000, int times = 1) const;
    /// How often `text` occurs in the log so far.
    int count(const std::string& text) const;

private:
    std::vector<std::string> logFiles() const;

    std::string _logBase;
    std::string _logFile;
    unsigned short _port = 0;
    unsigned short _redirectPort = 0;
    Poco::ProcessHandle* _handle = nullptr;
    int _exitCode = -1;
};

#endif
