#include "tokens/SigningKeyStore.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "util/SecureRandom.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace rolecall
{

SigningKeyStore::SigningKeyStore(std::string stateDir) : _stateDir(std::move(stateDir)) {}

std::string SigningKeyStore::keyPath() const
{
    return Poco::Path(Poco::Path::forDirectory(_stateDir), "signing.key").toString();
}

std::string SigningKeyStore::keyFor(const std::string& configured, const std::string& stateDir)
{
    return configured.empty() ? SigningKeyStore(stateDir).loadOrCreate() : configured;
}

std::string SigningKeyStore::loadOrCreate() const
{
    Poco::File(_stateDir).createDirectories();
    const std::string path = keyPath();
    const std::string fresh = SecureRandom::token(32);
    // O_EXCL: if two servers start at once, exactly one key wins and both read it.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd >= 0)
    {
        const bool written =
            ::write(fd, fresh.data(), fresh.size()) == static_cast<ssize_t>(fresh.size());
        ::close(fd);
        if (!written)
            throw Poco::IOException("cannot write the signing key file " + path);
    }
    else if (errno != EEXIST)
        throw Poco::IOException("cannot create the signing key file " + path + ": " +
                                std::strerror(errno));

    struct stat info;
    if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0)
        ::chmod(path.c_str(), 0600); // a key readable by others is a key shared with them
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string key = Poco::trim(text.str());
    if (key.size() < 32)
        throw Poco::DataException("the signing key file " + path +
                                  " holds fewer than 32 characters; delete it to make a new one");
    return key;
}

} // namespace rolecall
