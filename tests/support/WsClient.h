#ifndef rolecall_test_WsClient_INCLUDED
#define rolecall_test_WsClient_INCLUDED

#include "Poco/JSON/Object.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/WebSocket.h"
#include <deque>
#include <memory>
#include <string>

/// A signaling client over a real WebSocket to 127.0.0.1:<port>/ws, speaking
/// the JSON-RPC the pages speak.
class WsClient
{
public:
    explicit WsClient(unsigned short port);

    /// Sends a request and returns its id.
    int request(const std::string& method, Poco::JSON::Object::Ptr params = new Poco::JSON::Object);
    void sendText(const std::string& text);
    void sendBinary(const std::string& bytes);

    /// The reply to request `id` (result or error object); other messages
    /// that arrive meanwhile are kept for next(). Throws after `ms`.
    Poco::JSON::Object::Ptr reply(int id, int ms = 3000);
    /// The next notification with this method (skipping and keeping others).
    Poco::JSON::Object::Ptr next(const std::string& method, int ms = 3000);
    /// Like next(), but null instead of an exception when none arrives.
    Poco::JSON::Object::Ptr tryNext(const std::string& method, int ms);
    /// The code of the next error reply, whatever its id; "none" if none comes.
    std::string nextErrorCode(int ms = 3000);
    /// A barrier: sends a request the server answers with an error and
    /// nothing else (an unknown method), and waits for that answer. The
    /// server handles every connection's messages in order on one thread
    /// and sends each connection's messages in order, so whatever it sent
    /// this client before handling the barrier has arrived (and is kept for
    /// next()) once the answer is here.
    void sync(int ms = 3000);
    /// True if no message with this method has come: checked after a
    /// sync(), so "not yet" cannot pass for "never", however slow the server.
    bool silentAbout(const std::string& method);

    /// Joins with a token; returns the result (throws on error reply).
    Poco::JSON::Object::Ptr join(const std::string& token);
    /// The error code string of a reply, or "" for a result.
    static std::string errorCode(const Poco::JSON::Object::Ptr& reply);

    /// Waits until the server closes the socket; returns the close status or -1.
    int waitClosed(int ms = 3000);
    /// Cuts the TCP connection without a close frame.
    void cut();
    Poco::Net::WebSocket& socket() { return *_socket; }

private:
    Poco::JSON::Object::Ptr receive(int ms);

    Poco::Net::HTTPClientSession _session;
    std::unique_ptr<Poco::Net::WebSocket> _socket;
    std::deque<Poco::JSON::Object::Ptr> _kept;
    int _nextId = 1;
};

/// {"key": value} in one call, for request params.
Poco::JSON::Object::Ptr
params(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> items);

#endif
