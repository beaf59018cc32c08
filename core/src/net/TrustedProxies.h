#ifndef rolecall_TrustedProxies_INCLUDED
#define rolecall_TrustedProxies_INCLUDED

#include "Poco/Net/IPAddress.h"
#include <string>
#include <vector>

namespace rolecall
{

/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
/// believed (server.trusted_proxies, CIDR blocks). From anyone else those
/// headers are ignored: a client could write anything in them.
class TrustedProxies
{
public:
    TrustedProxies() = default;

    /// "" when every entry is a CIDR block (an address alone is a /32 or
    /// /128); else what is wrong with the first bad one.
    static std::string problem(const std::vector<std::string>& blocks);

    /// `blocks` must have passed problem().
    explicit TrustedProxies(const std::vector<std::string>& blocks);

    bool trusts(const std::string& address) const;

    /// The client behind `peer`: the right-most X-Forwarded-For hop that is
    /// not a trusted proxy, when `peer` is one; else `peer` itself.
    std::string clientOf(const std::string& peer, const std::string& forwardedFor) const;

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
