#include "net/TrustedProxies.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/StringTokenizer.h"

namespace rolecall
{

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
