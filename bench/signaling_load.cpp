// signaling_load: many members in many small rooms on one rolecall server,
// for bench/signaling.
//
// One thread and one poll(2) loop over every socket: connects and WebSocket
// handshakes are non-blocking, so joins really overlap, and no member waits
// for another one's I/O except inside the loop itself. Frames are read and
// written with Poco's WebSocket once the handshake is done.
//
// Phases:
//   tokens   GET /api/token?role=guest&room=R&user=U for every member, over
//            one keep-alive HTTP connection (timed apart from the joins)
//   join     up to --join-window members connecting at once; the join time
//            of a member runs from its connect() to its room.join result
//   fanout   prints "phase fanout" on stdout, then paces --rate toggles a
//            second: room k % rooms, round k / rooms, the round's member of
//            that room sends member.audio_mute or member.audio_unmute
//            (whichever changes its state). Every other member of the room
//            must get the matching member.updated: the time from the send to
//            its arrival is one fan-out sample. Runs --rounds rounds, and then
//            on until SIGUSR1 (sent by the script when it has measured what it
//            wanted under load) or --max-seconds. Toggles sent between SIGUSR2
//            and SIGUSR1 (while the script's wrk runs) are also reported
//            apart from the others ("during" and "outside").
//   drain    waits up to --drain-seconds for deliveries still on their way;
//            whatever has not come by then is missing.
//
// Results go to stdout as "result <key> <value>" lines; progress and
// problems go to stderr. Exit status 0 when the run could be measured (even
// if deliveries were missing: that is a finding), 1 when it could not.

#include "Poco/Base64Encoder.h"
#include "Poco/Buffer.h"
#include "Poco/DigestEngine.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Net/WebSocket.h"
#include "Poco/Net/WebSocketImpl.h"
#include "Poco/SHA1Engine.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace
{

using Clock = std::chrono::steady_clock;
using Poco::Net::WebSocket;

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
    std::string prefix = "Load";
    std::string dump; // file for every delivery: "sent_ms latency_ms during"
};

void usage()
{
    std::cerr << "usage: signaling_load --port N [--rooms 200] [--size 5] [--rounds 10]\n"
                 "       [--rate 200] [--join-window 50] [--max-seconds 60]\n"
                 "       [--drain-seconds 3] [--prefix Load] [--host 127.0.0.1]\n"
                 "       [--dump FILE]   every fan-out delivery: sent_ms latency_ms during\n";
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
            else if (arg == "--max-seconds")
                o.maxSeconds = std::stod(value());
            else if (arg == "--drain-seconds")
                o.drainSeconds = std::stod(value());
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
        o.joinWindow < 1)
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
    Closed
};

struct Member
{
    int room = 0;
    int index = 0; // within its room
    std::string user;
    std::string token;
    std::string memberId;
    State state = State::Idle;
    Poco::Net::StreamSocket raw; // until the handshake is done
    std::unique_ptr<WebSocket> ws;
    int fd = -1;
    std::string key;
    std::string response; // the handshake response so far
    Clock::time_point connectStart;
    bool audioMuted = false;
    int nextRpcId = 2; // 1 is room.join
    int roomSizeSeen = 0;
    std::string closeWhy;
};

/// One toggle sent by an actor, and which room-mates have heard of it.
struct Toggle
{
    bool active = false;
    Clock::time_point sent;
    bool muted = false;
    int rpcId = 0;
    unsigned heard = 0; // bit per member index in the room
    int remaining = 0;  // room-mates still to hear it
    bool echoed = false;
    bool acked = false;
    bool marked = false; // sent between SIGUSR2 and SIGUSR1
};

struct Samples
{
    std::vector<double> values;
    void add(double v) { values.push_back(v); }
    double pct(double p)
    {
        if (values.empty())
            return -1;
        std::sort(values.begin(), values.end());
        // nearest rank
        std::size_t rank = static_cast<std::size_t>(p / 100.0 * values.size() + 0.999999);
        rank = std::min(std::max<std::size_t>(rank, 1), values.size());
        return values[rank - 1];
    }
    double max() { return values.empty() ? -1 : *std::max_element(values.begin(), values.end()); }
};

