// soak_load: members joining and leaving rooms on one rolecall server for a
// given time, the way a long-lived server sees them, for bench/soak.
//
// One thread, one level-triggered epoll(7) loop over non-blocking sockets
// (bench/load/WsConnection). Joins start at --rate a second. Each goes to a
// room slot that is filling: a slot takes 1 to --size members, then no more
// until all of them have left; then it is empty for 0.5 s and is filled
// again, every other time under a new room name (so rooms are both emptied
// and recreated under the same name, and created under names never seen).
// A join is, in order:
//   a role page load (every --page-every joins: GET --page-route?room=&user=,
//   and every tenth of those the moderator page with --authorization when
//   given), GET /api/token (blocking, on one keep-alive connection), connect,
//   the upgrade to /ws (101), room.join (its result must list no member that
//   left more than 2 s before: that would be a ghost the server kept).
// A joined member toggles its audio or video mute every --toggle-seconds on
// average (each reply must come within 5 s, without error) and leaves after
// --stay-min to --stay-max seconds: --abrupt K of every 100 leave abruptly
// (half close TCP with a FIN, half reset it; no close frame), the others
// cleanly (half send a close frame, half room.leave; the server must close
// with code 1000 within 5 s).
//
// stdout: "progress SECONDS JOINED LEFT LIVE ERRORS" every --sample seconds
// (on the k-th multiple from the start, so a late tick does not push the
// later ones back); with --watch-pid P also "sample SECONDS RSS_KB FDS THREADS
// JOINED LEFT LIVE ERRORS" about process P at the same moments, "phase
// churned" when --seconds are over (then every member leaves cleanly), and
// "result KEY VALUE" lines at the end. Problems go to stderr (the first few
// of each kind). Exit status 0 when the run could be measured (errors are a
// finding, counted in the results), 1 when it could not.

#include "Poco/Exception.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/URI.h"
#include "load/HttpGetter.h"
#include "load/ProcessSample.h"
#include "load/Results.h"
#include "load/WsConnection.h"
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace
{

using rolecall::bench::closeWord;
using rolecall::bench::countsWord;
using rolecall::bench::HttpGetter;
using rolecall::bench::result;
using rolecall::bench::Samples;
using rolecall::bench::WsConnection;
using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

volatile std::sig_atomic_t stopRequested = 0; // SIGINT/SIGTERM: leave now, report
void onStop(int)
{
    stopRequested = 1;
}

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    double seconds = 1800;
    double rate = 20; // joins a second
    int rooms = 100;  // room slots
    int size = 4;     // members a room takes at most
    double stayMin = 1, stayMax = 8;
    double toggleSeconds = 2; // mean time between a member's mute toggles
    int abrupt = 40;          // of every 100 leaves
    int pageEvery = 2;        // a role page load every N joins (0: none)
    std::string role = "guest";
    std::string pageRoute = "/guest";
    std::string authorization; // for the moderator page
    std::string authRoute = "/";
    int maxLive = 1000;
    double progressSeconds = 1;
    pid_t watchPid = 0; // sampled with each progress line
};

void usage()
{
    std::cerr << "usage: soak_load --port N [--seconds 1800] [--rate 20] [--rooms 100] [--size 4]\n"
                 "       [--stay-min 1] [--stay-max 8] [--toggle-seconds 2] [--abrupt 40]\n"
                 "       [--page-every 2] [--role guest] [--page-route /guest]\n"
                 "       [--authorization 'Basic ...'] [--auth-route /] [--max-live 1000]\n"
                 "       [--host 127.0.0.1] [--sample 1] [--watch-pid PID]\n";
}

