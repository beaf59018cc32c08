#include "support/ServerProcess.h"
#include "support/FileWatch.h"
#include <fstream>
#include <regex>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace
{

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

ServerProcess::ServerProcess(const std::string& config,
                             const std::map<std::string, std::string>& env,
                             const std::string& workDir, const std::string& logFile)
    : _logBase(newLogBase()), _logFile(logFile)
{
    // Watched from before the start, so that no write can be missed.
    FileWatch watch(logFiles());
    _handle = new Poco::ProcessHandle(launch({"--config=" + config}, _logBase, env, workDir, ""));
    watch.watchExit(_handle->id());
    static const std::regex listening("rolecall listening on https?://[^ ]*:([0-9]+) ");
    static const std::regex redirect("rolecall redirecting http://[^ ]*:([0-9]+) to https");
    std::smatch match;
    std::string text;
    const bool up = watch.until(
        [&]
        {
            text = log();
            return std::regex_search(text, match, listening);
        },
        20000);
    if (!up)
    {
        const int code = _handle->tryWait();
        std::string why = code != -1 ? "server exited with " + std::to_string(code) + ": "
                                     : "server did not say it listens within 20 s: ";
        if (code != -1) // reaped already: stop() must not wait for it again
        {
            delete _handle;
            _handle = nullptr;
        }
        stop();
        why += log();
        removeLogs(_logBase);
        throw std::runtime_error(why);
    }
    _port = static_cast<unsigned short>(std::stoi(match[1]));
    // Logged before the listening line, by the same thread.
    std::smatch second;
    if (std::regex_search(text, second, redirect))
        _redirectPort = static_cast<unsigned short>(std::stoi(second[1]));
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

std::vector<std::string> ServerProcess::logFiles() const
{
    std::vector<std::string> files = {_logBase + ".out", _logBase + ".err"};
    if (!_logFile.empty())
        files.push_back(_logFile);
    return files;
}

std::string ServerProcess::log() const
{
    return out() + err() + (_logFile.empty() ? std::string() : slurp(_logFile));
}

std::string ServerProcess::logLine(const std::vector<std::string>& words, int ms) const
{
    std::string found;
    FileWatch(logFiles())
        .until(
            [&]
            {
                std::istringstream lines(log());
                std::string line;
                while (std::getline(lines, line))
                {
                    bool all = true;
                    for (const auto& word : words)
                        all = all && line.find(word) != std::string::npos;
                    if (all)
                    {
                        found = line;
                        return true;
                    }
                }
                return false;
            },
            ms);
    return found;
}

bool ServerProcess::waitForLog(const std::string& text, int ms, int times) const
{
    return FileWatch({_logBase + ".out", _logBase + ".err", _logFile})
        .until([&] { return count(text) >= times; }, ms);
}

int ServerProcess::count(const std::string& text) const
{
    const std::string all = log();
    int n = 0;
    for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1))
        ++n;
    return n;
}

std::string ServerProcess::out() const
{
    return slurp(_logBase + ".out");
}
std::string ServerProcess::err() const
{
    return slurp(_logBase + ".err");
}
