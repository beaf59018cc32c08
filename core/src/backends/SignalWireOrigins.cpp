#include "backends/SignalWireOrigins.h"
#include "Poco/JSON/Parser.h"
#include "Poco/RegularExpression.h"
#include "util/Base64Url.h"

namespace rolecall
{
namespace SignalWireOrigins
{
namespace
{

bool isHost(const std::string& text)
{
    static const Poco::RegularExpression host("^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$");
    return host.match(text);
}

// The SDK reads "ch" from the token's header without verifying it (it is not
// the SDK's to verify); so do we: it only widens where this page may connect.
std::string relayOf(const std::string& roomToken)
{
    const auto dot = roomToken.find('.');
    std::string header;
    if (dot == std::string::npos ||
        !Base64Url::decode(std::string_view(roomToken).substr(0, dot), header))
        return defaultRelay;
    try
    {
        const auto parsed = Poco::JSON::Parser().parse(header);
        const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
        if (object->has("ch") && object->get("ch").isString())
        {
            const std::string ch = object->getValue<std::string>("ch");
            if (isHost(ch))
                return ch;
        }
    }
    catch (const Poco::Exception&)
    {
    }
    return defaultRelay;
}

} // namespace

std::vector<std::string> forPage(const std::string& space, const std::string& roomToken)
{
    std::vector<std::string> origins;
    if (isHost(space))
        origins = {"https://" + space, "wss://" + space};
    const std::string relay = "wss://" + relayOf(roomToken);
    if (relay != "wss://" + space)
        origins.push_back(relay);
    return origins;
}

} // namespace SignalWireOrigins
} // namespace rolecall