Options parseOptions(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
        {
            usage();
            std::exit(2);
        }
        const std::string v = argv[++i];
        try
        {
            if (arg == "--port")
                o.port = std::stoi(v);
            else if (arg == "--host")
                o.host = v;
            else if (arg == "--seconds")
                o.seconds = std::stod(v);
            else if (arg == "--rate")
                o.rate = std::stod(v);
            else if (arg == "--rooms")
                o.rooms = std::stoi(v);
            else if (arg == "--size")
                o.size = std::stoi(v);
            else if (arg == "--stay-min")
                o.stayMin = std::stod(v);
            else if (arg == "--stay-max")
                o.stayMax = std::stod(v);
            else if (arg == "--toggle-seconds")
                o.toggleSeconds = std::stod(v);
            else if (arg == "--abrupt")
                o.abrupt = std::stoi(v);
            else if (arg == "--page-every")
                o.pageEvery = std::stoi(v);
            else if (arg == "--role")
                o.role = v;
            else if (arg == "--page-route")
                o.pageRoute = v;
            else if (arg == "--authorization")
                o.authorization = v;
            else if (arg == "--auth-route")
                o.authRoute = v;
            else if (arg == "--max-live")
                o.maxLive = std::stoi(v);
            else if (arg == "--sample")
                o.progressSeconds = std::stod(v);
            else if (arg == "--watch-pid")
                o.watchPid = std::stoi(v);
            else
            {
                usage();
                std::exit(2);
            }
        }
        catch (const std::logic_error&)
        {
            std::cerr << "soak_load: bad value for " << arg << "\n";
            std::exit(2);
        }
    }
    if (o.port <= 0 || o.seconds <= 0 || o.rate <= 0 || o.rooms < 1 || o.size < 1 ||
        o.stayMin <= 0 || o.stayMax < o.stayMin || o.toggleSeconds <= 0 || o.abrupt < 0 ||
        o.abrupt > 100 || o.pageEvery < 0 || o.maxLive < 1 || o.progressSeconds <= 0 ||
        o.watchPid < 0)
    {
        usage();
        std::exit(2);
    }
    return o;
}

enum class State
{
    Free,
    Connecting,
    Handshaking, // upgrade request sent, reading the 101
    Joining,     // room.join sent
    Joined,
    Leaving // close frame or room.leave sent: the server must close with 1000
};

enum class Leave
{
    CloseFrame,
    RoomLeave,
    Fin,  // TCP closed, no close frame
    Reset // TCP reset
};

const char* leaveName(Leave how)
{
    switch (how)
    {
    case Leave::CloseFrame:
        return "close_frame";
    case Leave::RoomLeave:
        return "room_leave";
    case Leave::Fin:
        return "abrupt_fin";
    default:
        return "abrupt_reset";
    }
}

struct Member
{
    State state = State::Free;
    WsConnection ws;
    bool wantWrite = false;
    int slot = -1;
    std::string user;
    std::string token;
    std::string memberId;
    std::string message; // a fragmented message so far
    Clock::time_point deadline;
    Clock::time_point leaveAt;
    Clock::time_point nextToggle;
    int nextRpcId = 2; // 1 is room.join
    int pendingId = 0; // a toggle waiting for its reply
    Clock::time_point pendingSent;
    Leave leave = Leave::CloseFrame;
    bool closeSent = false;
};

/// A room the generator fills, empties, and fills again.
struct Slot
{
    enum Phase
    {
        Empty,
        Filling,
        Full // takes no more members until all have left
    } phase = Empty;
    int generation = 0;
    int target = 0;  // members this generation
    int started = 0; // joins started this generation
    int live = 0;    // members not yet gone
    Clock::time_point reopen;
    std::string name;
};

class Soak
{
public:
    explicit Soak(const Options& o) : _o(o), _http(o.host, static_cast<unsigned short>(o.port))
    {
        _members.resize(static_cast<std::size_t>(o.maxLive));
        for (std::size_t i = _members.size(); i-- > 0;)
            _free.push_back(i);
        _slots.resize(static_cast<std::size_t>(o.rooms));
        _address = WsConnection::address(o.host, o.port);
        _epoll = ::epoll_create1(EPOLL_CLOEXEC);
        if (_epoll < 0)
            throw Poco::SystemException("epoll_create1", std::strerror(errno));
    }

