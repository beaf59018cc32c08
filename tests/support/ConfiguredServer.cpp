#include "support/ConfiguredServer.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include "support/TestConfig.h"
#include <sstream>

ConfiguredServer::ConfiguredServer(const std::string& sections, const std::string& serverLines,
                                   int threads)
    : _port(ServerProcess::freePort())
{
    std::string config = testConfig(_port, _dir.file("state"), standardRoles(), serverLines);
    const std::string defaultThreads = "threads = 8\n";
    config.replace(config.find(defaultThreads), defaultThreads.size(),
                   "threads = " + std::to_string(threads) + "\n");
    _process = std::make_unique<ServerProcess>(_dir.write("rolecall.ini", config + "\n" + sections),
                                               _port);
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
    return _process->out() + _process->err();
}

std::string ConfiguredServer::logLine(const std::vector<std::string>& words, int ms) const
{
    Poco::Timestamp start;
    for (;;)
    {
        std::istringstream lines(log());
        std::string line;
        while (std::getline(lines, line))
        {
            bool all = true;
            for (const auto& word : words)
                all = all && line.find(word) != std::string::npos;
            if (all)
                return line;
        }
        if (start.elapsed() > ms * 1000LL)
            return {};
        Poco::Thread::sleep(50);
    }
}
