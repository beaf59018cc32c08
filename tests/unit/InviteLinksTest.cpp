// Invite links: signed, bound to role, room and expiry, revocable by id.
#include "tokens/InviteLinks.h"
#include "Poco/HMACEngine.h"
#include "support/TempDir.h"
#include "tokens/InviteError.h"
#include "util/Base64Url.h"
#include "util/Sha256Engine.h"
#include <cppunit/extensions/HelperMacros.h>
#include <functional>
#include <sys/stat.h>

using namespace rolecall;
using Reason = InviteError::Reason;

namespace
{

const std::string key = "invite-test-signing-key-0123456789abcdef";
constexpr Poco::Timestamp::TimeDiff second = 1000 * 1000;

// The reason check() refuses `text` for, or "accepted".
std::string refusal(InviteLinks& links, const std::string& text, const std::string& role = "guest",
                    const std::string& room = "Reception",
                    const Poco::Timestamp& now = Poco::Timestamp())
{
    try
    {
        links.check(text, role, room, now);
        return "accepted";
    }
    catch (const InviteError& e)
    {
        static const char* names[] = {"missing",    "malformed", "bad signature", "other role",
                                      "other room", "expired",   "revoked"};
        return names[static_cast<int>(e.reason())] + std::string(": ") + e.what();
    }
}

bool refusedFor(InviteLinks& links, const std::string& text, const std::string& reason,
                const std::string& role = "guest", const std::string& room = "Reception",
                const Poco::Timestamp& now = Poco::Timestamp())
{
    return refusal(links, text, role, room, now).rfind(reason + ":", 0) == 0;
}

std::string plainMac(const std::string& text)
{
    Poco::HMACEngine<Sha256Engine> engine(key);
    engine.update(text);
    const auto& digest = engine.digest();
    return Base64Url::encode(std::string(digest.begin(), digest.end()));
}

} // namespace

class InviteLinksTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InviteLinksTest);
    CPPUNIT_TEST(goodLinkIsAccepted);
    CPPUNIT_TEST(linkIsIdRoleRoomExpiryMac);
    CPPUNIT_TEST(missingLinkIsRefused);
    CPPUNIT_TEST(alteredSignatureIsRefused);
    CPPUNIT_TEST(alteredFieldsAreRefused);
    CPPUNIT_TEST(otherKeyIsRefused);
    CPPUNIT_TEST(roomTokenKeyIsNotTheLinkKey);
    CPPUNIT_TEST(expiredLinkIsRefused);
    CPPUNIT_TEST(otherRoomIsRefused);
    CPPUNIT_TEST(otherRoleIsRefused);
    CPPUNIT_TEST(malformedLinksAreRefused);
    CPPUNIT_TEST(revokedLinkIsRefusedWithoutANewObject);
    CPPUNIT_TEST(revocationsAreKeptWithMode0600);
    CPPUNIT_TEST(issueRefusesBadValues);
    CPPUNIT_TEST(validityTakesSuffixes);
    CPPUNIT_TEST(idIsFoundInLinksAndValues);
    CPPUNIT_TEST(addressUsesPublicUrlAndBasePath);
    CPPUNIT_TEST_SUITE_END();