    ~Soak()
    {
        for (Member& m : _members)
            m.ws.close();
        ::close(_epoll);
    }

    int run()
    {
        // The first login costs a slow password check; paid before the churn,
        // as a browser session pays it once, so it does not stall the loop.
        if (!_o.authorization.empty())
            loadPage("Soak_login", "soak-0", true);
        _start = Clock::now();
        churn();
        std::cout << "phase churned" << std::endl;
        leaveAll();
        report();
        return _joined > 0 ? 0 : 1;
    }

private:
    // --- the loop ---------------------------------------------------------
    std::size_t index(const Member& m) const
    {
        return static_cast<std::size_t>(&m - _members.data());
    }

    void control(Member& m, int op)
    {
        epoll_event e{};
        e.events = m.state == State::Connecting
                       ? EPOLLOUT
                       : EPOLLIN | EPOLLRDHUP | (m.ws.wantsWrite() ? EPOLLOUT : 0u);
        e.data.u64 = index(m);
        if (::epoll_ctl(_epoll, op, m.ws.fd(), &e) != 0)
            throw Poco::SystemException("epoll_ctl", std::strerror(errno));
    }

    void rearm(Member& m)
    {
        if (m.ws.wantsWrite() != m.wantWrite && m.state != State::Free)
        {
            m.wantWrite = m.ws.wantsWrite();
            control(m, EPOLL_CTL_MOD);
        }
    }

