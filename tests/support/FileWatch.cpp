#include "support/FileWatch.h"
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

FileWatch::FileWatch(const std::vector<std::string>& files, pid_t process)
    : _inotify(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK))
{
    if (_inotify < 0)
        throw std::runtime_error("inotify_init1 failed");
    for (const auto& file : files)
    {
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0)
            ::close(fd);
        // A file that cannot be made (its folder is missing) is never written either.
        ::inotify_add_watch(_inotify, file.c_str(), IN_MODIFY | IN_CLOSE_WRITE);
    }
    if (process != 0)
        watchExit(process);
}

void FileWatch::watchExit(pid_t process)
{
    _pidfd = static_cast<int>(::syscall(SYS_pidfd_open, process, 0));
    if (_pidfd < 0)
        throw std::runtime_error("pidfd_open failed");
}

FileWatch::~FileWatch()
{
    ::close(_inotify);
    if (_pidfd >= 0)
        ::close(_pidfd);
}

bool FileWatch::until(const std::function<bool()>& check, int ms)
{
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(ms);
    for (;;)
    {
        if (check())
            return true;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            return false;
        pollfd fds[2] = {{_inotify, POLLIN, 0}, {_pidfd, POLLIN, 0}};
        const int ready = ::poll(fds, _pidfd >= 0 ? 2 : 1, static_cast<int>(left));
        if (ready > 0 && (fds[0].revents & POLLIN))
        {
            char events[4096];
            while (::read(_inotify, events, sizeof events) > 0)
            {
            }
        }
        if (ready > 0 && _pidfd >= 0 && (fds[1].revents & POLLIN))
            return check(); // it has exited: nothing more will be written
    }
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}
