#include "http/InfoHandler.h"
#include "Poco/JSON/Array.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "http/Respond.h"
#include "util/JsonList.h"

namespace rolecall
{

InfoHandler::InfoHandler(ServerContext& context, std::shared_ptr<const RoleSet> roles, Kind kind)
    : _context(context), _roles(std::move(roles)), _kind(kind)
{
}

void InfoHandler::handleRequest(Poco::Net::HTTPServerRequest&,
                                Poco::Net::HTTPServerResponse& response)
{
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    if (_kind == Kind::Health)
    {
        body->set("status", "ok");
        body->set("backend", _context.backend.name());
        body->set("roles", static_cast<int>(_roles->roles().size()));
    }
    else
    {
        Poco::JSON::Array::Ptr roles = new Poco::JSON::Array;
        for (const Role& role : _roles->roles())
        {
            Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
            item->set("name", role.name);
            item->set("route", role.route);
            item->set("label", role.label);
            item->set("login_required", role.requiresLogin);
            item->set("permissions", jsonList(role.permissions));
            roles->add(item);
        }
        body->set("roles", roles);
        body->set("backend", _context.backend.name());
    }
    Respond::json(response, Poco::Net::HTTPResponse::HTTP_OK, body);
}

} // namespace rolecall
