#include "config/ConfigFile.h"
#include "Poco/Exception.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "Poco/Util/IniFileConfiguration.h"
#include "Poco/Util/PropertyFileConfiguration.h"
#include "config/ConfigError.h"
#include "config/FileSnapshot.h"
#include <sstream>

namespace rolecall
{

ConfigFile::ConfigFile(const std::string& path) : ConfigFile(path, FileSnapshot::read(path)) {}

// Poco and the line index both parse the same bytes: the file may change
// on disk meanwhile.
ConfigFile::ConfigFile(const std::string& path, const std::string& text) : _path(path)
{
    const std::string ext = Poco::toLower(Poco::Path(path).getExtension());
    const bool ini = ext == "ini";
    if (!ini && ext != "properties")
        throw ConfigError({path + ": config file must end in .ini or .properties"});
    try
    {
        std::istringstream in(text);
        if (ini)
            _config = new Poco::Util::IniFileConfiguration(in);
        else
            _config = new Poco::Util::PropertyFileConfiguration(in);
    }
    catch (const Poco::Exception& e)
    {
        throw ConfigError({path + ": cannot read: " + e.displayText()});
    }
    index(text, ini);
}

std::string ConfigFile::get(const std::string& key, const std::string& fallback) const
{
    return has(key) ? Poco::trim(_config->getRawString(key, fallback)) : fallback;
}

std::string ConfigFile::where(const std::string& key) const
{
    auto it = _lines.find(key);
    return it == _lines.end() ? _path : _path + ":" + std::to_string(it->second);
}

// Mirrors the syntax Poco's two readers accept, closely enough to find lines:
// comments (';' '#' for INI, '#' '!' for properties), "[section]" headers for
// INI, "key = value" (or "key: value" in properties), backslash continuations.
void ConfigFile::index(const std::string& content, bool iniSyntax)
{
    std::istringstream in(content);
    std::string line, section;
    bool continued = false;
    for (int number = 1; std::getline(in, line); ++number)
    {
        const bool wasContinued = continued;
        continued = !iniSyntax && !line.empty() && line.back() == '\\';
        if (wasContinued)
            continue;
        const std::string text = Poco::trim(line);
        if (text.empty() || text[0] == '#' || text[0] == (iniSyntax ? ';' : '!'))
            continue;
        const std::string here = _path + ":" + std::to_string(number);
        if (iniSyntax && text[0] == '[')
        {
            if (text.back() != ']')
                _problems.push_back(here + ": section header is missing ']'");
            section = Poco::toLower(Poco::trim(text.substr(1, text.size() - 2)));
            continue;
        }
        const auto sep = iniSyntax ? text.find('=') : text.find_first_of("=:");
        if (sep == std::string::npos || sep == 0)
        {
            _problems.push_back(here + ": expected 'key = value', found '" + text + "'");
            continue;
        }
        // Poco's INI reader ignores case; its properties reader does not.
        std::string key = Poco::trim(text.substr(0, sep));
        if (iniSyntax)
            key = Poco::toLower(section.empty() ? key : section + "." + key);
        if (_lines.count(key))
        {
            _problems.push_back(here + ": '" + key + "' is set again (first at line " +
                                std::to_string(_lines[key]) + ")");
            _lines[key] = number; // Poco keeps the last value: point errors at it
            continue;
        }
        _lines[key] = number;
        _keys.push_back(key);
    }
}

} // namespace rolecall