    void pump(int timeoutMs)
    {
        epoll_event events[256];
        const int n = ::epoll_wait(_epoll, events, 256, timeoutMs);
        for (int i = 0; i < n; ++i)
        {
            Member& m = _members[static_cast<std::size_t>(events[i].data.u64)];
            if (m.state == State::Free)
                continue;
            if (m.state == State::Connecting)
            {
                connected(m);
                continue;
            }
            if (events[i].events & EPOLLOUT)
                check(m, m.ws.flush(), "send");
            if (m.state != State::Free &&
                (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                readable(m);
        }
    }

    void churn()
    {
        double nextProgress = _o.progressSeconds;
        long due = 0;
        for (;;)
        {
            const auto now = Clock::now();
            const double elapsed = seconds(now - _start);
            if (elapsed >= _o.seconds || stopRequested)
                break;
            // At most 10 joins before the loop reads again: members answer PINGs.
            for (int n = 0; n < 10 && due < static_cast<long>(elapsed * _o.rate); ++n, ++due)
                startJoin();
            timers(Clock::now());
            if (elapsed >= nextProgress)
            {
                progress(now);
                nextProgress = (std::floor(elapsed / _o.progressSeconds) + 1) * _o.progressSeconds;
            }
            const double next = static_cast<double>(due + 1) / _o.rate - elapsed;
            pump(std::clamp(static_cast<int>(next * 1000), 0, 20));
        }
        _churnSeconds = seconds(Clock::now() - _start);
        _joinsDue = static_cast<long>(_churnSeconds * _o.rate);
        progress(Clock::now());
    }

    /// Everyone still there leaves cleanly (joins under way finish first).
    void leaveAll()
    {
        const auto end = Clock::now() + std::chrono::seconds(15);
        _ending = true;
        while (Clock::now() < end && _free.size() < _members.size())
        {
            timers(Clock::now());
            pump(20);
        }
        for (Member& m : _members)
            if (m.state != State::Free)
                fail(m, "leave", "still there 15 s after the churn ended");
        _liveAtEnd = static_cast<long>(_members.size() - _free.size());
    }

    void progress(Clock::time_point now)
    {
        std::ostringstream counts;
        counts << _joined << " " << _left << " " << (_members.size() - _free.size()) << " "
               << errorCount();
        const double t = seconds(now - _start);
        std::cout << "progress " << static_cast<long>(t) << " " << counts.str() << "\n";
        if (_o.watchPid > 0)
        {
            const auto p = rolecall::bench::ProcessSample::of(_o.watchPid);
            std::cout << "sample " << std::fixed << std::setprecision(2) << t << std::defaultfloat
                      << " " << p.rssKb << " " << p.fds << " " << p.threads << " " << counts.str()
                      << "\n";
        }
        std::cout << std::flush;
    }

    /// Toggles, leaves and deadlines that are due.
    void timers(Clock::time_point now)
    {
        for (Member& m : _members)
        {
            if (m.state == State::Free)
                continue;
            if (m.state != State::Joined)
            {
                if (now > m.deadline)
                    fail(m, m.state == State::Leaving ? "leave" : "join",
                         m.state == State::Leaving ? "no close from the server within 5 s"
                                                   : "no room.join result within 10 s");
                continue;
            }
            if (m.pendingId && seconds(now - m.pendingSent) > 5)
            {
                m.pendingId = 0;
                fail(m, "rpc", "no reply to a toggle within 5 s");
                continue;
            }
            if (_ending || now >= m.leaveAt)
                leave(m, now);
            else if (now >= m.nextToggle && !m.pendingId)
                toggle(m, now);
        }
    }

    // --- joining ------------------------------------------------------------
    Slot* openSlot(Clock::time_point now)
    {
        std::vector<Slot*> filling;
        Slot* empty = nullptr;
        for (Slot& s : _slots)
            if (s.phase == Slot::Filling)
                filling.push_back(&s);
            else if (s.phase == Slot::Empty && s.reopen <= now && !empty)
                empty = &s;
        // A few rooms fill at once, so members of one room arrive interleaved
        // with others' rather than all in a row.
        if (!filling.empty() && (filling.size() >= 3 || !empty))
            return filling[_random() % filling.size()];
        if (!empty)
            return nullptr;
        const int number = static_cast<int>(empty - _slots.data());
        // Every other generation under the slot's own name: a room recreated.
        empty->name = "Soak_" + std::to_string(number);
        if (empty->generation % 2)
            empty->name += "_" + std::to_string(empty->generation);
        empty->phase = Slot::Filling;
        empty->target = 1 + static_cast<int>(_random() % static_cast<unsigned>(_o.size));
        empty->started = 0;
        ++_roomsOpened;
        return empty;
    }

    void startJoin()
    {
        const auto now = Clock::now();
        if (_free.empty())
        {
            ++_deferred["members"];
            return;
        }
        Slot* slot = openSlot(now);
        if (!slot)
        {
            ++_deferred["rooms"];
            return;
        }
        Member& m = _members[_free.back()];
        _free.pop_back();
        m = Member();
        m.slot = static_cast<int>(slot - _slots.data());
        m.user = "soak-" + std::to_string(++_joinsStarted);
        if (++slot->started >= slot->target)
            slot->phase = Slot::Full;
        ++slot->live;
        if (_o.pageEvery > 0 && _joinsStarted % _o.pageEvery == 0)
            loadPage(slot->name, m.user, !_o.authorization.empty() && (_pageLoads + 1) % 10 == 0);
        try
        {
            m.token = _http.token(_o.role, slot->name, m.user);
            ++_tokens;
        }
        catch (const Poco::Exception& e)
        {
            m.state = State::Connecting; // so that free() counts it
            fail(m, "token", e.displayText());
            return;
        }
        m.state = State::Connecting;
        m.deadline = now + std::chrono::seconds(10);
        const std::string error = m.ws.connect(_address);
        if (!error.empty())
        {
            fail(m, "join", error);
            return;
        }
        control(m, EPOLL_CTL_ADD);
    }

    void loadPage(const std::string& room, const std::string& user, bool moderator)
    {
        ++_pageLoads;
        Poco::URI uri(moderator ? _o.authRoute : _o.pageRoute);
        uri.addQueryParameter("room", room);
        uri.addQueryParameter("user", user);
        std::string body;
        try
        {
            const int status =
                _http.get(uri.toString(), body, moderator ? _o.authorization : std::string());
            if (status == 200 && !body.empty())
                return;
            error("page", "GET " + uri.toString() + " answered " + std::to_string(status));
        }
        catch (const Poco::Exception& e)
        {
            error("page", "GET " + uri.toString() + ": " + e.displayText());
        }
    }

    void connected(Member& m)
    {
        std::string error = m.ws.connectError();
        if (error.empty())
        {
            m.state = State::Handshaking;
            error = m.ws.sendUpgrade(_o.host + ":" + std::to_string(_o.port), _random(), _random());
        }
        if (!error.empty())
        {
            fail(m, "join", error);
            return;
        }
        m.wantWrite = m.ws.wantsWrite();
        control(m, EPOLL_CTL_MOD);
    }

    void joined(Member& m, const Poco::JSON::Object& result, Clock::time_point now)
    {
        m.memberId = result.optValue<std::string>("member_id", "");
        if (m.memberId.empty())
        {
            fail(m, "join", "room.join result without member_id");
            return;
        }
        // A member listed 2 s after it left is one the server still holds.
        auto session = result.getObject("room_session");
        auto list = session ? session->getArray("members") : nullptr;
        for (std::size_t i = 0; list && i < list->size(); ++i)
        {
            auto other = list->getObject(static_cast<unsigned>(i));
            auto gone =
                other ? _goneAt.find(other->optValue<std::string>("id", "")) : _goneAt.end();
            if (gone != _goneAt.end() && seconds(now - gone->second) > 2)
                error("ghost", "room.join in " + _slots[m.slot].name + " lists " + gone->first +
                                   ", gone " + std::to_string(seconds(now - gone->second)) +
                                   " s ago");
        }
        m.state = State::Joined;
        m.token.clear();
        m.token.shrink_to_fit();
        ++_joined;
        std::uniform_real_distribution<double> stay(_o.stayMin, _o.stayMax);
        m.leaveAt = now + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(stay(_random)));
        scheduleToggle(m, now);
        // Leaves spread evenly (Bresenham): K abrupt in 100, each kind halved.
        const long n = _leavesPlanned++;
        if ((n + 1) * _o.abrupt / 100 != n * _o.abrupt / 100)
            m.leave = (_abruptPlanned++ % 2) ? Leave::Reset : Leave::Fin;
        else
            m.leave = (_cleanPlanned++ % 2) ? Leave::RoomLeave : Leave::CloseFrame;
    }

    // --- joined -------------------------------------------------------------
    void scheduleToggle(Member& m, Clock::time_point now)
    {
        std::exponential_distribution<double> wait(1 / _o.toggleSeconds);
        m.nextToggle = now + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(wait(_random)));
    }

