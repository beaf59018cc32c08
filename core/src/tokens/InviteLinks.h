#ifndef rolecall_InviteLinks_INCLUDED
#define rolecall_InviteLinks_INCLUDED

#include "Poco/Logger.h"
#include "tokens/Invite.h"
#include "tokens/RevocationList.h"
#include <mutex>
#include <optional>
#include <string>

namespace rolecall
{

/// Invite links, for roles with `auth = link`: a page address whose `invite`
/// query parameter is `<id>.<role>.<room>.<expiry>.<mac>`, where mac is the
/// base64url HMAC-SHA256 of everything before it. Its key is derived from the
/// server's signing key (the HMAC of "rolecall invite links v1" under it), so
/// a link's MAC and a room token's signature are never made with one key. The
/// link names its role and room itself, so a refusal can say "for another
/// room" instead of only "altered". A link may be used until it expires
/// (a changed name reloads the page with it), unless its id is revoked.
///
/// Revoked ids live in one file in the state folder (a RevocationList: each
/// kept until its link expires), written by `rolecall link --revoke`. check()
/// stats that file on each use and rereads it when its inode, size or mtime
/// changed: one stat() per link page, and a revocation holds from the moment
/// the command returns, with no signal and no reload (which a broken config
/// edit would hold back). Thread-safe.
class InviteLinks
{
public:
    static constexpr int defaultValidSeconds = 24 * 3600;
    static constexpr int maxValidSeconds = 30 * 24 * 3600;
    static constexpr const char* revokedFileName = "revoked-invites";

    /// No revocations when `revokedFile` is empty; `logger` may be null.
    InviteLinks(const std::string& signingKey, std::string revokedFile,
                Poco::Logger* logger = nullptr);

    /// A new link (a fresh random id) to `role`'s page in `room`, valid for
    /// `validSeconds` (1 to maxValidSeconds) from `now`.
    Invite issue(const std::string& role, const std::string& room, int validSeconds,
                 const Poco::Timestamp& now = Poco::Timestamp()) const;

    /// The invite that `text` (an `invite` parameter) carries, when it was
    /// made here, for `role` and `room`, and is neither expired nor revoked;
    /// else throws InviteError saying which.
    Invite check(const std::string& text, const std::string& role, const std::string& room,
                 const Poco::Timestamp& now = Poco::Timestamp());

    /// Revokes link `id` until `until` in `revokedFile` (read, added to and
    /// replaced under an exclusive lock, so two commands at once both count).
    /// Throws Poco::IOException when it cannot be written,
    /// Poco::RuntimeException when the list is full.
    static void revoke(const std::string& revokedFile, const std::string& id,
                       const Poco::Timestamp& until);

    /// `<stateDir>/revoked-invites`.
    static std::string revokedFile(const std::string& stateDir);

    /// Where a link leads: `publicUrl` (when empty, the address is a path) +
    /// `basePath` + the role's route + "?room=R&invite=...".
    static std::string address(const std::string& publicUrl, const std::string& basePath,
                               const std::string& route, const Invite& invite);

    /// "90s", "15m", "24h", "7d" as seconds (1 s to 30 d): "" with `seconds`
    /// set, or why not.
    static std::string parseValidity(const std::string& text, int& seconds);

    /// The id in `text`: a link's address, its `invite` value, or a bare id.
    /// `expiry` is the link's when `text` names it. "" or why not.
    static std::string parseId(const std::string& text, std::string& id,
                               std::optional<Poco::Timestamp>& expiry);

private:
    struct Parts
    {
        std::string id, role, room, expiry, mac;
        std::string signedPart; // everything before the mac
    };
    static bool split(const std::string& text, Parts& parts);
    std::string mac(const std::string& signedPart) const;
    bool revoked(const std::string& id, const Poco::Timestamp& now);

    std::string _key; // derived from the signing key, for links only
    std::string _revokedFile;
    Poco::Logger* _logger;
    std::mutex _mutex; // guards what follows
    RevocationList _revoked;
    std::string _revokedStamp; // inode, size and mtime of the file when last read
};

} // namespace rolecall

#endif
