#ifndef rolecall_ConfigLoader_INCLUDED
#define rolecall_ConfigLoader_INCLUDED

#include "config/InstallLayout.h"
#include "config/Settings.h"
#include <functional>
#include <optional>
#include <string>

namespace rolecall
{

class ConfigFile;

/// Reads and validates a config file into Settings. Every problem found is
/// collected with its "file:line" and thrown together as one ConfigError.
/// Secrets may come from the environment instead (names as in the SignalWire
/// tutorial rolecall started from), and
/// the environment wins over the file.
class ConfigLoader
{
public:
    using Environment = std::function<std::optional<std::string>(const std::string&)>;

    /// `environment` looks up variables; `defaults` gives the folders a
    /// config leaves unset.
    ConfigLoader(Environment environment, InstallLayout defaults);

    /// Reads the file (one consistent version of it, see FileSnapshot).
    Settings load(const std::string& path) const;
    /// Loads `text` as the content of the file at `path`.
    Settings load(const std::string& path, const std::string& text) const;

    /// The state folder the config at `path` names, even when the rest of
    /// it is refused (for `rolecall reload` with a broken edit).
    std::string stateDir(const std::string& path) const;

private:
    class Reader;
    void checkKeys(Reader& in) const;
    void readServer(Reader& in, Settings& s) const;
    void readLimits(Reader& in, Settings& s) const;
    void readAddresses(Reader& in, Settings& s) const;
    std::string secret(Reader& in, const std::string& variable, const std::string& key) const;
    void readSignalWire(Reader& in, Settings& s) const;
    void readRoles(Reader& in, Settings& s) const;
    RoleSpec readRole(Reader& in, const std::string& name) const;
    void readAccess(Reader& in, const std::string& prefix, RoleSpec& role) const;
    void readTls(Reader& in, Settings& s) const;
    void readIce(Reader& in, Settings& s, const std::string& turnSecret) const;
    std::string readStateDir(Reader& in) const;
    void readOptions(Reader& in, const std::string& prefix, RoleOptions& options) const;

    Environment _environment;
    InstallLayout _defaults;
};

} // namespace rolecall

#endif
