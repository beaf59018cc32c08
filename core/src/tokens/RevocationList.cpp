#include "tokens/RevocationList.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/NumberParser.h"
#include "Poco/Path.h"
#include "Poco/StringTokenizer.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace rolecall
{

RevocationList::RevocationList(std::string file, std::size_t capacity, Poco::Logger* logger,
                               std::string heading)
    : _file(std::move(file)), _capacity(capacity), _logger(logger), _heading(std::move(heading))
{
}

void RevocationList::load(const Poco::Timestamp& now)
{
    _entries.clear();
    if (_file.empty())
        return;
    std::ifstream in(_file);
    if (!in)
        return; // none yet
    std::string line;
    std::size_t skipped = 0;
    for (int number = 1; std::getline(in, line); ++number)
    {
        if (line.empty() || line[0] == '#')
            continue;
        Poco::StringTokenizer fields(line, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        Poco::Int64 expiry = 0;
        if (fields.count() != 2 || !Poco::NumberParser::tryParse64(fields[1], expiry))
        {
            if (_logger)
                _logger->warning("%s:%d: not '<token id> <expiry>'; line ignored", _file, number);
            continue;
        }
        const Poco::Timestamp expires = Poco::Timestamp::fromEpochTime(expiry);
        if (expires <= now)
            continue;
        if (_entries.size() >= _capacity)
        {
            ++skipped;
            continue;
        }
        _entries[fields[0]] = expires;
    }
    if (skipped > 0 && _logger)
        _logger->warning("%s: %z revoked tokens beyond the cap of %z were not loaded", _file,
                         skipped, _capacity);
}

bool RevocationList::add(const std::vector<Entry>& entries, const Poco::Timestamp& now)
{
    auto next = _entries;
    for (auto it = next.begin(); it != next.end();)
        it = it->second <= now ? next.erase(it) : std::next(it);
    for (const auto& [id, expiry] : entries)
        if (expiry > now)
            next[id] = expiry;
    if (next.size() > _capacity)
    {
        if (_logger)
            _logger->warning("refused to revoke %z tokens: %z revoked tokens are still valid (the "
                             "cap)",
                             entries.size(), _capacity);
        return false;
    }
    try
    {
        save(next);
    }
    catch (const Poco::Exception& e)
    {
        if (_logger)
            _logger->error("cannot keep revoked tokens: %s", e.displayText());
        throw;
    }
    _entries.swap(next);
    return true;
}

void RevocationList::purge(const Poco::Timestamp& now)
{
    for (auto it = _entries.begin(); it != _entries.end();)
        it = it->second <= now ? _entries.erase(it) : std::next(it);
}

void RevocationList::save(const std::map<std::string, Poco::Timestamp>& entries) const
{
    if (_file.empty())
        return;
    std::string text = "# " + _heading + ": <id> <expiry, Unix seconds>. Written by rolecall.\n";
    for (const auto& [id, expiry] : entries)
        text += id + " " + std::to_string(static_cast<long long>(expiry.epochTime())) + "\n";

    Poco::File(Poco::Path(_file).parent()).createDirectories();
    // A whole new file renamed over the old: a crash leaves one or the other.
    const std::string temporary = _file + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        throw Poco::IOException("cannot create " + temporary + ": " + std::strerror(errno));
    ::fchmod(fd, 0600); // also when the file was left over with another mode
    std::size_t written = 0;
    while (written < text.size())
    {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        written += static_cast<std::size_t>(n);
    }
    const bool ok = written == text.size() && ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!ok || ::rename(temporary.c_str(), _file.c_str()) != 0)
    {
        const std::string why = std::strerror(ok ? errno : error);
        ::unlink(temporary.c_str());
        throw Poco::IOException("cannot write " + _file + ": " + why);
    }
}

} // namespace rolecall
