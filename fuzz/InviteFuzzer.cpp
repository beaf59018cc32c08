// InviteLinks::check. The first byte picks how the rest is used:
//  even: the rest is the `invite` value, as a browser would send it, checked
//        for role "guest" in room "Reception";
//  odd:  bytes 1-2 are a position and a byte, the rest "ROLE\0ROOM": a link
//        is issued for them (when they are valid names) and checked as
//        issued, then with that one byte changed.
// Invariants: check only ever throws InviteError, with a message; an accepted
// link names the role and room asked for and has not expired; a link made
// with another key is never accepted; a genuine link is accepted, and no
// single changed byte of it is.
#include "FuzzCheck.h"
#include "config/Validation.h"
#include "tokens/InviteError.h"
#include "tokens/InviteLinks.h"
#include <cstdint>

using namespace rolecall;

namespace
{

const std::string key = "fuzzing-signing-key-0123456789abcdef";
// A fixed "now" keeps runs reproducible: 2030-01-01T00:00:00Z.
const Poco::Timestamp now = Poco::Timestamp::fromEpochTime(1893456000);

bool accepts(InviteLinks& links, const std::string& text, const std::string& role,
             const std::string& room)
{
    try
    {
        const Invite invite = links.check(text, role, room, now);
        FUZZ_CHECK(invite.role == role && invite.room == room && invite.expiresAt > now);
        return true;
    }
    catch (const InviteError& e)
    {
        FUZZ_CHECK(*e.what() != '\0');
        return false;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static InviteLinks links(key, "");
    static InviteLinks otherLinks("another-key-entirely-0123456789abcdef", "");
    if (size < 1)
        return 0;
    if ((data[0] & 1) == 0)
    {
        const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
        if (accepts(links, text, "guest", "Reception"))
            FUZZ_CHECK(!accepts(otherLinks, text, "guest", "Reception"));
        return 0;
    }
    if (size < 3)
        return 0;
    const std::string rest(reinterpret_cast<const char*>(data) + 3, size - 3);
    const std::size_t split = rest.find('\0');
    const std::string role = rest.substr(0, split);
    const std::string room = split == std::string::npos ? std::string() : rest.substr(split + 1);
    if (!Validation::identifier(role).empty() || !Validation::roomName(room).empty())
        return 0;
    const Invite invite = links.issue(role, room, 3600, now);
    FUZZ_CHECK(accepts(links, invite.text, role, room));
    FUZZ_CHECK(!accepts(otherLinks, invite.text, role, room));
    std::string changed = invite.text;
    const std::size_t at = data[1] % changed.size();
    if (changed[at] == static_cast<char>(data[2]))
        return 0;
    changed[at] = static_cast<char>(data[2]);
    FUZZ_CHECK(!accepts(links, changed, role, room));
    return 0;
}
