#include "net/TrustedProxies.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"

namespace rolecall
{

bool TrustedProxies::parse(const std::string& text, Block& block)
{
    const auto slash = text.find('/');
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(text.substr(0, slash), address))
        return false;
    const unsigned bits = address.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
    unsigned prefix = bits;
    if (slash != std::string::npos &&
        (!Poco::NumberParser::tryParseUnsigned(text.substr(slash + 1), prefix) || prefix > bits))
        return false;
    block.mask = Poco::Net::IPAddress(prefix, address.family());
    block.network = address & block.mask;
    return true;
}

std::string TrustedProxies::problem(const std::vector<std::string>& blocks)
{
    Block block;
    for (const auto& text : blocks)
        if (!parse(text, block))
            return "'" + text + "' is not an address or CIDR block such as 10.0.0.0/8";
    return {};
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& blocks)
{
    for (const auto& text : blocks)
    {
        Block block;
        if (parse(text, block))
            _blocks.push_back(block);
    }
}

bool TrustedProxies::trusts(const std::string& address) const
{
    Poco::Net::IPAddress ip;
    if (_blocks.empty() || !Poco::Net::IPAddress::tryParse(address, ip))
        return false;
    for (const auto& block : _blocks)
        if (block.network.family() == ip.family() && (ip & block.mask) == block.network)
            return true;
    return false;
}

std::string TrustedProxies::clientOf(const std::string& peer, const std::string& forwardedFor) const
{
    if (forwardedFor.empty() || !trusts(peer))
        return peer;
    Poco::StringTokenizer hops(forwardedFor, ",",
                               Poco::StringTokenizer::TOK_TRIM |
                                   Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    std::string client = peer;
    for (auto hop = hops.end(); hop != hops.begin();)
    {
        --hop;
        Poco::Net::IPAddress ip;
        if (!Poco::Net::IPAddress::tryParse(*hop, ip))
            return client; // garbage: stop at the last hop we could believe
        client = ip.toString();
        if (!trusts(client))
            return client;
    }
    return client;
}

} // namespace rolecall
