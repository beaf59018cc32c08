#ifndef rolecall_OneTimePasswords_INCLUDED
#define rolecall_OneTimePasswords_INCLUDED

#include "config/Settings.h"
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace rolecall
{

/// Passwords for protected roles that have no credentials in the config, so
/// a first run works without editing anything. Each is made once per run and
/// kept across config reloads; it is told on the console, never logged, and
/// kept in <state_dir>/initial-password (mode 0600) for an admin whose server
/// runs as a service with no console. The file goes once no role needs one.
class OneTimePasswords
{
public:
    /// Gives every protected role without credentials its login for this run.
    void apply(Settings& settings);

    /// Prints the logins made since the last call (once the server is up)
    /// and writes, or removes, `stateDir`/initial-password.
    void tell(const std::string& configPath, const std::string& stateDir);

private:
    std::map<std::string, Credential> _made;   // role -> its hashed login
    std::map<std::string, std::string> _plain; // role -> its password (memory only)
    std::set<std::string> _inUse;              // roles that need theirs under the current config
    std::vector<std::pair<std::string, std::string>> _untold; // role, password
};

} // namespace rolecall

#endif
