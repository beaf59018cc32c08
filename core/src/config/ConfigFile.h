#ifndef rolecall_ConfigFile_INCLUDED
#define rolecall_ConfigFile_INCLUDED

#include "Poco/AutoPtr.h"
#include "Poco/Util/AbstractConfiguration.h"
#include <map>
#include <string>
#include <vector>

namespace rolecall
{

/// A configuration file read by Poco Util (.ini or .properties, by extension),
/// plus what Poco does not keep: the line each key stands on, so every error
/// can say "file:line". Keys are section-qualified ("role.guest.route"), lower-case for INI.
class ConfigFile
{
public:
    /// Reads the file (FileSnapshot: one consistent version of it).
    explicit ConfigFile(const std::string& path);
    /// Parses `text` as the content of the file at `path`.
    ConfigFile(const std::string& path, const std::string& text);

    const std::string& path() const { return _path; }
    const Poco::Util::AbstractConfiguration& values() const { return *_config; }

    /// Keys in file order, each once.
    const std::vector<std::string>& keys() const { return _keys; }
    bool has(const std::string& key) const { return _lines.count(key) > 0; }
    std::string get(const std::string& key, const std::string& fallback = "") const;

    /// "file:line" of the key, or "file" when the key is absent.
    std::string where(const std::string& key) const;

    /// Problems found while indexing: duplicate keys, lines that are not key = value.
    const std::vector<std::string>& problems() const { return _problems; }

private:
    void index(const std::string& content, bool iniSyntax);

    std::string _path;
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> _config;
    std::vector<std::string> _keys;
    std::map<std::string, int> _lines;
    std::vector<std::string> _problems;
};

} // namespace rolecall

#endif
