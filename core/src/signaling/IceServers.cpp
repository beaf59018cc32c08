#include "signaling/IceServers.h"
#include "Poco/Base64Encoder.h"
#include "Poco/HMACEngine.h"
#include "Poco/JSON/Object.h"
#include "Poco/SHA1Engine.h"
#include "util/JsonList.h"
#include <sstream>

namespace rolecall
{

std::string IceServers::turnCredential(const std::string& secret, const std::string& username)
{
    Poco::HMACEngine<Poco::SHA1Engine> hmac(secret);
    hmac.update(username);
    const Poco::DigestEngine::Digest& digest = hmac.digest();
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(reinterpret_cast<const char*>(digest.data()),
                  static_cast<std::streamsize>(digest.size()));
    encoder.close();
    return out.str();
}

Poco::JSON::Array::Ptr IceServers::forMember(const std::string& memberId,
                                             const Poco::Timestamp& expires) const
{
    Poco::JSON::Array::Ptr servers = new Poco::JSON::Array;
    if (!_config.stun.empty())
    {
        Poco::JSON::Object::Ptr stun = new Poco::JSON::Object;
        stun->set("urls", jsonList(_config.stun));
        servers->add(stun);
    }
    if (!_config.turn.empty())
    {
        const std::string username = std::to_string(expires.epochTime()) + ":" + memberId;
        Poco::JSON::Object::Ptr turn = new Poco::JSON::Object;
        turn->set("urls", jsonList(_config.turn));
        turn->set("username", username);
        turn->set("credential", turnCredential(_config.turnSecret, username));
        servers->add(turn);
    }
    return servers;
}

} // namespace rolecall
