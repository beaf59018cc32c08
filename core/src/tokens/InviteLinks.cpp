#include "tokens/InviteLinks.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/HMACEngine.h"
#include "Poco/NumberParser.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "config/Validation.h"
#include "tokens/InviteError.h"
#include "util/Base64Url.h"
#include "util/SecureRandom.h"
#include "util/Sha256Engine.h"
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rolecall
{
namespace
{

using Reason = InviteError::Reason;

constexpr std::size_t maxLinkLength = 512;
constexpr std::size_t idBytes = 16;  // 22 base64url characters
constexpr std::size_t macBytes = 32; // HMAC-SHA256
const char* const heading = "Invite links revoked before their expiry";

std::string hmac(const std::string& key, const std::string& text)
{
    Poco::HMACEngine<Sha256Engine> engine(key);
    engine.update(text);
    const auto& digest = engine.digest();
    return std::string(digest.begin(), digest.end());
}

bool canonical(const std::string& text, std::size_t bytes)
{
    std::string decoded;
    return text.size() == Base64Url::encodedLength(bytes) && Base64Url::decode(text, decoded) &&
           decoded.size() == bytes;
}

// Decimal Unix seconds, as written: digits only, no sign, no leading zero.
bool epochSeconds(const std::string& text, Poco::Timestamp& out)
{
    Poco::Int64 seconds = 0;
    if (text.empty() || text.size() > 12 || text[0] == '0' ||
        text.find_first_not_of("0123456789") != std::string::npos ||
        !Poco::NumberParser::tryParse64(text, seconds))
        return false;
    out = Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(seconds));
    return true;
}

std::string utc(const Poco::Timestamp& time)
{
    return Poco::DateTimeFormatter::format(time, "%Y-%m-%d %H:%M UTC");
}

} // namespace

InviteLinks::InviteLinks(const std::string& signingKey, std::string revokedFile,
                         Poco::Logger* logger)
    : _key(hmac(signingKey, "rolecall invite links v1")), _revokedFile(std::move(revokedFile)),
      _logger(logger), _revoked(_revokedFile, RevocationList::defaultCapacity, logger, heading)
{
}

std::string InviteLinks::revokedFile(const std::string& stateDir)
{
    return Poco::Path(Poco::Path::forDirectory(stateDir), revokedFileName).toString();
}

std::string InviteLinks::mac(const std::string& signedPart) const
{
    return hmac(_key, signedPart);
}

Invite InviteLinks::issue(const std::string& role, const std::string& room, int validSeconds,
                          const Poco::Timestamp& now) const
{
    if (!Validation::identifier(role).empty() || !Validation::roomName(room).empty() ||
        validSeconds < 1 || validSeconds > maxValidSeconds)
        throw Poco::InvalidArgumentException("no invite link for that role, room or validity");
    Invite invite;
    invite.id = SecureRandom::token(idBytes);
    invite.role = role;
    invite.room = room;
    // Whole seconds, as the link writes them.
    invite.expiresAt = Poco::Timestamp::fromEpochTime(now.epochTime() + validSeconds);
    const std::string signedPart =
        invite.id + "." + role + "." + room + "." +
        std::to_string(static_cast<long long>(invite.expiresAt.epochTime()));
    invite.text = signedPart + "." + Base64Url::encode(mac(signedPart));
    return invite;
}

// Exactly five dot-separated fields, each in the one spelling issue() writes.
bool InviteLinks::split(const std::string& text, Parts& parts)
{
    if (text.size() > maxLinkLength)
        return false;
    std::string* fields[] = {&parts.id, &parts.role, &parts.room, &parts.expiry, &parts.mac};
    std::size_t start = 0;
    for (std::size_t i = 0; i < 5; ++i)
    {
        const auto dot = text.find('.', start);
        if ((i < 4) == (dot == std::string::npos))
            return false;
        *fields[i] = text.substr(start, i < 4 ? dot - start : std::string::npos);
        start = dot + 1;
    }
    parts.signedPart = text.substr(0, text.size() - parts.mac.size() - 1);
    Poco::Timestamp ignored;
    return canonical(parts.id, idBytes) && Validation::identifier(parts.role).empty() &&
           Validation::roomName(parts.room).empty() && epochSeconds(parts.expiry, ignored) &&
           canonical(parts.mac, macBytes);
}

