#include "app/OneTimePasswords.h"
#include "auth/PasswordHash.h"
#include "util/SecureRandom.h"
#include <iostream>

namespace rolecall
{

void OneTimePasswords::apply(Settings& settings)
{
    for (RoleSpec& role : settings.roles)
    {
        if (!role.requiresLogin || !role.credentials.empty())
            continue;
        auto made = _made.find(role.name);
        if (made == _made.end())
        {
            const std::string password = SecureRandom::token(18);
            made =
                _made.emplace(role.name, Credential{role.name, PasswordHash::make(password)}).first;
            _untold.emplace_back(role.name, password);
        }
        role.credentials.push_back(made->second);
    }
}

void OneTimePasswords::tell(const std::string& configPath)
{
    for (const auto& [role, password] : _untold)
        std::cout << "Role '" << role << "' has no credentials in " << configPath
                  << ".\n  For this run, log in as user '" << role
                  << "' with password: " << password
                  << "\n  (make permanent ones with 'rolecall passwd')" << std::endl;
    _untold.clear();
}

} // namespace rolecall
