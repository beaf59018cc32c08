#ifndef rolecall_test_LogCapture_INCLUDED
#define rolecall_test_LogCapture_INCLUDED

#include "Poco/Logger.h"
#include <mutex>
#include <string>
#include <vector>

/// A Poco logger of its own (a fresh name each time) whose messages are kept,
/// for unit tests of classes that log what they decide.
class LogCapture
{
public:
    LogCapture();
    ~LogCapture();
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    Poco::Logger& logger() { return _logger; }
    /// Every message so far, one per line.
    std::string text() const;
    /// How many messages so far contain `part`.
    int count(const std::string& part) const;
    bool contains(const std::string& part) const { return count(part) > 0; }

private:
    class Recorder;
    Poco::Logger& _logger;
    Recorder* _recorder;
};

#endif
