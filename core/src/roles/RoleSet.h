#ifndef rolecall_RoleSet_INCLUDED
#define rolecall_RoleSet_INCLUDED

#include "pages/PageRenderer.h"
#include "roles/Role.h"
#include <map>
#include <memory>
#include <vector>

namespace rolecall
{

/// An immutable snapshot of every served role and the renderer of their
/// pages. Requests hold a shared_ptr to the snapshot they started with, so a
/// reload can swap in a new one without locking readers.
class RoleSet
{
public:
    RoleSet(std::vector<Role> roles, std::shared_ptr<const PageRenderer> renderer);

    const std::vector<Role>& roles() const { return _roles; }
    const Role* byRoute(const std::string& route) const;
    const Role* byName(const std::string& name) const;
    const PageRenderer& renderer() const { return *_renderer; }

private:
    std::vector<Role> _roles;
    std::map<std::string, std::size_t> _byRoute;
    std::map<std::string, std::size_t> _byName;
    std::shared_ptr<const PageRenderer> _renderer;
};

} // namespace rolecall

#endif
