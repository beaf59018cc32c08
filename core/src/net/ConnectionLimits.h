#ifndef rolecall_ConnectionLimits_INCLUDED
#define rolecall_ConnectionLimits_INCLUDED

namespace rolecall
{

/// Every limit of the connection layer in one place (config section
/// [limits], plus server.threads and the [signaling] frame settings). Each
/// one, when it bites, answers the client clearly and is logged.
struct ConnectionLimits
{
    int maxConnections = 10000;         // all open connections, HTTP and /ws
    int maxConnectionsPerAddress = 256; // from one client address
    int headerTimeoutMs = 10000;        // request line and headers complete
    int bodyTimeoutMs = 10000;          // a request body complete
    int idleTimeoutMs = 30000;          // keep-alive with no request; a stalled write
    int frameTimeoutMs = 10000;         // a started WebSocket frame complete
    int maxHeaderBytes = 16 * 1024;     // request line and headers
    int maxBodyBytes = 64 * 1024;       // request body (read and discarded)
    int sendQueueBytes = 1024 * 1024;   // queued output of one WebSocket
    int workers = 8;                    // threads for slow request work
    int workerQueue = 256;              // requests waiting for a worker
    int maxMessageBytes = 64 * 1024;    // one WebSocket message
    int pingIntervalMs = 2000;          // 3 unanswered pings in a row: gone
};

} // namespace rolecall

#endif
