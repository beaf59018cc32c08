#ifndef rolecall_PidFile_INCLUDED
#define rolecall_PidFile_INCLUDED

#include <string>
#include <sys/types.h>

namespace rolecall
{

/// <state_dir>/rolecall.pid while a server runs there, so that `rolecall
/// reload` finds it. The server holds a lock on the file for its whole run:
/// a file left by a server that crashed is known to be stale and its pid
/// (perhaps another process's by now) is never signalled.
class PidFile
{
public:
    /// Writes and locks the file; `problem()` says why not (another server
    /// holds it, or the folder is not writable) and the server runs anyway.
    explicit PidFile(const std::string& stateDir);
    ~PidFile();
    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;

    const std::string& problem() const { return _problem; }

    /// The pid of the server running with `stateDir`, or 0 with `why` set.
    static pid_t running(const std::string& stateDir, std::string& why);

    static std::string pathIn(const std::string& stateDir);

private:
    std::string _path;
    int _fd = -1;
    std::string _problem;
};

} // namespace rolecall

#endif
