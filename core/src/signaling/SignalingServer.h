#ifndef rolecall_SignalingServer_INCLUDED
#define rolecall_SignalingServer_INCLUDED

#include "Poco/AutoPtr.h"
#include "Poco/Net/SocketNotification.h"
#include "Poco/Net/SocketReactor.h"
#include "Poco/Net/WebSocket.h"
#include "Poco/Thread.h"
#include "signaling/Outbox.h"
#include "signaling/RoomService.h"
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace rolecall
{

class TokenIssuer;

/// The /ws transport of the embedded rooms.
///
/// Why a reactor: a WebSocket accepted in an HTTPRequestHandler would hold
/// one HTTP worker thread for its whole life, so a few dozen members would
/// starve the role pages. Instead the handler upgrades the connection and
/// hands the socket here (Poco 1.11's WebSocket keeps no tie to the HTTP
/// session), then returns. One SocketReactor thread then serves every member:
/// it reads frames, runs RoomService (which is therefore single-threaded and
/// lock-free), writes replies and fan-out, and sends heartbeats.
///
/// What keeps one bad client from stalling the thread: a short receive
/// timeout (a half-sent frame closes that connection), a short send timeout
/// (a member that stops reading is dropped), a frame size cap, and a
/// per-connection message rate limit.
class SignalingServer : public Outbox
{
public:
    struct Limits
    {
        int maxMessageBytes = 64 * 1024;
        double messagesPerSecond = 50; // sustained; bursts of twice that pass
        int pingIntervalMs = 2000;     // a member silent for 3 intervals is gone
        int joinTimeoutMs = 10000;     // a connection must join within this
        int ioTimeoutMs = 500;         // for a frame to finish arriving or leaving
    };

    SignalingServer(const TokenIssuer& issuer, int maxParticipants, Limits limits);
    ~SignalingServer() override;

    void start();
    void stop();

    /// Takes over an upgraded WebSocket. Called from HTTP worker threads.
    void adopt(Poco::Net::WebSocket socket);


    // Outbox, called by RoomService on the reactor thread.
    void send(ConnectionId to, const std::string& text) override;
    void close(ConnectionId to, int code, const std::string& reason) override;

private:
    struct Connection;
    class Reactor;

    void onReadable(const Poco::AutoPtr<Poco::Net::ReadableNotification>& notification);
    void takePending();
    void readFrom(Connection& connection);
    void handleText(Connection& connection, const std::string& text);
    void settle();
    void maintain();
    void drop(Connection& connection, const std::string& reason, int code,
              const std::string& closeReason);

    const Limits _limits;
    RoomService _rooms;
    std::unique_ptr<Reactor> _reactor;
    Poco::Thread _thread;
    std::mutex _pendingMutex;
    std::deque<Poco::Net::WebSocket> _pending;
    std::unordered_map<ConnectionId, std::unique_ptr<Connection>> _connections;
    std::vector<ConnectionId> _closing;
    std::unordered_map<const Poco::Net::SocketImpl*, ConnectionId> _bySocket;
    ConnectionId _nextId = 1;
    Poco::Timestamp _lastMaintenance;
    Poco::Timestamp _lastPurge;
    bool _running = false;
};

} // namespace rolecall

#endif
