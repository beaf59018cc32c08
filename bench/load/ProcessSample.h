#pragma once

#include <string>
#include <sys/types.h>

namespace rolecall::bench
{

/// What /proc says about a process at one moment: resident memory, open
/// descriptors and threads. Read in-process so a sample costs no fork, which a
/// busy machine would delay by seconds.
struct ProcessSample
{
    long rssKb = -1;
    long fds = -1;
    long threads = -1;

    /// All three are -1 when the process is gone.
    static ProcessSample of(pid_t pid);
};

} // namespace rolecall::bench
