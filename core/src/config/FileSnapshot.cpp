#include "config/FileSnapshot.h"
#include "Poco/File.h"
#include "Poco/Thread.h"
#include "config/ConfigError.h"
#include <fstream>
#include <sstream>

namespace rolecall
{
namespace
{

bool readAll(const std::string& path, std::string& text)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream out;
    out << in.rdbuf();
    text = out.str();
    return !in.bad();
}

} // namespace

std::string FileSnapshot::read(const std::string& path)
{
    const Poco::File file(path);
    if (!file.exists() || !file.isFile())
        throw ConfigError({path + ": config file not found"});
    std::string previous, current;
    if (!readAll(path, previous))
        throw ConfigError({path + ": cannot read the config file"});
    // A config is a few kB: reading it again costs microseconds. Between
    // reads that differ, give the writer a moment to finish.
    for (int attempt = 0; attempt < 50; ++attempt)
    {
        if (!readAll(path, current))
            throw ConfigError({path + ": cannot read the config file"});
        if (current == previous)
            return current;
        previous.swap(current);
        Poco::Thread::sleep(10);
    }
    throw ConfigError({path + ": kept changing while being read; replace it in one step "
                              "(write a temporary file, then mv it over the config)"});
}

} // namespace rolecall
