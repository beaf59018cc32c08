// signaling_load: many members in many small rooms on one rolecall server,
// for bench/signaling and bench/signaling-limit.
//
// One thread, one level-triggered epoll(7) loop, non-blocking sockets and its
// own small client-side WebSocket framing (masked frames out, frames parsed
// incrementally in, PINGs answered with PONGs). An idle member costs one
// epoll registration and a PONG every ping interval, so one process can drive
// more members than the server holds (10,000+; each needs a file descriptor).
//
// Phases:
//   tokens   GET /api/token?role=guest&room=R&user=U for every member, over
//            one keep-alive HTTP connection (timed apart from the joins)
//   join     up to --join-window members connecting at once; the join time
//            of a member runs from its connect() to its room.join result.
//            Prints "phase joined" on stdout when every member has joined or
//            failed, then stays idle for --idle-seconds (members only answer
//            PINGs: the script measures what idle members cost).
//   fanout   prints "phase fanout" on stdout. Non-readers (--non-readers K:
//            K members per 100, spread evenly, each with a small SO_RCVBUF)
//            stop reading their socket from here on. The loop paces --rate
//            toggles a second: room k % rooms, round k / rooms, the round's
//            reading member of that room sends member.audio_mute or
//            member.audio_unmute (whichever changes its state). Every other
//            reading member of the room must get the matching member.updated:
//            the time from the send to its arrival is one fan-out sample. Runs
//            --rounds rounds, and then on until SIGUSR1 (sent by the script
//            when it has measured what it wanted under load) or --max-seconds.
//            Toggles sent between SIGUSR2 and SIGUSR1 (while the script's wrk
//            runs) are also reported apart ("during" and "outside").
//   drain    prints "phase drain", waits up to --drain-seconds for
//            deliveries still on their way; whatever has not come by then is
//            missing. Then reads what the non-readers' sockets hold, to find
//            the close frames the server sent them.
//
// Results go to stdout as "result <key> <value>" lines (value is one word);
// progress and problems go to stderr. Exit status 0 when the run could be
// measured (even if deliveries were missing: that is a finding), 1 when it
// could not.

#include "Poco/Exception.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "load/HttpGetter.h"
#include "load/Results.h"
#include "load/WsConnection.h"
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

double millis(Clock::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

volatile std::sig_atomic_t stopRequested = 0; // SIGUSR1: the script has measured
volatile std::sig_atomic_t markRequested = 0; // SIGUSR2: the script starts measuring
void onStopSignal(int)
{
    stopRequested = 1;
}
void onMarkSignal(int)
{
    markRequested = 1;
}

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    int rooms = 200;
    int size = 5;
    int rounds = 10;
    double rate = 200;       // toggles per second, all rooms together
    int joinWindow = 50;     // connections joining at once
    double maxSeconds = 60;  // fan-out phase cap, SIGUSR1 or not
    double drainSeconds = 3; // wait for late deliveries
    double joinTimeout = 15; // per member, connect to join result
    double idleSeconds = 0;  // between "phase joined" and "phase fanout"
    int nonReaders = 0;      // per 100 members
    int nonReaderRcvbuf = 4096;
    std::string prefix = "Load";
    std::string dump; // file for every delivery: "sent_ms latency_ms during mixed"
};

void usage()
{
    std::cerr << "usage: signaling_load --port N [--rooms 200] [--size 5] [--rounds 10]\n"
                 "       [--rate 200] [--join-window 50] [--join-timeout 15]\n"
                 "       [--idle-seconds 0] [--max-seconds 60] [--drain-seconds 3]\n"
                 "       [--non-readers K] [--non-reader-rcvbuf 4096]\n"
                 "       [--prefix Load] [--host 127.0.0.1]\n"
                 "       [--dump FILE]   every fan-out delivery: sent_ms latency_ms during mixed\n";
}

