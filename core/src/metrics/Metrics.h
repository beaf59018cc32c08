#ifndef rolecall_Metrics_INCLUDED
#define rolecall_Metrics_INCLUDED

#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace prometheus
{
class Registry;
class Counter;
class Gauge;
class Histogram;
template <typename T> class Family;
} // namespace prometheus

namespace rolecall
{

/// What operators watch, as Prometheus metrics (prometheus-cpp's core
/// library), served as text by GET /metrics. Every name starts `rolecall_`.
/// Label values are bounded: callers pass names from a fixed set (methods,
/// roles, results), and free text is cut to a short category and capped in
/// number, so a client cannot grow the registry. Thread-safe.
class Metrics
{
public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // Embedded rooms.
    void memberJoined(bool roomOpened);
    void memberLeft(const std::string& reason, bool roomClosed);
    void connectionClosed(const std::string& reason);
    void signalingMessage(const std::string& method, int code);

    // HTTP.
    void pageServed(const std::string& role, int status, double seconds);
    void loginFailed();
    void throttled(const std::string& what);

    // Operations.
    void reloaded(const std::string& result);
    void signalWireCall(const std::string& result, double seconds);

    /// The Prometheus text exposition format (version 0.0.4).
    std::string text() const;

    static const char* const contentType;

    /// "protocol error: bad opcode" -> "protocol error"; "silent (3 pings
    /// unanswered)" -> "silent": the words before any detail.
    static std::string category(const std::string& reason);

private:
    std::string bounded(const std::string& value);

    std::shared_ptr<prometheus::Registry> _registry;
    prometheus::Gauge& _rooms;
    prometheus::Gauge& _members;
    prometheus::Counter& _joins;
    prometheus::Family<prometheus::Counter>& _leaves;
    prometheus::Family<prometheus::Counter>& _closes;
    prometheus::Family<prometheus::Counter>& _messages;
    prometheus::Family<prometheus::Counter>& _pages;
    prometheus::Family<prometheus::Histogram>& _pageSeconds;
    prometheus::Counter& _loginFailures;
    prometheus::Family<prometheus::Counter>& _throttled;
    prometheus::Family<prometheus::Counter>& _reloads;
    prometheus::Family<prometheus::Counter>& _signalWireCalls;
    prometheus::Family<prometheus::Histogram>& _signalWireSeconds;

    static constexpr std::size_t maxFreeLabels = 64;
    std::mutex _mutex;
    std::set<std::string> _freeLabels; // free-text categories seen so far
};

} // namespace rolecall

#endif
