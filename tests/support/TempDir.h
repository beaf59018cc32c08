#ifndef rolecall_test_TempDir_INCLUDED
#define rolecall_test_TempDir_INCLUDED

#include <string>

/// A fresh folder under /tmp, removed with everything in it on destruction.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return _path; }
    /// Absolute path of `name` inside the folder.
    std::string file(const std::string& name) const { return _path + "/" + name; }
    /// Writes `content` to `name` (creating parent folders); returns its path.
    std::string write(const std::string& name, const std::string& content) const;
    std::string read(const std::string& name) const;

private:
    std::string _path;
};

#endif
