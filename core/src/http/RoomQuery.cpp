#include "http/RoomQuery.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include "Poco/URI.h"
#include "config/Validation.h"
#include "roles/PluginCall.h"
#include "roles/Role.h"

namespace rolecall
{

Poco::Net::HTMLForm RoomQuery::form(const Poco::Net::HTTPRequest& request)
{
    try
    {
        return Poco::Net::HTMLForm(request);
    }
    catch (const Poco::SyntaxException&)
    {
        // HTMLForm does not say which parameter broke it: decode each to find out.
        const std::string uri = request.getURI();
        const auto start = uri.find('?');
        Poco::StringTokenizer pairs(start == std::string::npos ? "" : uri.substr(start + 1), "&");
        for (const auto& pair : pairs)
        {
            const auto eq = pair.find('=');
            std::string name, ignored;
            try
            {
                Poco::URI::decode(pair.substr(0, eq), name);
            }
            catch (const Poco::SyntaxException&)
            {
                throw BadParameter("(name)", "has a malformed %-escape in its name");
            }
            try
            {
                if (eq != std::string::npos)
                    Poco::URI::decode(pair.substr(eq + 1), ignored);
            }
            catch (const Poco::SyntaxException&)
            {
                throw BadParameter(name, "has a malformed %-escape (use %XX with hex digits)");
            }
        }
        throw BadParameter("(query)", "is malformed");
    }
    catch (const Poco::Exception& e) // e.g. more fields than HTMLForm takes
    {
        throw BadParameter("(query)", "is malformed (" + e.message() + ")");
    }
}

std::string RoomQuery::single(const Poco::Net::HTMLForm& form, const std::string& name)
{
    auto it = form.find(name);
    if (it == form.end())
        return {};
    auto next = it;
    if (++next != form.end() && Poco::icompare(next->first, name) == 0)
        throw BadParameter(name, "is given more than once");
    return it->second;
}

RoomQuery RoomQuery::parse(const Poco::Net::HTMLForm& form, const std::string& defaultRoom,
                           const Role& role)
{
    RoomQuery query;
    query.room = form.has("room") ? single(form, "room") : defaultRoom;
    std::string problem = Validation::roomName(query.room);
    if (!problem.empty())
        throw BadParameter("room", problem);
    query.user = form.has("user") ? single(form, "user")
                                  : callPlugin(role, "makeUserName",
                                               [&] { return role.plugin->makeUserName(); });
    problem = Validation::displayName(query.user);
    if (!problem.empty())
        throw BadParameter("user", problem);
    return query;
}

} // namespace rolecall