Options parseOptions(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string
        {
            if (i + 1 >= argc)
            {
                usage();
                std::exit(2);
            }
            return argv[++i];
        };
        try
        {
            if (arg == "--port")
                o.port = std::stoi(value());
            else if (arg == "--host")
                o.host = value();
            else if (arg == "--rooms")
                o.rooms = std::stoi(value());
            else if (arg == "--size")
                o.size = std::stoi(value());
            else if (arg == "--rounds")
                o.rounds = std::stoi(value());
            else if (arg == "--rate")
                o.rate = std::stod(value());
            else if (arg == "--join-window")
                o.joinWindow = std::stoi(value());
            else if (arg == "--join-timeout")
                o.joinTimeout = std::stod(value());
            else if (arg == "--idle-seconds")
                o.idleSeconds = std::stod(value());
            else if (arg == "--max-seconds")
                o.maxSeconds = std::stod(value());
            else if (arg == "--drain-seconds")
                o.drainSeconds = std::stod(value());
            else if (arg == "--non-readers")
                o.nonReaders = std::stoi(value());
            else if (arg == "--non-reader-rcvbuf")
                o.nonReaderRcvbuf = std::stoi(value());
            else if (arg == "--prefix")
                o.prefix = value();
            else if (arg == "--dump")
                o.dump = value();
            else
            {
                usage();
                std::exit(2);
            }
        }
        catch (const std::logic_error&)
        {
            std::cerr << "signaling_load: bad value for " << arg << "\n";
            std::exit(2);
        }
    }
    if (o.port <= 0 || o.rooms < 1 || o.size < 2 || o.size > 32 || o.rounds < 1 || o.rate <= 0 ||
        o.joinWindow < 1 || o.nonReaders < 0 || o.nonReaders > 99 || o.nonReaderRcvbuf < 1)
    {
        usage();
        std::exit(2);
    }
    return o;
}

enum class State
{
    Idle,
    Connecting,  // non-blocking connect() under way
    Handshaking, // upgrade request sent, reading the 101
    Joining,     // room.join sent
    Joined,
    Silent, // a non-reader after the fan-out started: its socket is not read
    Closed
};

enum Opcode : unsigned char
{
    OpCont = WsConnection::Continuation,
    OpText = WsConnection::Text,
    OpBinary = WsConnection::Binary,
    OpClose = WsConnection::Close,
    OpPing = WsConnection::Ping,
    OpPong = WsConnection::Pong
};

struct Member
{
    int room = 0;
    int index = 0; // within its room
    bool reader = true;
    State state = State::Idle;
    WsConnection ws;
    bool wantWrite = false; // EPOLLOUT registered
    std::string user;
    std::string token;
    std::string memberId;
    std::string message; // a fragmented message so far
    Clock::time_point connectStart;
    bool audioMuted = false;
    int nextRpcId = 2; // 1 is room.join
    int roomSizeSeen = 0;
    bool serverClosed = false; // for non-readers: FIN or reset seen
};

/// One toggle sent by an actor, and which room-mates have heard of it.
struct Toggle
{
    bool active = false;
    Clock::time_point sent;
    bool muted = false;
    int rpcId = 0;
    std::uint32_t expected = 0; // bit per member index in the room
    std::uint32_t heard = 0;
    int remaining = 0; // room-mates still to hear it
    bool echoed = false;
    bool acked = false;
    bool marked = false; // sent between SIGUSR2 and SIGUSR1
};

/// CPU seconds (user + system) this process has used so far.
double cpuSeconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

class Load
{
public:
    explicit Load(const Options& o) : _o(o)
    {
        _members.resize(static_cast<std::size_t>(o.rooms * o.size));
        _toggles.resize(_members.size());
        _mixedRoom.assign(static_cast<std::size_t>(o.rooms), false);
        for (int r = 0; r < o.rooms; ++r)
            for (int i = 0; i < o.size; ++i)
            {
                Member& m = member(r, i);
                m.room = r;
                m.index = i;
                m.user = "load-" + std::to_string(r) + "-" + std::to_string(i);
            }
        // K of every 100, spread evenly (Bresenham), at least one reader per room.
        for (std::size_t g = 0; g < _members.size(); ++g)
        {
            Member& m = _members[g];
            if (((g + 1) * static_cast<std::size_t>(o.nonReaders)) / 100 ==
                (g * static_cast<std::size_t>(o.nonReaders)) / 100)
                continue;
            int readers = 0;
            for (int i = 0; i < o.size; ++i)
                readers += member(m.room, i).reader;
            if (readers > 1)
            {
                m.reader = false;
                ++_nonReaders;
                _mixedRoom[static_cast<std::size_t>(m.room)] = true;
            }
        }
        _address = WsConnection::address(o.host, o.port);
        _epoll = ::epoll_create1(EPOLL_CLOEXEC);
        if (_epoll < 0)
            throw Poco::SystemException("epoll_create1", std::strerror(errno));
    }

    ~Load()
    {
        for (Member& m : _members)
            m.ws.close();
        ::close(_epoll);
    }