    void toggle(Member& m, Clock::time_point now)
    {
        static const char* methods[] = {"member.audio_mute", "member.audio_unmute",
                                        "member.video_mute", "member.video_unmute"};
        m.pendingId = m.nextRpcId++;
        m.pendingSent = now;
        scheduleToggle(m, now);
        if (send(m, WsConnection::Text,
                 "{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string(m.pendingId) + ",\"method\":\"" +
                     methods[_random() % 4] + "\"}"))
            ++_toggles;
    }

    void leave(Member& m, Clock::time_point now)
    {
        ++_leaves[leaveName(m.leave)];
        switch (m.leave)
        {
        case Leave::Fin:
        case Leave::Reset:
            ++_left;
            free(m, m.leave == Leave::Reset);
            return;
        case Leave::CloseFrame:
            m.closeSent = true;
            send(m, WsConnection::Close, std::string("\x03\xe8", 2) + "bye");
            break;
        case Leave::RoomLeave:
            send(m, WsConnection::Text,
                 "{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string(m.nextRpcId++) +
                     ",\"method\":\"room.leave\"}");
            break;
        }
        if (m.state == State::Joined)
        {
            m.state = State::Leaving;
            m.deadline = now + std::chrono::seconds(5);
        }
    }

    // --- receiving ----------------------------------------------------------
    void readable(Member& m)
    {
        const std::string closed = m.ws.receive(_buffer, sizeof _buffer);
        WsConnection::Frame f;
        std::uint64_t length = 0;
        if (m.state == State::Handshaking)
        {
            bool done = false;
            const std::string problem = m.ws.readUpgrade(done);
            if (done && !problem.empty())
            {
                fail(m, "join", problem);
                return;
            }
            if (done)
            {
                m.state = State::Joining;
                send(m, WsConnection::Text,
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"room.join\",\"params\":{"
                     "\"token\":\"" +
                         m.token + "\"}}");
            }
        }
        while (m.state != State::Free && m.state != State::Handshaking)
        {
            const auto status = m.ws.nextFrame(f, 1u << 20, length);
            if (status == WsConnection::FrameStatus::None)
                break;
            if (status == WsConnection::FrameStatus::TooLarge)
            {
                fail(m, "protocol", "a frame of " + std::to_string(length) + " bytes");
                return;
            }
            frame(m, f);
        }
        if (m.state != State::Free && !closed.empty())
            fail(m,
                 m.state == State::Leaving  ? "leave"
                 : m.state == State::Joined ? "close"
                                            : "join",
                 "the server closed without a close frame (" + closed + ")");
    }