public:
    void goodLinkIsAccepted()
    {
        InviteLinks links(key, "");
        const Invite made = links.issue("guest", "Reception", 3600);
        const Invite seen = links.check(made.text, "guest", "Reception");
        CPPUNIT_ASSERT_EQUAL(made.id, seen.id);
        CPPUNIT_ASSERT_EQUAL(std::string("guest"), seen.role);
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), seen.room);
        CPPUNIT_ASSERT(made.expiresAt == seen.expiresAt);
        // Another instance with the same key (a restart, the CLI) agrees.
        InviteLinks again(key, "");
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), refusal(again, made.text));
        // Each link is new.
        CPPUNIT_ASSERT(links.issue("guest", "Reception", 3600).id != made.id);
    }

    void linkIsIdRoleRoomExpiryMac()
    {
        const Poco::Timestamp now = Poco::Timestamp::fromEpochTime(1700000000);
        const Invite made = InviteLinks(key, "").issue("guest", "Reception", 90, now);
        CPPUNIT_ASSERT_EQUAL(std::string("1700000090"),
                             std::to_string(static_cast<long long>(made.expiresAt.epochTime())));
        const std::string start = made.id + ".guest.Reception.1700000090.";
        CPPUNIT_ASSERT_EQUAL(start, made.text.substr(0, start.size()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(22), made.id.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(43), made.text.size() - start.size()); // 32 bytes
    }

    void missingLinkIsRefused()
    {
        InviteLinks links(key, "");
        CPPUNIT_ASSERT(refusedFor(links, "", "missing"));
    }

    void alteredSignatureIsRefused()
    {
        InviteLinks links(key, "");
        const std::string text = links.issue("guest", "Reception", 3600).text;
        // A middle character of the MAC: the last one's low bits may not count.
        std::string altered = text;
        char& c = altered[altered.size() - 20];
        c = c == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT_EQUAL(std::string("bad signature: This invite link is not valid: it was "
                                         "altered, or it was not made by this server."),
                             refusal(links, altered));
    }

    // The MAC covers every field: each changed field breaks it.
    void alteredFieldsAreRefused()
    {
        InviteLinks links(key, "");
        const Poco::Timestamp now;
        const Invite made = links.issue("guest", "Reception", 3600, now);
        const std::string mac = made.text.substr(made.text.rfind('.') + 1);
        const std::string expiry =
            std::to_string(static_cast<long long>(made.expiresAt.epochTime()));
        std::string otherId = made.id;
        otherId[5] = otherId[5] == 'A' ? 'B' : 'A';
        const std::string later =
            std::to_string(static_cast<long long>(made.expiresAt.epochTime() + 86400));
        CPPUNIT_ASSERT(
            refusedFor(links, otherId + ".guest.Reception." + expiry + "." + mac, "bad signature"));
        CPPUNIT_ASSERT(
            refusedFor(links, made.id + ".guest.Reception." + later + "." + mac, "bad signature"));
        // Role or room changed in the link to match another page: still the MAC.
        CPPUNIT_ASSERT(refusedFor(links, made.id + ".guest.Lobby." + expiry + "." + mac,
                                  "bad signature", "guest", "Lobby"));
        CPPUNIT_ASSERT(refusedFor(links, made.id + ".presenter.Reception." + expiry + "." + mac,
                                  "bad signature", "presenter"));
    }

    void otherKeyIsRefused()
    {
        InviteLinks links(key, "");
        InviteLinks elsewhere("another-servers-signing-key-0123456789", "");
        CPPUNIT_ASSERT(
            refusedFor(links, elsewhere.issue("guest", "Reception", 3600).text, "bad signature"));
    }

    // The link's MAC is not a plain HMAC under the signing key, which signs
    // room tokens too: one can never stand for the other.
    void roomTokenKeyIsNotTheLinkKey()
    {
        InviteLinks links(key, "");
        const Invite made = links.issue("guest", "Reception", 3600);
        const std::string signedPart = made.text.substr(0, made.text.rfind('.'));
        // Were the key used as is, HMAC(key, signedPart) would be the MAC.
        CPPUNIT_ASSERT(made.text.substr(made.text.rfind('.') + 1) != plainMac(signedPart));
    }

    void expiredLinkIsRefused()
    {
        InviteLinks links(key, "");
        const Poco::Timestamp now;
        const Invite made = links.issue("guest", "Reception", 60, now);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"),
                             refusal(links, made.text, "guest", "Reception", now + 59 * second));
        const std::string refused =
            refusal(links, made.text, "guest", "Reception", now + 61 * second);
        CPPUNIT_ASSERT_MESSAGE(refused,
                               refused.rfind("expired: This invite link expired on ", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(refused,
                               refused.find(" UTC. Ask for a new one.") != std::string::npos);
    }

    void otherRoomIsRefused()
    {
        InviteLinks links(key, "");
        const std::string text = links.issue("guest", "Reception", 3600).text;
        CPPUNIT_ASSERT_EQUAL(std::string("other room: This invite link is for room 'Reception', "
                                         "not for room 'Board'."),
                             refusal(links, text, "guest", "Board"));
    }

    void otherRoleIsRefused()
    {
        InviteLinks links(key, "");
        const std::string text = links.issue("guest", "Reception", 3600).text;
        CPPUNIT_ASSERT_EQUAL(std::string("other role: This invite link is for the role 'guest', "
                                         "not for this page (role 'presenter')."),
                             refusal(links, text, "presenter", "Reception"));
    }

    void malformedLinksAreRefused()
    {
        InviteLinks links(key, "");
        const Invite made = links.issue("guest", "Reception", 3600);
        const std::string& t = made.text;
        const std::string expiry =
            std::to_string(static_cast<long long>(made.expiresAt.epochTime()));
        const std::string mac = t.substr(t.rfind('.') + 1);
        for (const std::string& bad :
             {std::string("x"), t.substr(0, t.size() - 1), t + ".", t + "=", "." + t, t + "x",
              made.id + ".guest.Reception." + expiry,                    // no MAC
              made.id + ".guest.Reception." + mac,                       // no expiry
              made.id + ".guest.Reception.0" + expiry + "." + mac,       // not as written
              made.id + ".guest.Reception.+" + expiry + "." + mac,       //
              made.id + ".guest.Room With Spaces." + expiry + "." + mac, //
              made.id + ".Guest!.Reception." + expiry + "." + mac,       //
              made.id + "A.guest.Reception." + expiry + "." + mac,       // id too long
              made.id + ".guest.Reception." + expiry + "." + mac + "AA",
              made.id + ".guest.Reception." + expiry + "." + mac.substr(0, 42) + "=",
              std::string(600, 'A')})
            CPPUNIT_ASSERT_MESSAGE(bad, refusedFor(links, bad, "malformed"));
    }

    // `rolecall link --revoke` writes the file; the serving object sees it on
    // the next check, with no reload.
    void revokedLinkIsRefusedWithoutANewObject()
    {
        TempDir dir;
        const std::string file = InviteLinks::revokedFile(dir.file("state"));
        InviteLinks links(key, file);
        const Invite first = links.issue("guest", "Reception", 3600);
        const Invite second = links.issue("guest", "Reception", 3600);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), refusal(links, first.text)); // no file yet
        InviteLinks::revoke(file, first.id, first.expiresAt);
        CPPUNIT_ASSERT_EQUAL(std::string("revoked: This invite link has been revoked."),
                             refusal(links, first.text));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), refusal(links, second.text));
        // A second revocation within the same second is seen too (a new file each time).
        InviteLinks::revoke(file, second.id, second.expiresAt);
        CPPUNIT_ASSERT(refusedFor(links, second.text, "revoked"));
        CPPUNIT_ASSERT(refusedFor(links, first.text, "revoked"));
        // A fresh object (a restart) reads the file as well.
        InviteLinks restarted(key, file);
        CPPUNIT_ASSERT(refusedFor(restarted, first.text, "revoked"));
        // Other reasons come first: a revoked link for another room says so.
        CPPUNIT_ASSERT(refusedFor(links, first.text, "other room", "guest", "Board"));
    }

    void revocationsAreKeptWithMode0600()
    {
        TempDir dir;
        const std::string file = InviteLinks::revokedFile(dir.file("state"));
        const Poco::Timestamp now;
        InviteLinks::revoke(file, "kept-id", now + 600 * second);
        InviteLinks::revoke(file, "gone-id", now - 1 * second); // expired: not kept
        struct stat info;
        CPPUNIT_ASSERT_EQUAL(0, ::stat(file.c_str(), &info));
        CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(info.st_mode & 07777));
        const std::string text = dir.read("state/revoked-invites");
        CPPUNIT_ASSERT_MESSAGE(text, text.find("kept-id ") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text, text.find("gone-id") == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(text, text.rfind("# Invite links revoked", 0) == 0);
    }

    void issueRefusesBadValues()
    {
        InviteLinks links(key, "");
        const std::vector<std::function<void()>> calls = {
            [&] { links.issue("guest", "two words", 60); },
            [&] { links.issue("Guest.x", "Reception", 60); },
            [&] { links.issue("guest", "Reception", 0); },
            [&] { links.issue("guest", "Reception", InviteLinks::maxValidSeconds + 1); }};
        for (const auto& call : calls)
            CPPUNIT_ASSERT_THROW(call(), Poco::InvalidArgumentException);
    }

    void validityTakesSuffixes()
    {
        const std::vector<std::pair<std::string, int>> good = {
            {"90s", 90}, {"15m", 900}, {"24h", 86400}, {"7d", 604800}, {"30d", 2592000}, {"1s", 1}};
        for (const auto& [text, expected] : good)
        {
            int seconds = 0;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, std::string(),
                                         InviteLinks::parseValidity(text, seconds));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, expected, seconds);
        }
        for (const std::string bad : {"", "24", "h", "24x", "24H", "0s", "-1h", "1.5h", " 1h",
                                      "1h ", "1 h", "07d", "999999999d"})
        {
            int seconds = 42;
            const std::string problem = InviteLinks::parseValidity(bad, seconds);
            CPPUNIT_ASSERT_MESSAGE(bad, problem.find("is not a duration such as 90s, 15m, 24h or "
                                                     "7d") != std::string::npos);
            CPPUNIT_ASSERT_EQUAL(42, seconds);
        }
        int seconds = 0;
        CPPUNIT_ASSERT_EQUAL(std::string("'31d' is longer than the most an invite link may last "
                                         "(30d)"),
                             InviteLinks::parseValidity("31d", seconds));
        CPPUNIT_ASSERT_EQUAL(std::string("'721h' is longer than the most an invite link may last "
                                         "(30d)"),
                             InviteLinks::parseValidity("721h", seconds));
    }

    void idIsFoundInLinksAndValues()
    {
        const Invite made = InviteLinks(key, "").issue("guest", "Reception", 3600);
        const std::string url =
            InviteLinks::address("https://meet.example.org", "/meet", "/guest", made) + "&user=Ann";
        for (const std::string& text : {url, made.text, "invite=" + made.text})
        {
            std::string id;
            std::optional<Poco::Timestamp> expiry;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(text, std::string(),
                                         InviteLinks::parseId(text, id, expiry));
            CPPUNIT_ASSERT_EQUAL(made.id, id);
            CPPUNIT_ASSERT(expiry && *expiry == made.expiresAt);
        }
        std::string id;
        std::optional<Poco::Timestamp> expiry = Poco::Timestamp();
        CPPUNIT_ASSERT_EQUAL(std::string(), InviteLinks::parseId(made.id, id, expiry));
        CPPUNIT_ASSERT_EQUAL(made.id, id);
        CPPUNIT_ASSERT(!expiry); // a bare id does not say
        for (const std::string bad : {"", "abc", "https://meet.example.org/guest?room=R",
                                      "invite=xyz.guest", "../../etc/passwd"})
            CPPUNIT_ASSERT_MESSAGE(bad, InviteLinks::parseId(bad, id, expiry)
                                                .find("is neither an invite link nor its id") !=
                                            std::string::npos);
    }

    void addressUsesPublicUrlAndBasePath()
    {
        const Invite made = InviteLinks(key, "").issue("guest", "Reception", 3600);
        CPPUNIT_ASSERT_EQUAL(
            "https://meet.example.org/meet/guest?room=Reception&invite=" + made.text,
            InviteLinks::address("https://meet.example.org", "/meet", "/guest", made));
        CPPUNIT_ASSERT_EQUAL("/guest?room=Reception&invite=" + made.text,
                             InviteLinks::address("", "", "/guest", made));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InviteLinksTest);