    int run()
    {
        if (!fetchTokens())
            return 1;
        if (!joinAll())
            return 1;
        idle();
        fanOut();
        drain();
        readSilent();
        report();
        dump();
        closeAll();
        return 0;
    }

private:
    Member& member(int room, int index)
    {
        return _members[static_cast<std::size_t>(room * _o.size + index)];
    }
    std::size_t slot(const Member& m) const
    {
        return static_cast<std::size_t>(&m - _members.data());
    }
    std::string roomName(int r) const
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "_%03d", r);
        return _o.prefix + buf;
    }

    // --- tokens ---------------------------------------------------------
    bool fetchTokens()
    {
        const auto start = Clock::now();
        HttpGetter http(_o.host, static_cast<unsigned short>(_o.port));
        for (Member& m : _members)
        {
            try
            {
                m.token = http.token("guest", roomName(m.room), m.user);
            }
            catch (const Poco::Exception& e)
            {
                std::cerr << "signaling_load: " << e.displayText() << "\n";
                return false;
            }
        }
        const double s = millis(Clock::now() - start) / 1000;
        result("tokens", _members.size());
        result("token_seconds", s);
        std::cerr << "signaling_load: " << _members.size() << " tokens in " << s << " s\n";
        return true;
    }

    // --- the loop ---------------------------------------------------------
    void control(Member& m, int op, std::uint32_t events)
    {
        epoll_event e{};
        e.events = events;
        e.data.u64 = slot(m);
        if (::epoll_ctl(_epoll, op, m.ws.fd(), &e) != 0 && op != EPOLL_CTL_DEL)
            throw Poco::SystemException("epoll_ctl", std::strerror(errno));
    }

    std::uint32_t eventsFor(const Member& m) const
    {
        if (m.state == State::Connecting)
            return EPOLLOUT;
        if (m.state == State::Silent)
            return EPOLLRDHUP; // a FIN or reset from the server, without reading
        return EPOLLIN | EPOLLRDHUP |
               (m.ws.wantsWrite() ? static_cast<std::uint32_t>(EPOLLOUT) : 0u);
    }

    void rearm(Member& m)
    {
        const bool want = m.ws.wantsWrite();
        if (want != m.wantWrite && m.state != State::Silent)
        {
            m.wantWrite = want;
            control(m, EPOLL_CTL_MOD, eventsFor(m));
        }
    }

    /// One epoll_wait, and whatever it reports handled.
    void pump(int timeoutMs)
    {
        epoll_event events[512];
        const int n = ::epoll_wait(_epoll, events, 512, timeoutMs);
        if (n <= 0)
            return; // timeout or EINTR (SIGUSR1, SIGUSR2)
        for (int i = 0; i < n; ++i)
        {
            Member& m = _members[static_cast<std::size_t>(events[i].data.u64)];
            const std::uint32_t ev = events[i].events;
            switch (m.state)
            {
            case State::Connecting:
                connected(m);
                break;
            case State::Silent:
                silentClosed(m, ev);
                break;
            case State::Closed:
            case State::Idle:
                break;
            default:
                if (ev & EPOLLOUT)
                    flush(m);
                if (m.state != State::Closed && (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                    readable(m);
            }
        }
    }

    /// Closes our side. `why` is what the server did ("1008:too_slow",
    /// "none:tcp_closed", ...) or, for our own failures, a sentence.
    void closeMember(Member& m, const std::string& why, bool byServer)
    {
        if (m.state == State::Closed)
            return;
        const State was = m.state;
        m.state = State::Closed;
        m.ws.close(); // also leaves the epoll set
        if (_closing)
            return;
        const std::string what = byServer ? why : closeWord("generator", why);
        if (was == State::Joined && !m.reader)
        {
            // A non-reader the server gave up on before the fan-out: it was
            // still reading then, so this is no "silent" close.
            ++_silentClosed;
            ++_silentCloseCodes[what + "(before_fanout)"];
            return;
        }
        if (was == State::Joined || was == State::Silent)
        {
            if (m.reader)
            {
                ++_dropped;
                ++_dropCodes[what];
                if (_dropped <= 5)
                    std::cerr << "signaling_load: " << m.user << " lost its connection: " << why
                              << "\n";
            }
            return;
        }
        --_inFlight;
        ++_joinFailures;
        ++_joinFailureWhy[what];
        if (_joinFailures <= 5)
            std::cerr << "signaling_load: " << m.user << " could not join: " << why << "\n";
    }

    // --- connecting -------------------------------------------------------
    void startConnect(Member& m)
    {
        m.connectStart = Clock::now();
        m.state = State::Connecting;
        const std::string error = m.ws.connect(_address, m.reader ? 0 : _o.nonReaderRcvbuf);
        if (!error.empty())
        {
            closeMember(m, error, false);
            return;
        }
        control(m, EPOLL_CTL_ADD, EPOLLOUT);
    }

    void connected(Member& m)
    {
        std::string error = m.ws.connectError();
        if (!error.empty())
        {
            closeMember(m, error, false);
            return;
        }
        m.state = State::Handshaking;
        control(m, EPOLL_CTL_MOD, eventsFor(m));
        error = m.ws.sendUpgrade(_o.host + ":" + std::to_string(_o.port), _random(), _random());
        if (!error.empty())
            closeMember(m, error, false);
        else
            rearm(m);
    }

    bool handshake(Member& m)
    {
        bool done = false;
        const std::string problem = m.ws.readUpgrade(done);
        if (!done)
            return false;
        if (!problem.empty())
        {
            closeMember(m, problem, false);
            return false;
        }
        m.state = State::Joining;
        sendFrame(
            m, OpText,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"room.join\",\"params\":{\"token\":\"" +
                m.token + "\"}}");
        return m.state != State::Closed;
    }

    // --- writing ----------------------------------------------------------
    void flush(Member& m)
    {
        const std::string error = m.ws.flush();
        if (!error.empty())
            closeMember(m, error, false);
        else
            rearm(m);
    }

    bool sendFrame(Member& m, unsigned char opcode, const std::string& payload)
    {
        const std::string error = m.ws.send(opcode, payload, static_cast<std::uint32_t>(_random()));
        if (!error.empty())
            closeMember(m, error, false);
        else
            rearm(m);
        return m.state != State::Closed;
    }

    // --- receiving --------------------------------------------------------
    void readable(Member& m)
    {
        const std::string closed = m.ws.receive(_buffer, sizeof _buffer);
        parse(m, Clock::now()); // frames read before a close count
        if (!closed.empty())
            closeMember(m, closed, true); // the server closed TCP (or reset it)
    }

    /// Handles every complete frame in the input (and the 101 before them).
    void parse(Member& m, Clock::time_point now)
    {
        if (m.state == State::Handshaking && !handshake(m))
            return;
        WsConnection::Frame f;
        std::uint64_t length = 0;
        while (m.state != State::Closed && m.state != State::Silent)
        {
            const auto status = m.ws.nextFrame(f, 1u << 24, length);
            if (status == WsConnection::FrameStatus::None)
                break;
            if (status == WsConnection::FrameStatus::TooLarge)
            {
                closeMember(m, "a frame of " + std::to_string(length) + " bytes", false);
                return;
            }
            frame(m, f.fin, f.opcode, f.payload, now);
        }
    }

    void frame(Member& m, bool fin, unsigned char opcode, const std::string& payload,
               Clock::time_point now)
    {
        switch (opcode)
        {
        case OpPing:
            ++_pings;
            sendFrame(m, OpPong, payload);
            break;
        case OpPong:
            break;
        case OpClose:
            sendFrame(m, OpClose, payload.substr(0, 2)); // the echo, best effort
            closeMember(m, closeWord(payload), true);
            break;
        case OpText:
        case OpBinary:
            if (fin)
                text(m, payload, now);
            else
                m.message = payload;
            break;
        case OpCont:
            m.message += payload;
            if (fin)
            {
                const std::string whole = std::move(m.message);
                m.message.clear();
                text(m, whole, now);
            }
            break;
        default:
            ++_badMessages;
        }
    }

    void text(Member& m, const std::string& message, Clock::time_point now)
    {
        Poco::JSON::Object::Ptr object;
        try
        {
            _parser.reset();
            object = _parser.parse(message).extract<Poco::JSON::Object::Ptr>();
        }
        catch (const Poco::Exception&)
        {
            ++_badMessages;
            return;
        }
        if (object->has("id") && !object->isNull("id"))
        {
            reply(m, *object, now);
            return;
        }
        const std::string method = object->optValue<std::string>("method", "");
        Poco::JSON::Object::Ptr params = object->getObject("params");
        if (method == "member.updated" && params)
            updated(m, *params, now);
        else if (method == "member.joined")
            ++_joinedNotes;
        else if (method == "member.left")
            left(m, params, message);
        else if (object->has("error"))
            error(*object);
        else
            ++_otherMessages;
    }

    void left(Member& m, const Poco::JSON::Object::Ptr& params, const std::string& message)
    {
        if (_closing)
            return;
        auto gone = params ? params->getObject("member") : nullptr;
        auto found =
            gone ? _byMemberId.find(gone->optValue<std::string>("id", "")) : _byMemberId.end();
        if (found != _byMemberId.end() && !_members[found->second].reader)
        {
            ++_leftNonReaderNotes; // expected once the server gives up on one
            return;
        }
        ++_leftNotes;
        if (_leftNotes <= 3)
            std::cerr << "signaling_load: " << m.user << " got " << message << "\n";
    }

    void error(const Poco::JSON::Object& object)
    {
        auto e = object.getObject("error");
        const std::string code = e ? e->optValue<std::string>("code", "?") : "?";
        ++_errors[code];
        if (_errors[code] <= 3)
        {
            std::ostringstream out;
            object.stringify(out);
            std::cerr << "signaling_load: error reply " << out.str() << "\n";
        }
    }

    void reply(Member& m, const Poco::JSON::Object& object, Clock::time_point now)
    {
        int id = 0;
        try
        {
            id = object.getValue<int>("id");
        }
        catch (const Poco::Exception&)
        {
            ++_otherMessages;
            return;
        }
        if (object.has("error"))
        {
            error(object);
            if (id == 1 && m.state == State::Joining)
                closeMember(m, "room.join refused", false);
            return;
        }
        if (id == 1 && m.state == State::Joining)
        {
            auto result = object.getObject("result");
            m.memberId = result ? result->optValue<std::string>("member_id", "") : "";
            auto session = result ? result->getObject("room_session") : nullptr;
            auto list = session ? session->getArray("members") : nullptr;
            m.roomSizeSeen = list ? static_cast<int>(list->size()) : 0;
            _byMemberId[m.memberId] = slot(m);
            m.state = State::Joined;
            --_inFlight;
            m.token.clear();
            m.token.shrink_to_fit();
            _joinMs.add(millis(now - m.connectStart));
            if (&m == _members.data())
                _firstJoinMs = millis(now - m.connectStart);
            ++_joined;
            return;
        }
        Toggle& t = _toggles[slot(m)];
        if (t.rpcId == id && !t.acked)
        {
            t.acked = true;
            _ackMs.add(millis(now - t.sent));
        }
    }

    void updated(Member& m, const Poco::JSON::Object& params, Clock::time_point now)
    {
        auto changed = params.getObject("member");
        if (!changed || !changed->has("audio_muted"))
        {
            ++_unmatched;
            return;
        }
        auto found = _byMemberId.find(changed->optValue<std::string>("id", ""));
        if (found == _byMemberId.end())
        {
            ++_unmatched;
            return;
        }
        Member& actor = _members[found->second];
        Toggle& t = _toggles[found->second];
        if (!t.active || actor.room != m.room || changed->getValue<bool>("audio_muted") != t.muted)
        {
            ++_unmatched;
            return;
        }
        if (&actor == &m)
        {
            if (!t.echoed)
                _echoMs.add(millis(now - t.sent));
            t.echoed = true;
            return;
        }
        const std::uint32_t bit = 1u << m.index;
        if (t.heard & bit)
        {
            ++_duplicates;
            return;
        }
        t.heard |= bit;
        if (!(t.expected & bit))
            return; // joined after the send: not counted either way
        --t.remaining;
        const double latency = millis(now - t.sent);
        const bool mixed = _mixedRoom[static_cast<std::size_t>(m.room)];
        _fanoutMs.add(latency);
        (t.marked ? _fanoutDuringMs : _fanoutOutsideMs).add(latency);
        (mixed ? _fanoutMixedMs : _fanoutCleanMs).add(latency);
        if (!_o.dump.empty())
            _dumped.push_back({millis(t.sent - _fanStart), latency, t.marked, mixed});
    }

    /// A non-reader's socket reported a FIN or an error. Nothing is read
    /// here: readSilent() looks for the close frame after the fan-out.
    void silentClosed(Member& m, std::uint32_t events)
    {
        if (!(events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) || m.serverClosed)
            return;
        m.serverClosed = true;
        _silentClosedMs.add(millis(Clock::now() - _fanStart));
        control(m, EPOLL_CTL_DEL, 0); // level-triggered: it would report again
    }

    // --- phases -----------------------------------------------------------
    bool joinAll()
    {
        const auto start = Clock::now();
        std::size_t next = 0;
        auto lastCheck = start;
        while (_joined + _joinFailures < _members.size())
        {
            while (next < _members.size() && _inFlight < _o.joinWindow)
            {
                ++_inFlight;
                startConnect(_members[next++]);
            }
            pump(20);
            const auto now = Clock::now();
            if (millis(now - lastCheck) < 20)
                continue;
            lastCheck = now;
            // A member stuck in its join for too long counts as failed.
            for (std::size_t i = _oldestPending; i < next; ++i)
            {
                Member& m = _members[i];
                if (m.state == State::Joined || m.state == State::Closed)
                {
                    if (i == _oldestPending)
                        ++_oldestPending;
                    continue;
                }
                if (millis(now - m.connectStart) > _o.joinTimeout * 1000)
                    closeMember(m, "no room.join result within the join timeout", false);
            }
        }
        const double s = millis(Clock::now() - start) / 1000;
        std::cerr << "signaling_load: " << _joined << " joined, " << _joinFailures << " failed, in "
                  << s << " s\n";
        result("members", _members.size());
        result("rooms", _o.rooms);
        result("room_size", _o.size);
        result("non_readers", _nonReaders);
        result("joined", _joined);
        result("join_failures", _joinFailures);
        result("join_failure_reasons", countsWord(_joinFailureWhy));
        result("join_seconds", s);
        result("join_p50_ms", _joinMs.pct(50));
        result("join_p99_ms", _joinMs.pct(99));
        result("join_max_ms", _joinMs.max());
        result("join_first_ms", _firstJoinMs);
        // Each room must have filled: its last joiner saw all its members.
        int fullRooms = 0;
        for (int r = 0; r < _o.rooms; ++r)
        {
            int seen = 0;
            for (int i = 0; i < _o.size; ++i)
                seen = std::max(seen, member(r, i).roomSizeSeen);
            fullRooms += seen == _o.size;
        }
        result("full_rooms", fullRooms);
        std::cout << "phase joined" << std::endl;
        if (_joined == 0)
        {
            std::cerr << "signaling_load: nobody could join\n";
            return false;
        }
        return true;
    }

    void idle()
    {
        const auto start = Clock::now();
        const double cpu = cpuSeconds();
        const long pings = _pings;
        const long dropped = _dropped;
        while (millis(Clock::now() - start) < _o.idleSeconds * 1000)
            pump(50);
        if (_o.idleSeconds > 0)
        {
            result("idle_seconds", millis(Clock::now() - start) / 1000);
            result("idle_cpu_seconds", cpuSeconds() - cpu);
            result("idle_pings", _pings - pings);
            result("idle_dropped", _dropped - dropped);
        }
    }

    /// The round's member of a room, or the next reading one after it.
    Member* actorFor(int room, long round)
    {
        for (int step = 0; step < _o.size; ++step)
        {
            Member& m = member(room, static_cast<int>((round + step) % _o.size));
            if (m.reader)
                return &m;
        }
        return nullptr;
    }

    void toggle(long k)
    {
        const int r = static_cast<int>(k % _o.rooms);
        Member* actor = actorFor(r, k / _o.rooms);
        if (!actor)
        {
            ++_skipped;
            return;
        }
        Toggle& t = _toggles[slot(*actor)];
        if (t.active && t.remaining > 0)
            _missingBeforeNext += t.remaining; // should have arrived long ago
        if (actor->state != State::Joined)
        {
            ++_skipped;
            t.active = false;
            return;
        }
        t = Toggle();
        t.active = true;
        t.muted = !actor->audioMuted;
        t.rpcId = actor->nextRpcId++;
        for (int i = 0; i < _o.size; ++i)
        {
            const Member& mate = member(r, i);
            if (i != actor->index && mate.reader && mate.state == State::Joined)
            {
                t.expected |= 1u << i;
                ++t.remaining;
            }
        }
        t.sent = Clock::now();
        t.marked = _marking;
        const std::string method = t.muted ? "member.audio_mute" : "member.audio_unmute";
        if (!sendFrame(*actor, OpText,
                       "{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string(t.rpcId) + ",\"method\":\"" +
                           method + "\"}"))
        {
            ++_skipped;
            t.active = false;
            return;
        }
        actor->audioMuted = t.muted;
        ++_toggled;
        _expected += t.remaining;
    }

    void fanOut()
    {
        const long planned = static_cast<long>(_o.rounds) * _o.rooms;
        // The non-readers go silent: no more reads, so no PONGs either.
        for (Member& m : _members)
            if (!m.reader && m.state == State::Joined)
            {
                m.state = State::Silent;
                control(m, EPOLL_CTL_MOD, eventsFor(m));
            }
        std::cout << "phase fanout" << std::endl;
        std::cerr << "signaling_load: fan-out: " << planned << " toggles at " << _o.rate
                  << "/s, then on until SIGUSR1 (at most " << _o.maxSeconds << " s)\n";
        _fanStart = Clock::now();
        const double cpu = cpuSeconds();
        long k = 0;
        for (;;)
        {
            const auto now = Clock::now();
            const double elapsed = millis(now - _fanStart) / 1000;
            if (markRequested && !_marked)
                _marked = _marking = true;
            if (stopRequested)
                _marking = false;
            const bool more = k < planned || (!stopRequested && elapsed < _o.maxSeconds);
            if (!more)
                break;
            // Send everything due (catching up if the loop fell behind).
            while (static_cast<double>(k) / _o.rate <= elapsed &&
                   (k < planned || (!stopRequested && elapsed < _o.maxSeconds)))
                toggle(k++);
            const double nextDue = static_cast<double>(k) / _o.rate;
            const int wait = static_cast<int>(std::max(0.0, (nextDue - elapsed) * 1000));
            pump(std::min(wait, 20));
        }
        _fanSeconds = millis(Clock::now() - _fanStart) / 1000;
        _rounds = static_cast<double>(k) / _o.rooms;
        _fanCpu = cpuSeconds() - cpu;
        std::cout << "phase drain" << std::endl;
    }

    void drain()
    {
        const auto start = Clock::now();
        for (;;)
        {
            long remaining = 0;
            for (const Toggle& t : _toggles)
                if (t.active)
                    remaining += t.remaining;
            if (remaining == 0 || millis(Clock::now() - start) > _o.drainSeconds * 1000)
                break;
            pump(20);
        }
    }

    /// What the server sent each non-reader, up to its close frame if any:
    /// read now, after the measurements.
    void readSilent()
    {
        WsConnection::Frame f;
        std::uint64_t length = 0;
        for (Member& m : _members)
        {
            if (m.state != State::Silent)
                continue;
            std::string why = m.ws.receive(_buffer, sizeof _buffer);
            bool eof = !why.empty();
            _silentBytesUnread += m.ws.unparsed();
            // Frames in order; the first close frame says why.
            while (m.ws.nextFrame(f, 1u << 24, length) == WsConnection::FrameStatus::Complete)
            {
                if (f.opcode == OpClose)
                {
                    why = closeWord(f.payload);
                    eof = true;
                    break;
                }
                ++_silentFramesUnread;
            }
            m.ws.discardInput();
            if (eof || m.serverClosed)
            {
                ++_silentClosed;
                ++_silentCloseCodes[why.empty() ? "none:tcp_closed" : why];
            }
        }
    }

    void report()
    {
        long missing = _missingBeforeNext;
        for (const Toggle& t : _toggles)
            if (t.active)
                missing += t.remaining;
        int connected = 0;
        for (const Member& m : _members)
            connected += m.state == State::Joined;
        result("toggles", _toggled);
        result("toggles_skipped", _skipped);
        result("rounds", _rounds);
        result("fanout_seconds", _fanSeconds);
        result("fanout_cpu_seconds", _fanCpu); // this generator's, over the toggles
        result("toggle_rate", _toggled / _fanSeconds);
        result("deliveries_expected", _expected);
        result("deliveries", _fanoutMs.values.size());
        result("deliveries_missing", missing);
        result("deliveries_duplicate", _duplicates);
        samples("fanout", _fanoutMs);
        samples("fanout_during", _fanoutDuringMs);
        samples("fanout_outside", _fanoutOutsideMs);
        samples("fanout_mixed", _fanoutMixedMs); // readers in rooms with a non-reader
        samples("fanout_clean", _fanoutCleanMs); // readers in rooms without
        result("echo_p99_ms", _echoMs.pct(99));
        result("ack_p99_ms", _ackMs.pct(99));
        result("unmatched_updates", _unmatched);
        result("member_joined_notes", _joinedNotes);
        result("unexpected_messages", _unmatched + _otherMessages + _badMessages + _duplicates);
        result("member_left_notes", _leftNotes);
        result("member_left_non_reader_notes", _leftNonReaderNotes);
        result("pings_answered", _pings);
        result("dropped", _dropped);
        result("dropped_close_codes", countsWord(_dropCodes));
        result("still_connected", connected);
        result("non_readers_closed", _silentClosed);
        result("non_reader_close_codes", countsWord(_silentCloseCodes));
        result("non_reader_closed_p50_s", _silentClosedMs.pct(50) / 1000);
        result("non_reader_closed_max_s", _silentClosedMs.max() / 1000);
        result("non_reader_unread_frames", _silentFramesUnread);
        result("non_reader_unread_bytes", _silentBytesUnread);
        long errors = 0;
        for (auto& [code, count] : _errors)
            errors += count;
        result("rpc_errors", errors);
        result("rpc_error_codes", countsWord(_errors));
        std::cout.flush();
    }

    void samples(const std::string& name, Samples& s)
    {
        result(name + "_count", s.values.size());
        result(name + "_p50_ms", s.pct(50));
        result(name + "_p99_ms", s.pct(99));
        result(name + "_max_ms", s.max());
    }

    void dump()
    {
        if (_o.dump.empty())
            return;
        std::FILE* f = std::fopen(_o.dump.c_str(), "w");
        if (!f)
        {
            std::cerr << "signaling_load: cannot write " << _o.dump << "\n";
            return;
        }
        for (const Delivery& d : _dumped)
            std::fprintf(f, "%.3f %.3f %d %d\n", d.sentMs, d.latencyMs, d.during ? 1 : 0,
                         d.mixed ? 1 : 0);
        std::fclose(f);
    }

    void closeAll()
    {
        _closing = true;
        for (Member& m : _members)
        {
            if (m.state == State::Joined)
                sendFrame(m, OpClose, std::string("\x03\xe8", 2) + "bench done");
            closeMember(m, "done", false);
        }
    }

    const Options _o;
    sockaddr_in _address;
    int _epoll = -1;
    std::vector<Member> _members;
    std::vector<Toggle> _toggles;
    std::vector<bool> _mixedRoom; // has a non-reader
    std::unordered_map<std::string, std::size_t> _byMemberId;
    Poco::JSON::Parser _parser;
    std::mt19937_64 _random{std::random_device{}()};
    char _buffer[65536];

    int _nonReaders = 0;
    int _inFlight = 0;
    std::size_t _oldestPending = 0;
    double _firstJoinMs = -1;
    std::size_t _joined = 0;
    std::size_t _joinFailures = 0;
    std::map<std::string, long> _joinFailureWhy;
    long _dropped = 0;
    std::map<std::string, long> _dropCodes;
    bool _closing = false;
    bool _marked = false;  // SIGUSR2 seen
    bool _marking = false; // between SIGUSR2 and SIGUSR1
    Clock::time_point _fanStart;
    double _fanSeconds = 0;
    double _fanCpu = 0;
    double _rounds = 0;
    long _toggled = 0;
    long _expected = 0;
    long _skipped = 0;
    long _missingBeforeNext = 0;
    long _duplicates = 0;
    long _unmatched = 0;
    long _leftNotes = 0;
    long _leftNonReaderNotes = 0;
    long _joinedNotes = 0;
    long _otherMessages = 0;
    long _badMessages = 0;
    long _pings = 0;
    long _silentClosed = 0;
    long _silentFramesUnread = 0;
    long _silentBytesUnread = 0;
    std::map<std::string, long> _silentCloseCodes;
    Samples _silentClosedMs;
    std::map<std::string, long> _errors;
    struct Delivery
    {
        double sentMs;
        double latencyMs;
        bool during;
        bool mixed;
    };
    std::vector<Delivery> _dumped;
    Samples _joinMs, _fanoutMs, _echoMs, _ackMs, _fanoutDuringMs, _fanoutOutsideMs;
    Samples _fanoutMixedMs, _fanoutCleanMs;
};

/// One descriptor per member: take the whole hard limit.
void raiseFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char** argv)
{
    const Options options = parseOptions(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    raiseFileLimit();
    struct sigaction stop = {};
    stop.sa_handler = onStopSignal; // no SA_RESTART: epoll_wait() returns at once
    sigaction(SIGUSR1, &stop, nullptr);
    struct sigaction mark = {};
    mark.sa_handler = onMarkSignal;
    sigaction(SIGUSR2, &mark, nullptr);
    try
    {
        return Load(options).run();
    }
    catch (const std::exception& e)
    {
        std::cerr << "signaling_load: " << e.what() << "\n";
        return 1;
    }
}