    void frame(Member& m, const WsConnection::Frame& f)
    {
        switch (f.opcode)
        {
        case WsConnection::Ping:
            if (!m.closeSent)
                send(m, WsConnection::Pong, f.payload);
            return;
        case WsConnection::Pong:
            return;
        case WsConnection::Close:
            serverClosed(m, f.payload);
            return;
        case WsConnection::Continuation:
            m.message += f.payload;
            if (f.fin)
                text(m, std::move(m.message));
            return;
        case WsConnection::Text:
        case WsConnection::Binary:
            if (f.fin)
                text(m, f.payload);
            else
                m.message = f.payload;
            return;
        default:
            fail(m, "protocol", "opcode " + std::to_string(f.opcode));
        }
    }

    void serverClosed(Member& m, const std::string& payload)
    {
        const std::string word = closeWord(payload);
        if (m.state != State::Leaving)
        {
            fail(m, m.state == State::Joined ? "close" : "join", "server closed: " + word);
            return;
        }
        if (word.compare(0, 5, "1000:") != 0)
        {
            fail(m, "leave", "closed with " + word);
            return;
        }
        if (!m.closeSent) // room.leave: the server began the close; echo it
            send(m, WsConnection::Close, payload.substr(0, 2));
        ++_left;
        free(m, false);
    }

    void text(Member& m, const std::string& message)
    {
        Poco::JSON::Object::Ptr object;
        try
        {
            _parser.reset();
            object = _parser.parse(message).extract<Poco::JSON::Object::Ptr>();
        }
        catch (const Poco::Exception&)
        {
            fail(m, "protocol", "not JSON: " + message.substr(0, 100));
            return;
        }
        if (!object->has("id") || object->isNull("id"))
        {
            ++_notes[object->optValue<std::string>("method", "?")];
            return;
        }
        const int id = object->optValue<int>("id", -1);
        if (object->has("error"))
        {
            std::ostringstream out;
            object->stringify(out);
            fail(m, id == 1 ? "join" : "rpc", out.str().substr(0, 200));
            return;
        }
        if (id == 1 && m.state == State::Joining)
        {
            auto result = object->getObject("result");
            if (result)
                joined(m, *result, Clock::now());
            else
                fail(m, "join", "room.join answered without a result");
        }
        else if (id == m.pendingId)
        {
            _rpcMs.add(seconds(Clock::now() - m.pendingSent) * 1000);
            m.pendingId = 0;
        }
    }

    // --- sending and ending -------------------------------------------------
    bool send(Member& m, unsigned char opcode, const std::string& payload)
    {
        if (!check(m, m.ws.send(opcode, payload, static_cast<std::uint32_t>(_random())), "send"))
            return false;
        rearm(m);
        return true;
    }

