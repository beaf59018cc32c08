#include "roles/RoleSet.h"

namespace rolecall
{

RoleSet::RoleSet(std::vector<Role> roles, std::shared_ptr<const PageRenderer> renderer)
    : _roles(std::move(roles)), _renderer(std::move(renderer))
{
    for (std::size_t i = 0; i < _roles.size(); ++i)
    {
        _byRoute[_roles[i].route] = i;
        _byName[_roles[i].name] = i;
    }
}

const Role* RoleSet::byRoute(const std::string& route) const
{
    auto it = _byRoute.find(route);
    return it == _byRoute.end() ? nullptr : &_roles[it->second];
}

const Role* RoleSet::byName(const std::string& name) const
{
    auto it = _byName.find(name);
    return it == _byName.end() ? nullptr : &_roles[it->second];
}

} // namespace rolecall
