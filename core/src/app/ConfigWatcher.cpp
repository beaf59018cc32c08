#include "app/ConfigWatcher.h"
#include "Poco/Exception.h"
#include "Poco/Path.h"
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace rolecall
{
namespace
{

// Closed after writing, or renamed onto the name: the moments a new version
// is complete. Plain writes (IN_MODIFY) are not waited on: a file opened with
// O_TRUNC is empty at its first one.
constexpr uint32_t completeWrites = IN_CLOSE_WRITE | IN_MOVED_TO;

int checked(int fd, const char* what)
{
    if (fd < 0)
        throw Poco::SystemException(std::string("config watcher: ") + what, errno);
    return fd;
}

} // namespace

ConfigWatcher::ConfigWatcher(const std::string& configPath)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    _signalFd = checked(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC), "signalfd");
    _stopFd = checked(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), "eventfd");
    _inotifyFd = checked(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC), "inotify_init1");

    std::vector<std::string> paths{configPath};
    if (char* real = ::realpath(configPath.c_str(), nullptr))
    {
        if (configPath != real)
            paths.emplace_back(real); // a symbolic link: its target changes too
        std::free(real);
    }
    for (const auto& path : paths)
    {
        const Poco::Path file(path);
        const int wd = ::inotify_add_watch(_inotifyFd, file.parent().toString().c_str(),
                                           completeWrites | IN_ONLYDIR);
        if (wd >= 0)
            _watches.push_back({wd, file.getFileName()});
    }
}

ConfigWatcher::~ConfigWatcher()
{
    for (int fd : {_signalFd, _inotifyFd, _stopFd})
        if (fd >= 0)
            ::close(fd);
}

void ConfigWatcher::stop()
{
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(_stopFd, &one, sizeof one);
}

ConfigWatcher::Event ConfigWatcher::wait(int timeoutMs)
{
    pollfd fds[3] = {{_stopFd, POLLIN, 0}, {_signalFd, POLLIN, 0}, {_inotifyFd, POLLIN, 0}};
    // Events about other files in the folder are consumed here, without
    // waking the caller; the deadline stays the same.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;)
    {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        const int ready = ::poll(fds, 3, left > 0 ? static_cast<int>(left) : 0);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return Event::Timeout;
        if (fds[0].revents)
            return Event::Stop;
        if (fds[1].revents)
        {
            signalfd_siginfo info;
            while (::read(_signalFd, &info, sizeof info) == sizeof info)
            {
            }
            return Event::Signal;
        }
        if (fds[2].revents && fileEventPending())
            return Event::FileChanged;
    }
}

// Drains the inotify queue; true if any event was about the config.
bool ConfigWatcher::fileEventPending()
{
    alignas(inotify_event) char buffer[16 * (sizeof(inotify_event) + NAME_MAX + 1)];
    bool ours = false;
    for (;;)
    {
        const ssize_t n = ::read(_inotifyFd, buffer, sizeof buffer);
        if (n <= 0)
            return ours;
        for (ssize_t at = 0; at < n;)
        {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
            at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            if (event->mask & IN_Q_OVERFLOW)
                ours = true; // events were lost: look at the file to be sure
            for (const Watch& watch : _watches)
                if (event->wd == watch.descriptor && event->len > 0 && watch.name == event->name &&
                    (event->mask & completeWrites))
                    ours = true;
        }
    }
}

} // namespace rolecall