    bool check(Member& m, const std::string& error, const char* kind)
    {
        if (error.empty())
            return true;
        fail(m,
             m.state == State::Joined    ? "close"
             : m.state == State::Leaving ? "leave"
                                         : kind,
             error);
        return false;
    }

    void fail(Member& m, const std::string& kind, const std::string& why)
    {
        error(kind, m.user + ": " + why);
        if (m.state != State::Free)
            free(m, false);
    }

    void error(const std::string& kind, const std::string& why)
    {
        if (++_errors[kind] <= 5)
            std::cerr << "soak_load: " << kind << " error: " << why << "\n";
    }

    /// The member's connection is gone: its slot may now be empty.
    void free(Member& m, bool reset)
    {
        if (!m.memberId.empty())
            _goneAt[m.memberId] = Clock::now();
        m.ws.close(reset);
        m.state = State::Free;
        Slot& slot = _slots[static_cast<std::size_t>(m.slot)];
        if (--slot.live == 0)
        {
            slot.phase = Slot::Empty;
            ++slot.generation;
            slot.reopen = Clock::now() + std::chrono::milliseconds(500);
        }
        _free.push_back(index(m));
    }

    long errorCount() const
    {
        long n = 0;
        for (const auto& [kind, count] : _errors)
            n += count;
        return n;
    }

    void report()
    {
        long deferred = 0;
        for (const auto& [why, count] : _deferred)
            deferred += count;
        rusage usage{};
        ::getrusage(RUSAGE_SELF, &usage);
        result("churn_seconds", _churnSeconds);
        result("joins_due", _joinsDue);
        result("joins_started", _joinsStarted);
        result("joins_deferred", deferred);
        result("joins_deferred_why", countsWord(_deferred));
        result("joined", _joined);
        result("join_rate", _joined / _churnSeconds);
        result("left", _left);
        result("leaves", countsWord(_leaves));
        result("rooms_opened", _roomsOpened);
        result("tokens", _tokens);
        result("page_loads", _pageLoads);
        result("toggles", _toggles);
        result("toggle_reply_p99_ms", _rpcMs.pct(99));
        result("notifications", countsWord(_notes));
        result("live_at_end", _liveAtEnd);
        result("errors", errorCount());
        result("error_kinds", countsWord(_errors));
        result("cpu_seconds", usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                                  usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
        std::cout.flush();
    }

    const Options _o;
    HttpGetter _http;
    sockaddr_in _address;
    int _epoll = -1;
    std::vector<Member> _members;
    std::vector<std::size_t> _free;
    std::vector<Slot> _slots;
    std::unordered_map<std::string, Clock::time_point> _goneAt; // member id -> when it left
    Poco::JSON::Parser _parser;
    std::mt19937_64 _random{std::random_device{}()};
    char _buffer[65536];
    Clock::time_point _start;
    bool _ending = false;
    double _churnSeconds = 0;
    long _joinsDue = 0, _joinsStarted = 0, _joined = 0, _left = 0, _tokens = 0, _pageLoads = 0;
    long _toggles = 0, _roomsOpened = 0, _liveAtEnd = 0;
    long _leavesPlanned = 0, _abruptPlanned = 0, _cleanPlanned = 0;
    std::map<std::string, long> _deferred, _leaves, _notes, _errors;
    Samples _rpcMs;
};

} // namespace

int main(int argc, char** argv)
{
    const Options options = parseOptions(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    struct sigaction stop = {};
    stop.sa_handler = onStop; // no SA_RESTART: epoll_wait() returns at once
    sigaction(SIGINT, &stop, nullptr);
    sigaction(SIGTERM, &stop, nullptr);
    try
    {
        return Soak(options).run();
    }
    catch (const std::exception& e)
    {
        std::cerr << "soak_load: " << e.what() << "\n";
        return 1;
    }
}
