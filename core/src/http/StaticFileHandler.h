#ifndef rolecall_StaticFileHandler_INCLUDED
#define rolecall_StaticFileHandler_INCLUDED

#include "net/Response.h"
#include "roles/RoleSet.h"
#include <string>

namespace rolecall
{

struct Settings;

/// GET /static/<path>: our own assets from <template_dir>/static, and
/// /static/vendor/<package>/<path> from the npm-installed packages we ship
/// (an allow-list maps each to its dist folder, so node_modules is not
/// browsable). Paths with "..", hidden segments or backslashes are 404.
class StaticFileHandler
{
public:
    StaticFileHandler(const Settings& settings, const RoleSet& roles);

    /// `path` is the request's decoded path. Reads the file: run on a worker.
    Response handle(const std::string& path) const;

    /// The file a /static/ path maps to, or "" when it maps to none.
    static std::string resolve(const Settings& settings, const std::string& path);

private:
    const Settings& _settings;
    const RoleSet& _roles;
};

} // namespace rolecall

#endif
