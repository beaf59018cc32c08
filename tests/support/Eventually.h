#ifndef rolecall_test_Eventually_INCLUDED
#define rolecall_test_Eventually_INCLUDED

#include <functional>
#include <string>

/// Polls `check` every 50 ms until it holds; fails the test naming `what`
/// after `ms`. For state another process reaches in its own time (a reload,
/// a log line), not to wait a fixed time.
void waitFor(const std::string& what, const std::function<bool()>& check, int ms = 8000);

/// Writes `from`'s bytes into `to` as cp(1) does: truncating and rewriting
/// the same file (same inode), creating its folder if needed.
void copyOver(const std::string& from, const std::string& to);

#endif
