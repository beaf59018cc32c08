#include "auth/Authenticator.h"
#include "Poco/DigestEngine.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/NetException.h"
#include "Poco/SHA2Engine.h"
#include "auth/PasswordHash.h"

namespace rolecall
{
namespace
{

std::string rememberKey(const Role& role, const std::string& header)
{
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(role.name + '\n' + header + '\n');
    for (const auto& c : role.credentials) // a changed credential forgets old logins
        sha.update(c.user + ':' + c.passwordHash + '\n');
    return Poco::DigestEngine::digestToHex(sha.digest());
}

} // namespace

bool Authenticator::allows(const Role& role, const Poco::Net::HTTPRequest& request)
{
    if (!role.requiresLogin)
        return true;
    if (!request.hasCredentials())
        return false;
    const std::string key = rememberKey(role, request.get(Poco::Net::HTTPRequest::AUTHORIZATION));
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_verified.count(key))
            return true;
    }
    std::string user, password;
    try
    {
        Poco::Net::HTTPBasicCredentials credentials(request);
        user = credentials.getUsername();
        password = credentials.getPassword();
    }
    catch (const Poco::Exception&)
    {
        return false; // not Basic, or not decodable
    }
    for (const auto& c : role.credentials)
    {
        if (c.user == user && PasswordHash::verify(password, c.passwordHash))
        {
            std::lock_guard<std::mutex> lock(_mutex);
            if (_verified.size() >= maxRemembered)
                _verified.clear();
            _verified.insert(key);
            return true;
        }
    }
    return false;
}

std::string Authenticator::challenge(const Role& role)
{
    return "Basic realm=\"rolecall " + role.name + "\", charset=\"UTF-8\"";
}

} // namespace rolecall
