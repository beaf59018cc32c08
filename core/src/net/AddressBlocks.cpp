#include "net/AddressBlocks.h"
#include "Poco/NumberParser.h"

namespace rolecall
{

bool AddressBlocks::parse(const std::string& text, Block& block)
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

std::string AddressBlocks::problem(const std::vector<std::string>& blocks)
{
    Block block;
    for (const auto& text : blocks)
        if (!parse(text, block))
            return "'" + text + "' is not an address or CIDR block such as 10.0.0.0/8";
    return {};
}

AddressBlocks::AddressBlocks(const std::vector<std::string>& blocks)
{
    for (const auto& text : blocks)
    {
        Block block;
        if (parse(text, block))
            _blocks.push_back(block);
    }
}

bool AddressBlocks::contains(const std::string& address) const
{
    Poco::Net::IPAddress ip;
    if (_blocks.empty() || !Poco::Net::IPAddress::tryParse(address, ip))
        return false;
    for (const auto& block : _blocks)
        if (block.network.family() == ip.family() && (ip & block.mask) == block.network)
            return true;
    return false;
}

} // namespace rolecall
