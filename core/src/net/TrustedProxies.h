#ifndef rolecall_TrustedProxies_INCLUDED
#define rolecall_TrustedProxies_INCLUDED

#include "net/AddressBlocks.h"
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
    static std::string problem(const std::vector<std::string>& blocks)
    {
        return AddressBlocks::problem(blocks);
    }

    /// `blocks` must have passed problem().
    explicit TrustedProxies(const std::vector<std::string>& blocks) : _blocks(blocks) {}

    bool trusts(const std::string& address) const { return _blocks.contains(address); }

    /// The client behind `peer`: the right-most X-Forwarded-For hop that is
    /// not a trusted proxy, when `peer` is one; else `peer` itself.
    std::string clientOf(const std::string& peer, const std::string& forwardedFor) const;

private:
    AddressBlocks _blocks;
};

} // namespace rolecall

#endif
