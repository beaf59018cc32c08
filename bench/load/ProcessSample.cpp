#include "load/ProcessSample.h"

#include <dirent.h>

#include <fstream>
#include <sstream>

namespace rolecall::bench
{

ProcessSample ProcessSample::of(pid_t pid)
{
    ProcessSample s;
    const std::string dir = "/proc/" + std::to_string(pid);
    std::ifstream status(dir + "/status");
    std::string line;
    while (std::getline(status, line))
    {
        std::istringstream fields(line);
        std::string key;
        long value = -1;
        fields >> key >> value;
        if (key == "VmRSS:")
            s.rssKb = value;
        else if (key == "Threads:")
            s.threads = value;
    }
    if (DIR* fdDir = ::opendir((dir + "/fd").c_str()))
    {
        s.fds = 0;
        while (const dirent* e = ::readdir(fdDir))
            if (e->d_name[0] != '.')
                ++s.fds;
        ::closedir(fdDir);
    }
    return s;
}

} // namespace rolecall::bench
