#ifndef rolecall_HttpService_INCLUDED
#define rolecall_HttpService_INCLUDED

#include "net/Request.h"
#include "net/Response.h"
#include <functional>
#include <memory>
#include <string>

namespace rolecall
{

class WebSocketListener;

/// What the event loop asks of the application for each complete request:
/// decide cheaply, on the loop thread, whether to answer now, hand slow work
/// to a worker, or upgrade to a WebSocket.
class HttpService
{
public:
    struct Plan
    {
        enum class Kind
        {
            Answer,
            Work,
            Upgrade
        };
        Kind kind = Kind::Answer;
        Response response;                     // Answer
        std::function<Response()> work;        // Work: runs on a worker thread
        WebSocketListener* listener = nullptr; // Upgrade

        static Plan answer(Response response);
        static Plan defer(std::function<Response()> work);
        static Plan upgrade(WebSocketListener& listener);
    };

    virtual ~HttpService() = default;

    /// Loop thread; must not block. A Work plan keeps the request it needs
    /// (shared, not copied).
    virtual Plan route(const std::shared_ptr<const Request>& request) = 0;

    /// An error answer the connection layer gives itself (bad request, time
    /// out, busy); loop thread.
    virtual Response failure(int status, const std::string& message) = 0;
};

} // namespace rolecall

#endif
