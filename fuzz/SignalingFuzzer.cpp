// RoomService, the embedded rooms' JSON-RPC dispatcher, fed a script of
// messages from up to six connections. Each input line is "C TEXT" (C a digit
// 0-5): TEXT is received from connection C, or, if TEXT is "close", C goes
// away. In TEXT, $T0..$T3 stand for genuine tokens (T0 a moderator of room R,
// T1 a guest and T2 a presenter of R, T3 a guest of room S) and $M0..$M5 for
// the member id connection 0..5 has, so joins and member targets are reached.
//
// Invariants, checked after every message:
// - every message sent is a JSON-RPC 2.0 object; a request with an id gets
//   exactly one answer, other messages at most one;
// - a member without room.member.* rights changes nobody else (no
//   member.updated about another member, nobody removed);
// - a connection that was closed is forgotten and never sent to again, and
//   a removed member's token cannot join again;
// - room size and the server-wide caps hold.
#include "FuzzCheck.h"
#include "Poco/JSON/Parser.h"
#include "signaling/RoomService.h"
#include "tokens/TokenIssuer.h"
#include <array>
#include <cstdint>
#include <map>
#include <set>

using namespace rolecall;

namespace
{

constexpr int connections = 6;
// Small, so that full rooms and a full server are reached.
constexpr int maxParticipants = 2;
const RoomService::Caps caps{4, 1};

struct Recorder : Outbox
{
    struct Sent
    {
        ConnectionId to;
        std::string text;
    };
    std::vector<Sent> sent;
    std::map<ConnectionId, std::string> closed; // -> reason

    void send(ConnectionId to, const std::string& text) override { sent.push_back({to, text}); }
    void close(ConnectionId to, int, const std::string& reason) override { closed[to] = reason; }
};

struct Tokens
{
    TokenIssuer issuer{"fuzzing-signing-key-0123456789abcdef", 10 * 365 * 24 * 3600};
    std::array<std::string, 4> text;
    std::array<std::string, 4> user = {"mod", "guest", "presenter", "guest2"};

    Tokens()
    {
        const std::vector<std::string> self = {"room.self.audio_mute", "room.self.audio_unmute",
                                               "room.self.video_mute", "room.self.video_unmute"};
        std::vector<std::string> moderator = self;
        for (const char* p :
             {"room.member.audio_mute", "room.member.audio_unmute", "room.member.video_mute",
              "room.member.video_unmute", "room.member.remove"})
            moderator.push_back(p);
        std::vector<std::string> presenter = self;
        presenter.push_back("room.self.screenshare");
        const std::array<std::vector<std::string>, 4> rights = {moderator, self, presenter, self};
        const std::array<const char*, 4> rooms = {"R", "R", "R", "S"};
        for (std::size_t i = 0; i < 4; ++i)
        {
            RoomGrant grant;
            grant.room = rooms[i];
            grant.user = user[i];
            grant.role = user[i];
            grant.permissions = rights[i];
            text[i] = issuer.issue(grant);
        }
    }
};

// "member ID (NAME) in room ROOM" -> its parts.
struct Described
{
    std::string id, name, room;
};

Described parse(const std::string& description)
{
    Described d;
    if (description.empty())
        return d;
    const std::size_t open = description.find(" (");
    const std::size_t close = description.rfind(") in room ");
    d.id = description.substr(7, open - 7);
    d.name = description.substr(open + 2, close - open - 2);
    d.room = description.substr(close + 10);
    return d;
}

std::string substitute(const std::string& text, const Tokens& tokens,
                       const std::array<Described, connections>& who)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const int n = i + 2 < text.size() ? text[i + 2] - '0' : -1;
        if (text[i] == '$' && text[i + 1] == 'T' && n >= 0 && n < 4)
            out += tokens.text[n];
        else if (text[i] == '$' && text[i + 1] == 'M' && n >= 0 && n < connections)
            out += who[n].id.empty() ? "none" : who[n].id;
        else
        {
            out += text[i];
            continue;
        }
        i += 2;
    }
    return out;
}

Poco::JSON::Object::Ptr object(const std::string& text)
{
    try
    {
        Poco::Dynamic::Var v = Poco::JSON::Parser().parse(text);
        if (v.type() == typeid(Poco::JSON::Object::Ptr))
            return v.extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception&)
    {
    }
    return nullptr;
}

