#ifndef rolecall_test_ConfiguredServer_INCLUDED
#define rolecall_test_ConfiguredServer_INCLUDED

#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include <memory>
#include <string>
#include <vector>

/// The real server on a loopback port of its choosing (port = 0), in its own folder, with
/// testConfig() and standardRoles() plus what a test adds: lines for
/// [server], a worker count, and whole sections ("[limits]\n...").
/// Throws (as ServerProcess does) if the server refuses the config.
class ConfiguredServer
{
public:
    explicit ConfiguredServer(const std::string& sections = "", const std::string& serverLines = "",
                              int threads = 8);

    /// Why the server refuses to start with these settings (its error
    /// output), or "" if it started.
    static std::string refusal(const std::string& sections, const std::string& serverLines = "");

    unsigned short port() const { return _process->port(); }
    ServerProcess& process() { return *_process; }
    /// Everything the server printed so far (stdout, stderr, then its log file).
    std::string log() const;
    /// The first log line containing every one of `words`, waiting at most
    /// `ms` for it to appear (woken by each write); "" if none does.
    std::string logLine(const std::vector<std::string>& words, int ms = 3000) const;

private:
    TempDir _dir;
    std::unique_ptr<ServerProcess> _process;
};

#endif
