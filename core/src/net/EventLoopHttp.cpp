#include "Poco/String.h"
#include "net/EventLoop.h"
#include "net/HttpService.h"
#include "net/WebSocketHandshake.h"
#include "net/WebSocketListener.h"
#include <random>

// The HTTP side of the event loop: reading a request, handing it to the
// service or a worker, and answering. (net/EventLoop.h has the design.)

namespace rolecall
{
namespace
{

// On HTTPS, browsers are told to come back only over HTTPS.
const std::string hsts = "Strict-Transport-Security: max-age=31536000\r\n";

} // namespace

Response EventLoop::busy()
{
    Response busy = _service.failure(503, "The server is busy. Please try again in a moment.");
    busy.head.set("Retry-After", "1");
    busy.close = true;
    return busy;
}

void EventLoop::processHttp(Connection& c)
{
    while (c.state == Connection::State::Head || c.state == Connection::State::Body)
    {
        if (c.broken)
        {
            closeConnection(c, "connection lost", 1000, "", true);
            return;
        }
        if (c.state == Connection::State::Body)
        {
            const std::size_t take = std::min(c.bodyLeft, c.in.size());
            c.in.erase(0, take);
            c.bodyLeft -= take;
            if (c.bodyLeft > 0)
            {
                if (c.peerClosed)
                    closeConnection(c, "peer closed during a request body", 1000, "", true);
                return;
            }
            dispatch(c);
            continue;
        }
        // One request at a time: the next is parsed once this answer is out,
        // so a pipelining client cannot make us queue answers without bound.
        if (!c.out.empty())
            return;
        if (c.in.empty())
        {
            if (c.peerClosed)
                closeConnection(c, "peer closed", 1000, "", true);
            return;
        }
        if (c.deadlineFor == std::string("keep-alive idle"))
        {
            c.deadline = _now + _limits.headerTimeoutMs;
            c.deadlineFor = "request head";
        }
        if (!c.request)
            c.request = std::make_shared<Request>();
        const auto result = _parser.parse(c.in.data(), c.in.size(), *c.request);
        if (result.kind == HttpRequestParser::Result::Kind::Incomplete)
        {
            if (c.peerClosed)
                closeConnection(c, "peer closed mid-request", 1000, "", true);
            return;
        }
        if (result.kind == HttpRequestParser::Result::Kind::Invalid)
        {
            respondAndClose(c, result.status, result.message,
                            "bad request (" + result.message + ")");
            return;
        }
        c.in.erase(0, result.headBytes);
        c.headOnly = c.request->head.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
        c.keepAlive = c.request->head.getKeepAlive();
        // Who is asking: the TCP peer, unless that is a trusted proxy.
        Request& request = *c.request;
        request.clientAddress =
            _proxies.clientOf(c.address, request.head.get("X-Forwarded-For", ""));
        request.secure = c.tls != nullptr ||
                         (_proxies.trusts(c.address) &&
                          Poco::icompare(request.head.get("X-Forwarded-Proto", ""), "https") == 0);
        if (result.bodyBytes > static_cast<std::size_t>(_limits.maxBodyBytes))
        {
            respondAndClose(c, 413, "The request body is too large.",
                            "request body over limits.max_body_bytes");
            return;
        }
        c.bodyLeft = result.bodyBytes;
        if (c.bodyLeft > 0)
        {
            c.state = Connection::State::Body;
            c.deadline = _now + _limits.bodyTimeoutMs;
            c.deadlineFor = "request body";
        }
        else
            dispatch(c);
    }
}

void EventLoop::dispatch(Connection& c)
{
    if (c.redirectTo != 0)
    {
        redirect(c, c.redirectTo);
        return;
    }
    if (c.refused)
    {
        c.keepAlive = false;
        if (c.request->path == "/healthz")
            respond(c, _service.route(c.request).response); // answered on the loop
        else
            respond(c, busy());
        return;
    }
    HttpService::Plan plan;
    try
    {
        plan = _service.route(c.request);
    }
    catch (const std::exception& e)
    {
        _logger.error("routing a request from %s failed: %s", c.address, std::string(e.what()));
        plan = HttpService::Plan::answer(_service.failure(500, "The request failed."));
    }
    catch (...)
    {
        _logger.error("routing a request from %s failed", c.address);
        plan = HttpService::Plan::answer(_service.failure(500, "The request failed."));
    }
    switch (plan.kind)
    {
    case HttpService::Plan::Kind::Answer:
        respond(c, plan.response);
        break;
    case HttpService::Plan::Kind::Work:
        // On TLS the loop encrypts and sends the answer (socket -1).
        if (_pool->submit({c.id, c.tls ? -1 : fdOf(c), c.headOnly, c.keepAlive && !c.peerClosed,
                           c.tls ? &hsts : nullptr},
                          std::move(plan.work)))
        {
            c.state = Connection::State::Working;
            c.atWorker = true;
            c.deadline = 0;
        }
        else
        {
            logLimit("request " + c.request->path + " from " + c.address +
                     " answered 503: all workers busy and " + std::to_string(_limits.workerQueue) +
                     " requests waiting (limits.worker_queue)");
            respond(c, busy());
        }
        break;
    case HttpService::Plan::Kind::Upgrade:
        upgrade(c, *plan.listener);
        break;
    }
}

void EventLoop::takeFinishedWork()
{
    _pool->takeDone(_finished);
    for (auto& done : _finished)
    {
        Connection* c = find(done.connection);
        if (!c)
            continue;
        c->atWorker = false;
        if (c->destroyWhenBack)
        {
            _doomed.push_back(c->id); // it died while the worker wrote
            continue;
        }
        if (c->state != Connection::State::Working)
            continue; // closed meanwhile
        if (done.failed)
        {
            closeConnection(*c, "connection lost (write failed)", 1006, "", true);
            continue;
        }
        enqueue(*c, std::move(done.unsent)); // what the socket did not take at once
        finishRequest(*c, done.keepAlive && !c->peerClosed);
        if (c->state == Connection::State::Head && c->out.empty() && !c->in.empty())
            process(*c); // a pipelined request, once the answer is out
    }
    _finished.clear();
}

// A worker reports a fully sent answer lazily, to save the loop a wake-up;
// but a client that already asked again must not wait for the next sweep.
bool EventLoop::waitingForWorkers()
{
    std::size_t kept = 0;
    for (ConnectionId id : _heldInput)
    {
        Connection* c = find(id);
        if (!c)
            continue;
        if (c->state == Connection::State::Working)
            _heldInput[kept++] = id;
        else
            c->inputHeld = false;
    }
    _heldInput.resize(kept);
    return kept > 0;
}

void EventLoop::respond(Connection& c, const Response& response)
{
    const bool keep = c.keepAlive && !response.close && !c.peerClosed;
    enqueue(c, response.serialize(c.headOnly, keep, c.tls ? &hsts : nullptr));
    finishRequest(c, keep);
}

// The plain-HTTP port beside an HTTPS one: the same address, on https.
void EventLoop::redirect(Connection& c, unsigned short httpsPort)
{
    std::string host = c.request->head.getHost();
    // Drop a port (not the colons of an IPv6 literal), then add the https one.
    const auto colon = host.rfind(':');
    if (colon != std::string::npos && host.find(']', colon) == std::string::npos)
        host.erase(colon);
    if (host.empty())
        host = "localhost";
    if (httpsPort != 443)
        host += ":" + std::to_string(httpsPort);
    Response moved(Poco::Net::HTTPResponse::HTTP_PERMANENT_REDIRECT);
    moved.head.setReason("Permanent Redirect"); // Poco 1.11 knows no reason for 308
    moved.head.set("Location", "https://" + host + c.request->head.getURI());
    moved.head.set("Content-Type", "text/plain; charset=utf-8");
    moved.body = "This server answers on https://" + host + "\n";
    c.keepAlive = false;
    respond(c, moved);
}

void EventLoop::finishRequest(Connection& c, bool keepAlive)
{
    c.request.reset();
    if (!keepAlive)
    {
        closeConnection(c, "answered");
        return;
    }
    c.state = Connection::State::Head;
    c.deadline = _now + _limits.idleTimeoutMs;
    c.deadlineFor = "keep-alive idle";
}

void EventLoop::respondAndClose(Connection& c, int status, const std::string& message,
                                const std::string& reason)
{
    logLimit((c.request ? c.request->path : std::string("request")) + " from " + c.address +
             ": answered " + std::to_string(status) + " and closed: " + reason);
    Response failure = _service.failure(status, message);
    c.keepAlive = false;
    c.headOnly = false;
    enqueue(c, failure.serialize(false, false));
    closeConnection(c, reason);
}

void EventLoop::upgrade(Connection& c, WebSocketListener& listener)
{
    enqueue(c, WebSocketHandshake::accept(c.request->head));
    c.state = Connection::State::Open;
    c.listener = &listener;
    c.deadline = 0;
    c.deadlineFor = "";
    // Spread the pings: members that join together are not all pinged together.
    static thread_local std::minstd_rand spread(static_cast<unsigned>(_now));
    c.nextPing =
        _now + _limits.pingIntervalMs +
        static_cast<std::int64_t>(spread() % static_cast<unsigned>(_limits.pingIntervalMs));
    listener.opened(c.id, *c.request);
    c.request.reset();
    processFrames(c);
}

} // namespace rolecall