bool isModerator(const std::string& name)
{
    return name == "mod" || name == "mod (screen)";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Tokens tokens;
    Recorder outbox;
    RoomService service(tokens.issuer, maxParticipants, caps, outbox);
    std::array<ConnectionId, connections> id;
    ConnectionId nextId = 1;
    for (auto& c : id)
        c = nextId++;
    std::set<ConnectionId> gone;
    std::set<std::string> revokedUsers; // removed members' token users

    const std::string input(reinterpret_cast<const char*>(data), size);
    std::size_t lines = 0;
    for (std::size_t start = 0; start < input.size() && lines < 64; ++lines)
    {
        std::size_t end = input.find('\n', start);
        if (end == std::string::npos)
            end = input.size();
        const std::string line = input.substr(start, end - start);
        start = end + 1;
        if (line.size() < 2 || line[0] < '0' || line[0] >= '0' + connections || line[1] != ' ')
            continue;
        const int c = line[0] - '0';
        const ConnectionId from = id[c];

        std::array<Described, connections> who;
        for (int i = 0; i < connections; ++i)
            who[i] = parse(service.describe(id[i]));
        const Described sender = who[c];

        outbox.sent.clear();
        outbox.closed.clear();
        const std::string text = line.substr(2);
        std::size_t answers = 0;
        bool hasId = false;
        if (text == "close")
            service.disconnected(from, "closed");
        else
        {
            const std::string message = substitute(text, tokens, who);
            if (auto request = object(message))
                hasId = request->has("id") &&
                        (request->get("id").isString() || request->get("id").isNumeric());
            service.receive(from, message);
        }

        for (const auto& sent : outbox.sent)
        {
            FUZZ_CHECK(!gone.count(sent.to));
            const auto reply = object(sent.text);
            FUZZ_CHECK(reply && reply->optValue<std::string>("jsonrpc", "") == "2.0");
            const bool answer = reply->has("result") || reply->has("error");
            FUZZ_CHECK(answer != reply->has("method"));
            if (answer)
            {
                FUZZ_CHECK(sent.to == from);
                ++answers;
            }
            if (!sender.id.empty() && !isModerator(sender.name) &&
                reply->optValue<std::string>("method", "") == "member.updated")
                FUZZ_CHECK(reply->getObject("params")->getObject("member")->getValue<std::string>(
                               "id") == sender.id);
        }
        if (text != "close")
            FUZZ_CHECK(hasId ? answers == 1 : answers <= 1);

        for (const auto& [closed, reason] : outbox.closed)
        {
            FUZZ_CHECK(!service.hasJoined(closed));
            if (reason == "removed by a moderator")
            {
                FUZZ_CHECK(isModerator(sender.name));
                for (const auto& w : who)
                    if (!w.id.empty() && id[&w - who.data()] == closed)
                        revokedUsers.insert(w.name.substr(0, w.name.find(" (screen)")));
            }
            // As the server does: a closed connection is gone, a new one gets a new id.
            service.disconnected(closed, "closed");
            gone.insert(closed);
            for (auto& slot : id)
                if (slot == closed)
                    slot = nextId++;
        }
        if (text == "close")
        {
            gone.insert(from);
            id[c] = nextId++;
        }

        std::map<std::string, int> members;
        std::set<std::string> rooms;
        int total = 0;
        for (int i = 0; i < connections; ++i)
        {
            const Described now = parse(service.describe(id[i]));
            if (now.id.empty())
                continue;
            ++total;
            rooms.insert(now.room);
            if (now.name.find(" (screen)") == std::string::npos)
                ++members[now.room];
            if (who[i].id.empty() && id[i] == from)
                FUZZ_CHECK(!revokedUsers.count(now.name.substr(0, now.name.find(" (screen)"))));
        }
        FUZZ_CHECK(total <= static_cast<int>(caps.maxMembers));
        FUZZ_CHECK(rooms.size() <= caps.maxRooms);
        for (const auto& [room, n] : members)
            FUZZ_CHECK(n <= maxParticipants);
    }
    return 0;
}
