#ifndef rolecall_FileSnapshot_INCLUDED
#define rolecall_FileSnapshot_INCLUDED

#include <string>

namespace rolecall
{

/// A file's bytes as one version: read again until two reads in a row are
/// byte-identical, so a file caught while being written is not parsed half
/// old, half new. (A writer that pauses longer than a read still leaves a
/// truncated file: ConfigReloader's rules for lowered logins cover that.)
class FileSnapshot
{
public:
    /// Throws ConfigError "<path>: config file not found", "cannot read" or
    /// "kept changing while being read".
    static std::string read(const std::string& path);
};

} // namespace rolecall

#endif
