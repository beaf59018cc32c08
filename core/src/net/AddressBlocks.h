#ifndef rolecall_AddressBlocks_INCLUDED
#define rolecall_AddressBlocks_INCLUDED

#include "Poco/Net/IPAddress.h"
#include <string>
#include <vector>

namespace rolecall
{

/// A list of IP addresses and CIDR blocks ("10.0.0.0/8", "::1"), as config
/// keys give them: trusted proxies, who may read /metrics.
class AddressBlocks
{
public:
    AddressBlocks() = default;

    /// "" when every entry is a CIDR block (an address alone is a /32 or
    /// /128); else what is wrong with the first bad one.
    static std::string problem(const std::vector<std::string>& blocks);

    /// `blocks` must have passed problem().
    explicit AddressBlocks(const std::vector<std::string>& blocks);

    bool contains(const std::string& address) const;
    bool empty() const { return _blocks.empty(); }

private:
    struct Block
    {
        Poco::Net::IPAddress network;
        Poco::Net::IPAddress mask;
    };
    static bool parse(const std::string& text, Block& block);

    std::vector<Block> _blocks;
};

} // namespace rolecall

#endif
