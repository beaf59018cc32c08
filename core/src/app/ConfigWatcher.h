#ifndef rolecall_ConfigWatcher_INCLUDED
#define rolecall_ConfigWatcher_INCLUDED

#include <string>
#include <vector>

namespace rolecall
{

/// What the config reloader waits for, all in one poll(2): SIGHUP (through a
/// signalfd; the signal must be blocked in every thread), the config file
/// written and closed or renamed over (inotify on its folder, so `mv` onto it
/// is seen; also on the target's folder when the config is a symbolic link),
/// and a stop request from another thread.
class ConfigWatcher
{
public:
    enum class Event
    {
        Signal,      // SIGHUP arrived
        FileChanged, // the config was closed after writing, or renamed over
        Timeout,     // nothing within the time given
        Stop         // stop() was called
    };

    /// Throws Poco::SystemException if the kernel refuses a descriptor; a
    /// folder that cannot be watched is only logged by the caller
    /// (watching() is then false) and polling covers it.
    explicit ConfigWatcher(const std::string& configPath);
    ~ConfigWatcher();
    ConfigWatcher(const ConfigWatcher&) = delete;
    ConfigWatcher& operator=(const ConfigWatcher&) = delete;

    /// Waits at most `timeoutMs`; a pending signal comes before a file event.
    Event wait(int timeoutMs);

    /// Wakes wait() with Event::Stop; callable from any thread.
    void stop();

    bool watching() const { return !_watches.empty(); }

private:
    struct Watch
    {
        int descriptor;
        std::string name; // the file's name in the watched folder
    };

    bool fileEventPending();

    int _signalFd = -1;
    int _inotifyFd = -1;
    int _stopFd = -1;
    std::vector<Watch> _watches;
};

} // namespace rolecall

#endif
