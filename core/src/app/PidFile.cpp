#include "app/PidFile.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/NumberParser.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace rolecall
{

std::string PidFile::pathIn(const std::string& stateDir)
{
    return Poco::Path(Poco::Path::forDirectory(stateDir), "rolecall.pid").toString();
}

PidFile::PidFile(const std::string& stateDir) : _path(pathIn(stateDir))
{
    try
    {
        Poco::File(stateDir).createDirectories();
    }
    catch (const Poco::Exception& e)
    {
        _problem = e.displayText();
        return;
    }
    _fd = ::open(_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (_fd < 0)
    {
        _problem = _path + ": " + std::strerror(errno);
        return;
    }
    if (::flock(_fd, LOCK_EX | LOCK_NB) != 0)
    {
        _problem = _path + " is held by another running rolecall with the same state folder";
        ::close(_fd);
        _fd = -1;
        return;
    }
    const std::string text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(_fd, 0) != 0 ||
        ::pwrite(_fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
        _problem = _path + ": " + std::strerror(errno);
}

PidFile::~PidFile()
{
    if (_fd < 0)
        return;
    ::unlink(_path.c_str()); // still locked: nobody takes a half-removed file for a live one
    ::close(_fd);
}

pid_t PidFile::running(const std::string& stateDir, std::string& why)
{
    const std::string path = pathIn(stateDir);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
    {
        why = errno == ENOENT
                  ? "no rolecall is running with state folder " + stateDir + " (no " + path + ")"
                  : path + ": " + std::strerror(errno);
        return 0;
    }
    pid_t pid = 0;
    if (::flock(fd, LOCK_SH | LOCK_NB) == 0)
        why = "no rolecall is running with state folder " + stateDir + " (" + path +
              " is left from one that stopped)";
    else
    {
        char buffer[32] = {};
        const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
        int value = 0;
        if (n > 0 && Poco::NumberParser::tryParse(Poco::trim(std::string(buffer, n)), value) &&
            value > 0)
            pid = value;
        else
            why = path + " does not hold a process id";
    }
    ::close(fd);
    return pid;
}

} // namespace rolecall
