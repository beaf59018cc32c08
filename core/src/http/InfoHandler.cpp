#include "http/InfoHandler.h"
#include "Poco/JSON/Array.h"
#include "http/Respond.h"
#include "util/JsonList.h"

namespace rolecall
{
namespace InfoHandler
{

Response health(const ServerContext& context, const RoleSet& roles)
{
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("status", "ok");
    body->set("backend", context.backend.name());
    body->set("roles", static_cast<int>(roles.roles().size()));
    return Respond::json(Poco::Net::HTTPResponse::HTTP_OK, body);
}

Response roles(const ServerContext& context, const RoleSet& roles)
{
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const Role& role : roles.roles())
    {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("name", role.name);
        item->set("route", role.route);
        item->set("label", role.label);
        item->set("login_required", role.requiresLogin);
        item->set("invite_required", role.requiresLink);
        item->set("permissions", jsonList(role.permissions));
        list->add(item);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("roles", list);
    body->set("backend", context.backend.name());
    return Respond::json(Poco::Net::HTTPResponse::HTTP_OK, body);
}

} // namespace InfoHandler
} // namespace rolecall
