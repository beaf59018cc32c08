#include "support/RecordingOutbox.h"
#include "Poco/JSON/Parser.h"

namespace rolecall
{

void RecordingOutbox::send(ConnectionId to, const std::string& text)
{
    _sent[to].push_back(Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>());
}

void RecordingOutbox::close(ConnectionId to, int code, const std::string& reason)
{
    _closes[to] = {code, reason};
}

std::vector<Poco::JSON::Object::Ptr> RecordingOutbox::sent(ConnectionId to) const
{
    auto it = _sent.find(to);
    return it == _sent.end() ? std::vector<Poco::JSON::Object::Ptr>() : it->second;
}

Poco::JSON::Object::Ptr RecordingOutbox::reply(ConnectionId to, int id) const
{
    for (const auto& message : sent(to))
        if (message->has("id") && message->get("id").isInteger() &&
            message->getValue<int>("id") == id)
            return message;
    return nullptr;
}

void RecordingOutbox::clear()
{
    _sent.clear();
    _closes.clear();
}

std::vector<Poco::JSON::Object::Ptr> RecordingOutbox::notifications(ConnectionId to,
                                                                    const std::string& method) const
{
    std::vector<Poco::JSON::Object::Ptr> found;
    auto it = _sent.find(to);
    if (it != _sent.end())
        for (const auto& message : it->second)
            if (message->optValue<std::string>("method", "") == method)
                found.push_back(message);
    return found;
}

} // namespace rolecall
