// Times the role-page work that is not HTTP: rendering the guest page and
// issuing a room token, new code against the old approach (Poco's JSON
// Template and JWT Signer, tests/support/LegacyPages.h), in one run.
//
//     build/bench/render [N] [TEMPLATE_DIR]     (defaults: 20000, templates/)

#include "Poco/JWT/Signer.h"
#include "pages/PageRenderer.h"
#include "support/LegacyPages.h"
#include "tokens/TokenIssuer.h"
#include "util/JsonList.h"
#include "util/SecureRandom.h"
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <new>
#include <string>

// Counts C++ heap allocations (operator new; not OpenSSL's own malloc calls),
// to report allocations per operation next to the time.
static std::atomic<std::size_t> allocations{0};

void* operator new(std::size_t size)
{
    ++allocations;
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept
{
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}

using namespace rolecall;

namespace
{

// The values RolePageHandler gives the guest page on the embedded backend.
PageValues guestValues()
{
    const std::vector<std::string> permissions = {"room.self.audio_mute", "room.self.audio_unmute",
                                                  "room.self.video_mute", "room.self.video_unmute"};
    PageValues values;
    values.script->set("token", std::string(420, 'x'));
    values.script->set("room", "Reception");
    values.script->set("user", "user_1234");
    values.script->set("role", "guest");
    values.script->set("label", "Guest");
    values.script->set("permissions", jsonList(permissions));
    values.script->set("backend", "embedded");
    Poco::JSON::Object::Ptr connection = new Poco::JSON::Object;
    connection->set("ws", "/ws");
    values.script->set("connection", connection);
    values.text = {{"room", "Reception"}, {"user", "user_1234"}, {"label", "Guest"},
                   {"role", "guest"},     {"logo", ""},          {"backend", "embedded"}};
    for (const auto& p : permissions)
    {
        std::string flag = p;
        std::replace(flag.begin(), flag.end(), '.', '_');
        values.flags[flag] = true;
    }
    values.flags["backend_embedded"] = true;
    return values;
}

RoomGrant guestGrant()
{
    RoomGrant grant;
    grant.room = "Reception";
    grant.user = "user_1234";
    grant.role = "guest";
    grant.permissions = {"room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
                         "room.self.video_unmute"};
    return grant;
}

struct Cost
{
    double micros;
    double allocations;
};

// Microseconds per call, best of three rounds of n calls (the machine is
// shared), and C++ allocations per call.
Cost costPerOp(int n, const std::function<std::size_t()>& op)
{
    double best = 1e300;
    const std::size_t allocationsBefore = allocations;
    op();
    const double perOp = static_cast<double>(allocations - allocationsBefore);
    std::size_t sink = 0;
    for (int round = 0; round < 3; ++round)
    {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i)
            sink += op();
        const std::chrono::duration<double, std::micro> took =
            std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count() / n);
    }
    if (sink == 42)
        std::puts(""); // keeps the results alive
    return {best, perOp};
}

void report(const char* what, Cost now, Cost before)
{
    std::printf("%-18s new %7.2f us/op %4.0f allocs   old %7.2f us/op %4.0f allocs   "
                "old/new %5.1fx\n",
                what, now.micros, now.allocations, before.micros, before.allocations,
                before.micros / now.micros);
}

} // namespace

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
    const std::string dir = argc > 2 ? argv[2] : std::string(SOURCE_DIR) + "/templates";
    const PageValues values = guestValues();

    PageRenderer renderer(dir);
    const auto page = renderer.parse("guest.html");
    LegacyPages::Renderer legacy(dir);
    const auto legacyPage = legacy.parse("guest.html");
    const std::string newHtml = renderer.render(*page, values);
    if (newHtml != legacy.render(*legacyPage, values))
    {
        std::fprintf(stderr, "the two renderers disagree on the guest page\n");
        return 1;
    }

    const std::string key = SecureRandom::token(32);
    TokenIssuer issuer(key, 3600);
    Poco::JWT::Signer signer(key);
    RoomGrant grant = guestGrant();
    issuer.verify(issuer.issue(grant)); // the new token must verify...
    signer.verify(issuer.issue(grant)); // ...with Poco's Signer too

    std::printf("%d ops per round, best of 3; guest page %zu bytes\n", n, newHtml.size());
    const Cost render = costPerOp(n, [&] { return renderer.render(*page, values).size(); });
    const Cost renderOld = costPerOp(n, [&] { return legacy.render(*legacyPage, values).size(); });
    report("render guest page", render, renderOld);

    // Both sides fill in id and times the same way, so the figures differ
    // only in writing and signing the token.
    RoomGrant legacyGrant = grant;
    const auto legacyIssue = [&]
    {
        legacyGrant.id = SecureRandom::uuid();
        legacyGrant.issuedAt = Poco::Timestamp::fromEpochTime(Poco::Timestamp().epochTime());
        legacyGrant.expiresAt = legacyGrant.issuedAt + Poco::Timespan(3600, 0);
        return LegacyPages::issueToken(signer, legacyGrant).size();
    };
    const Cost token = costPerOp(n, [&] { return issuer.issue(grant).size(); });
    const Cost tokenOld = costPerOp(n, legacyIssue);
    report("issue token", token, tokenOld);
    report("page + token", {render.micros + token.micros, render.allocations + token.allocations},
           {renderOld.micros + tokenOld.micros, renderOld.allocations + tokenOld.allocations});
    return 0;
}
