#ifndef rolecall_RolecallServer_INCLUDED
#define rolecall_RolecallServer_INCLUDED

#include "Poco/Channel.h"
#include "Poco/Net/Context.h"
#include "Poco/Util/ServerApplication.h"
#include "config/Settings.h"
#include <map>
#include <string>

namespace rolecall
{

class ConfigLoader;
class RoleSet;

/// The rolecall executable: options, start-up checks, and the HTTP server.
///   rolecall [--config=FILE]        serve
///   rolecall --check-config         validate config, plugins and templates, print the roles
///   rolecall --list-roles           print the roles as they would be served
///   rolecall passwd                 read a password on stdin, print its hash for the config
///   rolecall link --role R [--room N] [--valid 24h]  print an invite link (auth = link roles)
///   rolecall link --revoke ID       revoke an invite link (by id, or the link itself)
///   rolecall reload [--config=FILE] ask the server running with that config's state folder to
///   reload
class RolecallServer : public Poco::Util::ServerApplication
{
public:
    RolecallServer();

protected:
    void initialize(Poco::Util::Application& self) override;
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const std::vector<std::string>& args) override;

private:
    void logTo(Poco::Channel* out);
    enum class Mode
    {
        Serve,
        CheckConfig,
        ListRoles,
        Help
    };

    int serve(Settings& settings, const ConfigLoader& loader, const std::string& configText);
    int hashPassword();
    int inviteLink(const ConfigLoader& loader, const std::string& configPath);
    int revokeLink(const ConfigLoader& loader, const std::string& configPath);
    int signalReload(const ConfigLoader& loader, const std::string& configPath);
    void printRoles(const RoleSet& roles) const;

    Mode _mode = Mode::Serve;
    std::string _configPath;
    /// `rolecall link` options, by name ("role", "room", "valid", "revoke").
    std::map<std::string, std::string> _linkOptions;
};

} // namespace rolecall

#endif
