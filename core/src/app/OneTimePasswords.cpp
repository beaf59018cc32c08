#include "app/OneTimePasswords.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "util/PasswordHash.h"
#include "util/SecureRandom.h"
#include <fcntl.h>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace rolecall
{

void OneTimePasswords::apply(Settings& settings)
{
    _inUse.clear();
    for (RoleSpec& role : settings.roles)
    {
        if (!role.requiresLogin || !role.credentials.empty())
            continue;
        auto made = _made.find(role.name);
        if (made == _made.end())
        {
            // 144 random bits: a digest suffices, PBKDF2 would only slow the start.
            const std::string password = SecureRandom::token(18);
            made = _made
                       .emplace(role.name,
                                Credential{role.name, PasswordHash::forRandomSecret(password)})
                       .first;
            _plain[role.name] = password;
            _untold.emplace_back(role.name, password);
        }
        role.credentials.push_back(made->second);
        _inUse.insert(role.name);
    }
}

void OneTimePasswords::tell(const std::string& configPath, const std::string& stateDir)
{
    const std::string file =
        Poco::Path(Poco::Path::forDirectory(stateDir), "initial-password").toString();
    if (_inUse.empty())
        ::unlink(file.c_str()); // every protected role has its own credentials now
    else
    {
        Poco::File(stateDir).createDirectories();
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0)
        {
            ::fchmod(fd, 0600);
            std::string text = "# Logins for this run of rolecall (" + configPath +
                               "); gone once the roles have credentials.\n";
            for (const auto& role : _inUse)
                text += "role " + role + ": user " + role + ", password " + _plain[role] + "\n";
            [[maybe_unused]] auto n = ::write(fd, text.data(), text.size());
            ::close(fd);
        }
    }
    for (const auto& [role, password] : _untold)
        std::cout << "Role '" << role << "' has no credentials in " << configPath
                  << ".\n  For this run, log in as user '" << role
                  << "' with password: " << password
                  << "\n  (make permanent ones with 'rolecall passwd')" << std::endl;
    _untold.clear();
}

} // namespace rolecall
