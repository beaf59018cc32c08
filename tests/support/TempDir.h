#ifndef rolecall_test_TempDir_INCLUDED
#define rolecall_test_TempDir_INCLUDED

#include <string>

/// A fresh folder under /tmp, removed with everything in it on destruction.
/// Made on first use: CppUnit constructs every suite's fixtures up front,
/// and a fixture whose tests do not run must leave nothing behind.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const;
    /// Absolute path of `name` inside the folder.
    std::string file(const std::string& name) const { return path() + "/" + name; }
    /// Writes `content` to `name` (creating parent folders); returns its path.
    std::string write(const std::string& name, const std::string& content) const;
    std::string read(const std::string& name) const;

private:
    mutable std::string _path;
};

/// Writes `from`'s bytes into `to` as cp(1) does: truncating and rewriting
/// the same file (same inode), creating its folder if needed.
void copyOver(const std::string& from, const std::string& to);

#endif