std::string base64(const unsigned char* bytes, std::size_t n)
{
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(n));
    encoder.close();
    return out.str();
}

std::string acceptFor(const std::string& key)
{
    Poco::SHA1Engine sha1;
    sha1.update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    const Poco::DigestEngine::Digest& d = sha1.digest();
    return base64(d.data(), d.size());
}

class Load
{
public:
    explicit Load(const Options& o) : _o(o), _address(o.host, static_cast<Poco::UInt16>(o.port))
    {
        _members.resize(static_cast<std::size_t>(o.rooms * o.size));
        _toggles.resize(_members.size());
        for (int r = 0; r < o.rooms; ++r)
            for (int i = 0; i < o.size; ++i)
            {
                Member& m = member(r, i);
                m.room = r;
                m.index = i;
                m.user = "load-" + std::to_string(r) + "-" + std::to_string(i);
            }
    }

    int run()
    {
        if (!fetchTokens())
            return 1;
        if (!joinAll())
            return 1;
        fanOut();
        drain();
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
        Poco::Net::HTTPClientSession session(_address);
        session.setKeepAlive(true);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::JSON::Parser parser;
        for (Member& m : _members)
        {
            const std::string uri =
                "/api/token?role=guest&room=" + roomName(m.room) + "&user=" + m.user;
            try
            {
                Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri,
                                               Poco::Net::HTTPMessage::HTTP_1_1);
                request.setKeepAlive(true);
                session.sendRequest(request);
                Poco::Net::HTTPResponse response;
                std::istream& in = session.receiveResponse(response);
                std::string body;
                Poco::StreamCopier::copyToString(in, body);
                if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
                {
                    std::cerr << "signaling_load: GET " << uri << " answered "
                              << response.getStatus() << ": " << body << "\n";
                    return false;
                }
                parser.reset();
                auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
                m.token = object->getValue<std::string>("token");
            }
            catch (const Poco::Exception& e)
            {
                std::cerr << "signaling_load: GET " << uri << " failed: " << e.displayText()
                          << "\n";
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
    void watch(Member& m, short events)
    {
        auto found = _slot.find(m.fd);
        if (found == _slot.end())
        {
            _slot[m.fd] = _fds.size();
            _fds.push_back({m.fd, events, 0});
            _owner.push_back(&m);
        }
        else
            _fds[found->second].events = events;
    }

    void unwatch(Member& m)
    {
        auto found = _slot.find(m.fd);
        if (found == _slot.end())
            return;
        const std::size_t i = found->second;
        const std::size_t last = _fds.size() - 1;
        if (i != last)
        {
            _fds[i] = _fds[last];
            _owner[i] = _owner[last];
            _slot[_fds[i].fd] = i;
        }
        _fds.pop_back();
        _owner.pop_back();
        _slot.erase(found);
    }

    /// One poll over every socket, and whatever it reports handled.
    void pump(int timeoutMs)
    {
        if (_fds.empty())
        {
            if (timeoutMs > 0)
                ::poll(nullptr, 0, timeoutMs);
            return;
        }
        const int n = ::poll(_fds.data(), _fds.size(), timeoutMs);
        if (n <= 0)
            return; // timeout or EINTR (SIGUSR1)
        // Handlers may add or remove sockets: collect first.
        std::vector<std::pair<Member*, short>> ready;
        ready.reserve(static_cast<std::size_t>(n));
        for (std::size_t i = 0; i < _fds.size(); ++i)
            if (_fds[i].revents)
                ready.emplace_back(_owner[i], _fds[i].revents);
        for (auto& [m, revents] : ready)
        {
            if (m->state == State::Closed)
                continue;
            if (m->state == State::Connecting)
                connected(*m);
            else if (m->state == State::Handshaking)
                handshakeReadable(*m);
            else
                readable(*m);
        }
    }

    void closeMember(Member& m, const std::string& why)
    {
        if (m.state == State::Closed)
            return;
        const State was = m.state;
        unwatch(m);
        m.state = State::Closed;
        m.closeWhy = why;
        try
        {
            if (m.ws)
                m.ws->close();
            else
                m.raw.close();
        }
        catch (const Poco::Exception&)
        {
        }
        if (was == State::Joined && !_closing)
        {
            ++_dropped;
            if (_dropped <= 5)
                std::cerr << "signaling_load: " << m.user << " lost its connection: " << why
                          << "\n";
        }
        else if (!_closing && was != State::Joined)
        {
            ++_joinFailures;
            if (_joinFailures <= 5)
                std::cerr << "signaling_load: " << m.user << " could not join: " << why << "\n";
        }
    }

    // --- connecting -------------------------------------------------------
    void startConnect(Member& m)
    {
        m.connectStart = Clock::now();
        try
        {
            m.raw = Poco::Net::StreamSocket();
            m.raw.connectNB(_address);
        }
        catch (const Poco::Exception& e)
        {
            m.state = State::Connecting;
            closeMember(m, "connect: " + e.displayText());
            return;
        }
        m.fd = m.raw.impl()->sockfd();
        m.state = State::Connecting;
        watch(m, POLLOUT);
    }

    void connected(Member& m)
    {
        int error = 0;
        socklen_t len = sizeof error;
        if (::getsockopt(m.fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0)
        {
            closeMember(m, std::string("connect: ") + std::strerror(error));
            return;
        }
        unsigned char nonce[16];
        for (auto& b : nonce)
            b = static_cast<unsigned char>(_random());
        m.key = base64(nonce, sizeof nonce);
        const std::string request = "GET /ws HTTP/1.1\r\nHost: " + _o.host + ":" +
                                    std::to_string(_o.port) +
                                    "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Key: " +
                                    m.key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try
        {
            // Blocking from here on, with timeouts: the loop only reads what
            // poll() reported, and a small request fits an empty send buffer.
            m.raw.setBlocking(true);
            m.raw.setNoDelay(true);
            m.raw.setSendTimeout(Poco::Timespan(2, 0));
            m.raw.setReceiveTimeout(Poco::Timespan(2, 0));
            m.raw.sendBytes(request.data(), static_cast<int>(request.size()));
        }
        catch (const Poco::Exception& e)
        {
            closeMember(m, "handshake send: " + e.displayText());
            return;
        }
        m.state = State::Handshaking;
        watch(m, POLLIN);
    }

    void handshakeReadable(Member& m)
    {
        char buf[2048];
        const ssize_t n = ::recv(m.fd, buf, sizeof buf, 0);
        if (n <= 0)
        {
            closeMember(m, "handshake: connection closed");
            return;
        }
        m.response.append(buf, static_cast<std::size_t>(n));
        const auto end = m.response.find("\r\n\r\n");
        if (end == std::string::npos)
        {
            if (m.response.size() > 16384)
                closeMember(m, "handshake: response too long");
            return;
        }
        if (end + 4 != m.response.size())
        {
            // The server says nothing before room.join: more bytes here would
            // be frames we have already taken out of the socket.
            closeMember(m, "handshake: data after the 101 response");
            return;
        }
        const std::string head = Poco::toLower(m.response.substr(0, end + 2));
        if (head.compare(0, 12, "http/1.1 101") != 0)
        {
            closeMember(m, "handshake: " + m.response.substr(0, m.response.find('\r')));
            return;
        }
        if (head.find("sec-websocket-accept: " + Poco::toLower(acceptFor(m.key)) + "\r\n") ==
            std::string::npos)
        {
            closeMember(m, "handshake: wrong Sec-WebSocket-Accept");
            return;
        }
        m.response.clear();
        m.response.shrink_to_fit();
        try
        {
            // What WebSocket's client constructor does after its blocking
            // handshake: wrap the connected socket (no bytes are buffered).
            Poco::Net::HTTPClientSession none;
            auto* impl = new Poco::Net::WebSocketImpl(
                static_cast<Poco::Net::StreamSocketImpl*>(m.raw.impl()), none, true);
            m.ws = std::make_unique<WebSocket>(Poco::Net::StreamSocket(impl));
            m.raw = Poco::Net::StreamSocket();
            m.ws->setMaxPayloadSize(1 << 20);
        }
        catch (const Poco::Exception& e)
        {
            closeMember(m, "wrapping the socket: " + e.displayText());
            return;
        }
        m.state = State::Joining;
        sendText(m,
                 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"room.join\",\"params\":{\"token\":\"" +
                     m.token + "\"}}");
    }

    bool sendText(Member& m, const std::string& text)
    {
        try
        {
            m.ws->sendFrame(text.data(), static_cast<int>(text.size()), WebSocket::FRAME_TEXT);
            return true;
        }
        catch (const Poco::Exception& e)
        {
            closeMember(m, "send: " + e.displayText());
            return false;
        }
    }

    // --- receiving --------------------------------------------------------
    void readable(Member& m)
    {
        // Poco 1.11's WebSocket reads exactly one frame's bytes from the
        // socket, so anything left is still in the kernel and poll() stays
        // readable; read what is there now anyway, to stamp it sooner.
        do
        {
            Poco::Buffer<char> buffer(0);
            int flags = 0;
            int n = 0;
            try
            {
                n = m.ws->receiveFrame(buffer, flags);
            }
            catch (const Poco::Exception& e)
            {
                closeMember(m, "receive: " + e.displayText());
                return;
            }
            const auto now = Clock::now();
            const int op = flags & WebSocket::FRAME_OP_BITMASK;
            if (n == 0 && flags == 0)
            {
                closeMember(m, "the server closed TCP");
                return;
            }
            if (op == WebSocket::FRAME_OP_PING)
            {
                ++_pings;
                try
                {
                    m.ws->sendFrame(buffer.begin(), n,
                                    WebSocket::FRAME_FLAG_FIN | WebSocket::FRAME_OP_PONG);
                }
                catch (const Poco::Exception& e)
                {
                    closeMember(m, "pong: " + e.displayText());
                    return;
                }
            }
            else if (op == WebSocket::FRAME_OP_CLOSE)
            {
                int code = n >= 2 ? ((static_cast<unsigned char>(buffer[0]) << 8) |
                                     static_cast<unsigned char>(buffer[1]))
                                  : 1005;
                std::string reason =
                    n > 2 ? std::string(buffer.begin() + 2, buffer.begin() + n) : std::string();
                closeMember(m, "close frame " + std::to_string(code) + " " + reason);
                return;
            }
            else if (op == WebSocket::FRAME_OP_TEXT)
                text(m, std::string(buffer.begin(), static_cast<std::size_t>(n)), now);
            if (m.state == State::Closed)
                return;
        } while (m.ws->available() > 0);
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
        {
            ++_leftNotes;
            if (!_closing && _leftNotes <= 3)
                std::cerr << "signaling_load: " << m.user << " got " << message << "\n";
        }
        else if (object->has("error"))
            error(*object);
        else
            ++_otherMessages;
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
        const int id = object.getValue<int>("id");
        if (object.has("error"))
        {
            error(object);
            if (id == 1 && m.state == State::Joining)
                closeMember(m, "room.join refused");
            return;
        }
        if (id == 1 && m.state == State::Joining)
        {
            auto result = object.getObject("result");
            m.memberId = result->getValue<std::string>("member_id");
            auto session = result->getObject("room_session");
            auto list = session ? session->getArray("members") : nullptr;
            m.roomSizeSeen = list ? static_cast<int>(list->size()) : 0;
            _byMemberId[m.memberId] = &m - _members.data();
            m.state = State::Joined;
            _joinMs.add(millis(now - m.connectStart));
            if (&m == _members.data())
                _firstJoinMs = millis(now - m.connectStart);
            ++_joined;
            return;
        }
        Toggle& t = _toggles[static_cast<std::size_t>(&m - _members.data())];
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
        auto found = _byMemberId.find(changed->getValue<std::string>("id"));
        if (found == _byMemberId.end())
        {
            ++_unmatched;
            return;
        }
        Member& actor = _members[static_cast<std::size_t>(found->second)];
        Toggle& t = _toggles[static_cast<std::size_t>(found->second)];
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
        const unsigned bit = 1u << m.index;
        if (t.heard & bit)
        {
            ++_duplicates;
            return;
        }
        t.heard |= bit;
        --t.remaining;
        const double latency = millis(now - t.sent);
        _fanoutMs.add(latency);
        (t.marked ? _fanoutDuringMs : _fanoutOutsideMs).add(latency);
        if (!_o.dump.empty())
            _dumped.push_back({millis(t.sent - _fanStart), latency, t.marked});
    }

    // --- phases -----------------------------------------------------------
    bool joinAll()
    {
        const auto start = Clock::now();
        std::size_t next = 0;
        while (_joined + _joinFailures < _members.size())
        {
            while (next < _members.size() && _inFlight < _o.joinWindow)
            {
                ++_inFlight;
                startConnect(_members[next++]);
            }
            pump(20);
            // A member stuck in its join for too long counts as failed.
            const auto now = Clock::now();
            for (std::size_t i = 0; i < next; ++i)
            {
                Member& m = _members[i];
                if (m.state != State::Joined && m.state != State::Closed &&
                    millis(now - m.connectStart) > _o.joinTimeout * 1000)
                    closeMember(m, "no room.join result within the join timeout");
            }
            // Failures close their member; keep the window count right.
            _inFlight = 0;
            for (std::size_t i = 0; i < next; ++i)
                if (_members[i].state != State::Joined && _members[i].state != State::Closed)
                    ++_inFlight;
        }
        const double s = millis(Clock::now() - start) / 1000;
        std::cerr << "signaling_load: " << _joined << " joined, " << _joinFailures << " failed, in "
                  << s << " s\n";
        result("members", _members.size());
        result("rooms", _o.rooms);
        result("room_size", _o.size);
        result("joined", _joined);
        result("join_failures", _joinFailures);
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
        if (_joined == 0)
        {
            std::cerr << "signaling_load: nobody could join\n";
            return false;
        }
        return true;
    }

    void toggle(long k)
    {
        const int r = static_cast<int>(k % _o.rooms);
        const long round = k / _o.rooms;
        Member& actor = member(r, static_cast<int>(round % _o.size));
        const std::size_t a = static_cast<std::size_t>(&actor - _members.data());
        Toggle& t = _toggles[a];
        if (t.active && t.remaining > 0)
            _missingBeforeNext += t.remaining; // should have arrived long ago
        if (actor.state != State::Joined)
        {
            ++_skipped;
            t.active = false;
            return;
        }
        t = Toggle();
        t.active = true;
        t.muted = !actor.audioMuted;
        t.rpcId = actor.nextRpcId++;
        t.remaining = _o.size - 1;
        const std::string method = t.muted ? "member.audio_mute" : "member.audio_unmute";
        t.sent = Clock::now();
        t.marked = _marking;
        if (!sendText(actor, "{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string(t.rpcId) +
                                 ",\"method\":\"" + method + "\"}"))
        {
            ++_skipped;
            t.active = false;
            return;
        }
        actor.audioMuted = t.muted;
        ++_toggled;
    }

    void fanOut()
    {
        const long planned = static_cast<long>(_o.rounds) * _o.rooms;
        std::cout << "phase fanout" << std::endl;
        std::cerr << "signaling_load: fan-out: " << planned << " toggles at " << _o.rate
                  << "/s, then on until SIGUSR1 (at most " << _o.maxSeconds << " s)\n";
        _fanStart = Clock::now();
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

    void report()
    {
        long missing = _missingBeforeNext;
        for (const Toggle& t : _toggles)
            if (t.active)
                missing += t.remaining;
        int connected = 0;
        for (const Member& m : _members)
            connected += m.state == State::Joined;
        const long expected = _toggled * (_o.size - 1);
        result("toggles", _toggled);
        result("toggles_skipped", _skipped);
        result("rounds", _rounds);
        result("fanout_seconds", _fanSeconds);
        result("toggle_rate", _toggled / _fanSeconds);
        result("deliveries_expected", expected);
        result("deliveries", _fanoutMs.values.size());
        result("deliveries_missing", missing);
        result("deliveries_duplicate", _duplicates);
        result("fanout_p50_ms", _fanoutMs.pct(50));
        result("fanout_p99_ms", _fanoutMs.pct(99));
        result("fanout_max_ms", _fanoutMs.max());
        result("fanout_during_count", _fanoutDuringMs.values.size());
        result("fanout_during_p50_ms", _fanoutDuringMs.pct(50));
        result("fanout_during_p99_ms", _fanoutDuringMs.pct(99));
        result("fanout_during_max_ms", _fanoutDuringMs.max());
        result("fanout_outside_count", _fanoutOutsideMs.values.size());
        result("fanout_outside_p50_ms", _fanoutOutsideMs.pct(50));
        result("fanout_outside_p99_ms", _fanoutOutsideMs.pct(99));
        result("fanout_outside_max_ms", _fanoutOutsideMs.max());
        result("echo_p99_ms", _echoMs.pct(99));
        result("ack_p99_ms", _ackMs.pct(99));
        result("unmatched_updates", _unmatched);
        result("member_joined_notes", _joinedNotes);
        result("unexpected_messages", _unmatched + _otherMessages + _badMessages + _duplicates);
        result("member_left_notes", _leftNotes);
        result("pings_answered", _pings);
        result("dropped", _dropped);
        result("still_connected", connected);
        long errors = 0;
        std::string codes;
        for (auto& [code, count] : _errors)
        {
            errors += count;
            codes += (codes.empty() ? "" : ",") + code + ":" + std::to_string(count);
        }
        result("rpc_errors", errors);
        std::cout << "result rpc_error_codes " << (codes.empty() ? "-" : codes) << "\n";
        std::cout.flush();
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
            std::fprintf(f, "%.3f %.3f %d\n", d.sentMs, d.latencyMs, d.during ? 1 : 0);
        std::fclose(f);
    }

    void closeAll()
    {
        _closing = true;
        for (Member& m : _members)
        {
            if (m.state == State::Closed)
                continue;
            try
            {
                if (m.ws && m.state == State::Joined)
                    m.ws->shutdown(WebSocket::WS_NORMAL_CLOSE, "bench done");
            }
            catch (const Poco::Exception&)
            {
            }
            closeMember(m, "done");
        }
    }

    template <typename T> void result(const std::string& key, T value)
    {
        std::cout << "result " << key << " " << value << "\n";
    }

    const Options _o;
    const Poco::Net::SocketAddress _address;
    std::vector<Member> _members;
    std::vector<Toggle> _toggles;
    std::unordered_map<std::string, long> _byMemberId;
    std::vector<pollfd> _fds;
    std::vector<Member*> _owner;
    std::unordered_map<int, std::size_t> _slot;
    Poco::JSON::Parser _parser;
    std::mt19937 _random{std::random_device{}()};

    int _inFlight = 0;
    double _firstJoinMs = -1;
    std::size_t _joined = 0;
    std::size_t _joinFailures = 0;
    long _dropped = 0;
    bool _closing = false;
    bool _marked = false;  // SIGUSR2 seen
    bool _marking = false; // between SIGUSR2 and SIGUSR1
    Clock::time_point _fanStart;
    double _fanSeconds = 0;
    double _rounds = 0;
    long _toggled = 0;
    long _skipped = 0;
    long _missingBeforeNext = 0;
    long _duplicates = 0;
    long _unmatched = 0;
    long _leftNotes = 0;
    long _joinedNotes = 0;
    long _otherMessages = 0;
    long _badMessages = 0;
    long _pings = 0;
    std::map<std::string, long> _errors;
    struct Delivery
    {
        double sentMs;
        double latencyMs;
        bool during;
    };
    std::vector<Delivery> _dumped;
    Samples _joinMs, _fanoutMs, _echoMs, _ackMs, _fanoutDuringMs, _fanoutOutsideMs;
};

} // namespace

int main(int argc, char** argv)
{
    const Options options = parseOptions(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    struct sigaction stop = {};
    stop.sa_handler = onStopSignal; // no SA_RESTART: poll() returns at once
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
