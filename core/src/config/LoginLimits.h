#ifndef rolecall_LoginLimits_INCLUDED
#define rolecall_LoginLimits_INCLUDED

namespace rolecall
{

/// The login throttle's settings ([auth] in the config).
struct LoginLimits
{
    /// Failed logins (per client address, and per user name) that cost no wait.
    int freeFailures = 5;
    /// One counted failure is forgotten per this many seconds.
    int decaySeconds = 60;
    /// The wait after the last free failure; it doubles with each further one.
    int backoffMs = 1000;
    int maxBackoffSeconds = 300;
    /// Addresses and user names remembered at most; the stalest go first.
    int maxTracked = 10000;
    /// Password checks at once; 0: one per CPU core.
    int concurrentChecks = 0;
};

} // namespace rolecall

#endif
