#include "support/TempDir.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/StreamCopier.h"
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

TempDir::TempDir() = default;

const std::string& TempDir::path() const
{
    if (_path.empty())
    {
        char pattern[] = "/tmp/rolecall-test-XXXXXX";
        if (!::mkdtemp(pattern))
            throw std::runtime_error("mkdtemp failed");
        _path = pattern;
    }
    return _path;
}

TempDir::~TempDir()
{
    if (_path.empty())
        return;
    try
    {
        Poco::File(_path).remove(true);
    }
    catch (...)
    {
    }
}

std::string TempDir::write(const std::string& name, const std::string& content) const
{
    const std::string path = file(name);
    Poco::File(Poco::Path(path).parent()).createDirectories();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    return path;
}

std::string TempDir::read(const std::string& name) const
{
    std::ifstream in(file(name), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void copyOver(const std::string& from, const std::string& to)
{
    Poco::File(Poco::Path(to).parent()).createDirectories();
    Poco::FileInputStream in(from);
    Poco::FileOutputStream out(to, std::ios::out | std::ios::trunc | std::ios::binary);
    Poco::StreamCopier::copyStream(in, out);
}
