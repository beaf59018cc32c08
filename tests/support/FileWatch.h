#ifndef rolecall_test_FileWatch_INCLUDED
#define rolecall_test_FileWatch_INCLUDED

#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

/// Waits for what another process writes, without sleeping in steps: wakes
/// on each write to the files (inotify) and when the process exits (pidfd),
/// so a test waits exactly as long as the event takes and no longer.
class FileWatch
{
public:
    /// Watches `files` (each created empty if missing, so writes to it can be
    /// seen) and, if `process` is not 0, that process's exit.
    explicit FileWatch(const std::vector<std::string>& files, pid_t process = 0);
    /// Watches this process's exit too (once it is started).
    void watchExit(pid_t process);
    ~FileWatch();
    FileWatch(const FileWatch&) = delete;
    FileWatch& operator=(const FileWatch&) = delete;

    /// Calls `check` now and after every change until it returns true (then
    /// true), the process exits (one last check) or `ms` pass (false).
    bool until(const std::function<bool()>& check, int ms);

private:
    int _inotify = -1;
    int _pidfd = -1;
};

/// The whole content of `path` ("" if it cannot be read).
std::string slurp(const std::string& path);

#endif
