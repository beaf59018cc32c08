#include "support/LogCapture.h"
#include "Poco/AutoPtr.h"
#include "Poco/Channel.h"
#include "Poco/Message.h"
#include <atomic>

class LogCapture::Recorder : public Poco::Channel
{
public:
    void log(const Poco::Message& message) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _messages.push_back(message.getText());
    }

    std::vector<std::string> messages() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _messages;
    }

private:
    mutable std::mutex _mutex;
    std::vector<std::string> _messages;
};

namespace
{

Poco::Logger& freshLogger()
{
    static std::atomic<int> counter{0};
    return Poco::Logger::get("test.capture." + std::to_string(++counter));
}

} // namespace

LogCapture::LogCapture() : _logger(freshLogger()), _recorder(new Recorder)
{
    _recorder->duplicate(); // one reference is ours, one the logger's
    _logger.setChannel(_recorder);
    _logger.setLevel(Poco::Message::PRIO_TRACE);
}

LogCapture::~LogCapture()
{
    _logger.setChannel(nullptr);
    _recorder->release();
}

std::string LogCapture::text() const
{
    std::string out;
    for (const auto& message : _recorder->messages())
        out += message + "\n";
    return out;
}

int LogCapture::count(const std::string& part) const
{
    int n = 0;
    for (const auto& message : _recorder->messages())
        n += message.find(part) != std::string::npos ? 1 : 0;
    return n;
}