Invite InviteLinks::check(const std::string& text, const std::string& role, const std::string& room,
                          const Poco::Timestamp& now)
{
    if (text.empty())
        throw InviteError(Reason::Missing,
                          "This page needs an invite link. Ask a moderator for one.");
    Parts parts;
    if (!split(text, parts))
        throw InviteError(Reason::Malformed, "This invite link is malformed: it may have been cut "
                                             "short when it was copied. Ask for a new one.");
    std::string given;
    Base64Url::decode(parts.mac, given);
    const std::string expected = mac(parts.signedPart);
    if (given.size() != expected.size() ||
        CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0)
        throw InviteError(Reason::BadSignature, "This invite link is not valid: it was altered, "
                                                "or it was not made by this server.");
    // Genuine from here on: what it names may be said.
    if (parts.role != role)
        throw InviteError(Reason::OtherRole, "This invite link is for the role '" + parts.role +
                                                 "', not for this page (role '" + role + "').");
    if (parts.room != room)
        throw InviteError(Reason::OtherRoom, "This invite link is for room '" + parts.room +
                                                 "', not for room '" + room + "'.");
    Invite invite;
    epochSeconds(parts.expiry, invite.expiresAt);
    if (invite.expiresAt <= now)
        throw InviteError(Reason::Expired, "This invite link expired on " + utc(invite.expiresAt) +
                                               ". Ask for a new one.");
    if (revoked(parts.id, now))
        throw InviteError(Reason::Revoked, "This invite link has been revoked.");
    invite.id = parts.id;
    invite.role = parts.role;
    invite.room = parts.room;
    invite.text = text;
    return invite;
}

bool InviteLinks::revoked(const std::string& id, const Poco::Timestamp& now)
{
    if (_revokedFile.empty())
        return false;
    // `rolecall link --revoke` renames a new file over the old one, so the
    // inode changes with every write, even within one mtime tick.
    struct stat info;
    std::string stamp = "absent";
    if (::stat(_revokedFile.c_str(), &info) == 0)
        stamp = std::to_string(info.st_ino) + ":" + std::to_string(info.st_size) + ":" +
                std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
    std::lock_guard<std::mutex> lock(_mutex);
    if (stamp != _revokedStamp)
    {
        _revoked.load(now); // a newer version read here is read again next time: harmless
        _revokedStamp = stamp;
        if (_logger && stamp != "absent")
            _logger->information("read %s: %z invite links revoked", _revokedFile, _revoked.size());
    }
    return _revoked.contains(id);
}

void InviteLinks::revoke(const std::string& revokedFile, const std::string& id,
                         const Poco::Timestamp& until)
{
    Poco::File(Poco::Path(revokedFile).parent()).createDirectories();
    const std::string lockFile = revokedFile + ".lock";
    const int fd = ::open(lockFile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw Poco::IOException("cannot open " + lockFile + ": " + std::strerror(errno));
    while (::flock(fd, LOCK_EX) != 0 && errno == EINTR)
    {
    }
    try
    {
        const Poco::Timestamp now;
        RevocationList list(revokedFile, RevocationList::defaultCapacity, nullptr, heading);
        list.load(now);
        if (!list.add({{id, until}}, now))
            throw Poco::RuntimeException(
                "cannot revoke: " + std::to_string(RevocationList::defaultCapacity) +
                " revoked invite links are still valid (the cap)");
    }
    catch (...)
    {
        ::close(fd); // also releases the lock
        throw;
    }
    ::close(fd);
}

std::string InviteLinks::address(const std::string& publicUrl, const std::string& basePath,
                                 const std::string& route, const Invite& invite)
{
    // Room names, ids and base64url need no percent-encoding.
    return publicUrl + basePath + route + "?room=" + invite.room + "&invite=" + invite.text;
}

std::string InviteLinks::parseValidity(const std::string& text, int& seconds)
{
    const std::string why = "'" + text +
                            "' is not a duration such as 90s, 15m, 24h or 7d (a whole number and "
                            "s, m, h or d; at most 30d)";
    if (text.size() < 2 || text.size() > 9 || text[0] == '0' ||
        text.find_first_not_of("0123456789", 0) != text.size() - 1)
        return why;
    const char unit = text.back();
    const Poco::Int64 scale = unit == 's'   ? 1
                              : unit == 'm' ? 60
                              : unit == 'h' ? 3600
                              : unit == 'd' ? 86400
                                            : 0;
    Poco::Int64 count = 0;
    if (scale == 0 || !Poco::NumberParser::tryParse64(text.substr(0, text.size() - 1), count))
        return why;
    if (count * scale > maxValidSeconds)
        return "'" + text + "' is longer than the most an invite link may last (30d)";
    seconds = static_cast<int>(count * scale);
    return {};
}

std::string InviteLinks::parseId(const std::string& text, std::string& id,
                                 std::optional<Poco::Timestamp>& expiry)
{
    std::string value = Poco::trim(text); // pasted with a line end
    const auto at = value.find("invite=");
    if (at != std::string::npos)
    {
        value = value.substr(at + 7);
        value = value.substr(0, value.find_first_of("&#"));
    }
    const std::string why = "'" + text +
                            "' is neither an invite link nor its id (the 22 characters before "
                            "the first '.' of its invite= value)";
    if (value.find('.') == std::string::npos)
    {
        if (!canonical(value, idBytes))
            return why;
        id = value;
        expiry.reset();
        return {};
    }
    Parts parts;
    if (!split(value, parts))
        return why;
    Poco::Timestamp when;
    epochSeconds(parts.expiry, when);
    id = parts.id;
    expiry = when;
    return {};
}

} // namespace rolecall
