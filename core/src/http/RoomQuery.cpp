#include "http/RoomQuery.h"
#include "Poco/String.h"
#include "config/Validation.h"
#include "roles/Role.h"

namespace rolecall
{

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
    query.user = form.has("user") ? single(form, "user") : role.plugin->makeUserName();
    problem = Validation::displayName(query.user);
    if (!problem.empty())
        throw BadParameter("user", problem);
    return query;
}

} // namespace rolecall
