#ifndef rolecall_OneTimePasswords_INCLUDED
#define rolecall_OneTimePasswords_INCLUDED

#include "config/Settings.h"
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rolecall
{

/// Passwords for protected roles that have no credentials in the config, so
/// a first run works without editing anything. Each is made once per run and
/// kept across config reloads; it is told on the console only, never logged.
class OneTimePasswords
{
public:
    /// Gives every protected role without credentials its login for this run.
    void apply(Settings& settings);

    /// Prints the logins made since the last call (once the server is up).
    void tell(const std::string& configPath);

private:
    std::map<std::string, Credential> _made;                  // role -> its hashed login
    std::vector<std::pair<std::string, std::string>> _untold; // role, password
};

} // namespace rolecall

#endif
