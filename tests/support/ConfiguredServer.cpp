#include "support/ConfiguredServer.h"
#include "support/TestConfig.h"
#include <regex>

namespace
{

// The server.log_file a test's lines set, if any: where the log then goes.
std::string logFileIn(const std::string& serverLines)
{
    static const std::regex line("(^|\n)log_file *= *([^\n]*)");
    std::smatch match;
    return std::regex_search(serverLines, match, line) ? match[2].str() : std::string();
}

} // namespace

ConfiguredServer::ConfiguredServer(const std::string& sections, const std::string& serverLines,
                                   int threads)
{
    std::string config = testConfig(0, _dir.file("state"), standardRoles(), serverLines);
    const std::string defaultThreads = "threads = 8\n";
    config.replace(config.find(defaultThreads), defaultThreads.size(),
                   "threads = " + std::to_string(threads) + "\n");
    _process = std::make_unique<ServerProcess>(_dir.write("rolecall.ini", config + "\n" + sections),
                                               std::map<std::string, std::string>{}, "/tmp",
                                               logFileIn(serverLines));
}

std::string ConfiguredServer::refusal(const std::string& sections, const std::string& serverLines)
{
    try
    {
        ConfiguredServer server(sections, serverLines);
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
    return {};
}

std::string ConfiguredServer::log() const
{
    return _process->log();
}

std::string ConfiguredServer::logLine(const std::vector<std::string>& words, int ms) const
{
    return _process->logLine(words, ms);
}
