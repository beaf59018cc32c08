#include "metrics/Metrics.h"
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace rolecall
{
namespace
{

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

const prometheus::Histogram::BucketBoundaries latencyBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

} // namespace

const char* const Metrics::contentType = "text/plain; version=0.0.4; charset=utf-8";

Metrics::Metrics()
    : _registry(std::make_shared<prometheus::Registry>()),
      _rooms(BuildGauge()
                 .Name("rolecall_rooms")
                 .Help("Embedded rooms open now")
                 .Register(*_registry)
                 .Add({})),
      _members(BuildGauge()
                   .Name("rolecall_members")
                   .Help("Members joined in embedded rooms now")
                   .Register(*_registry)
                   .Add({})),
      _joins(BuildCounter()
                 .Name("rolecall_joins_total")
                 .Help("Members that joined an embedded room")
                 .Register(*_registry)
                 .Add({})),
      _leaves(BuildCounter()
                  .Name("rolecall_leaves_total")
                  .Help("Members that left an embedded room, by reason")
                  .Register(*_registry)),
      _closes(BuildCounter()
                  .Name("rolecall_connection_closes_total")
                  .Help("Room connections closed, by reason")
                  .Register(*_registry)),
      _messages(BuildCounter()
                    .Name("rolecall_signaling_messages_total")
                    .Help("Signaling requests, by method and result code (200: success)")
                    .Register(*_registry)),
      _pages(BuildCounter()
                 .Name("rolecall_page_requests_total")
                 .Help("Role pages and token requests answered, by role and HTTP status")
                 .Register(*_registry)),
      _pageSeconds(BuildHistogram()
                       .Name("rolecall_page_request_seconds")
                       .Help("Time from a role page or token request to its answer, by role")
                       .Register(*_registry)),
      _loginFailures(BuildCounter()
                         .Name("rolecall_login_failures_total")
                         .Help("Logins refused for a wrong user name or password")
                         .Register(*_registry)
                         .Add({})),
      _throttled(BuildCounter()
                     .Name("rolecall_throttled_requests_total")
                     .Help("Requests refused by a limit (429/503), by limit")
                     .Register(*_registry)),
      _reloads(BuildCounter()
                   .Name("rolecall_reloads_total")
                   .Help("Configuration reloads, by result")
                   .Register(*_registry)),
      _signalWireCalls(BuildCounter()
                           .Name("rolecall_signalwire_calls_total")
                           .Help("Calls to SignalWire's REST API, by result")
                           .Register(*_registry)),
      _signalWireSeconds(BuildHistogram()
                             .Name("rolecall_signalwire_call_seconds")
                             .Help("Duration of calls to SignalWire's REST API")
                             .Register(*_registry))
{
}

Metrics::~Metrics() = default;

void Metrics::memberJoined(bool roomOpened)
{
    _joins.Increment();
    _members.Increment();
    if (roomOpened)
        _rooms.Increment();
}

void Metrics::memberLeft(const std::string& reason, bool roomClosed)
{
    _leaves.Add({{"reason", bounded(category(reason))}}).Increment();
    _members.Decrement();
    if (roomClosed)
        _rooms.Decrement();
}

void Metrics::connectionClosed(const std::string& reason)
{
    _closes.Add({{"reason", bounded(category(reason))}}).Increment();
}

void Metrics::signalingMessage(const std::string& method, int code)
{
    _messages.Add({{"method", method}, {"code", std::to_string(code)}}).Increment();
}

void Metrics::pageServed(const std::string& role, int status, double seconds)
{
    _pages.Add({{"role", role}, {"status", std::to_string(status)}}).Increment();
    _pageSeconds.Add({{"role", role}}, latencyBuckets).Observe(seconds);
}

void Metrics::loginFailed()
{
    _loginFailures.Increment();
}

void Metrics::throttled(const std::string& what)
{
    _throttled.Add({{"limit", what}}).Increment();
}

void Metrics::reloaded(const std::string& result)
{
    _reloads.Add({{"result", result}}).Increment();
}

void Metrics::signalWireCall(const std::string& result, double seconds)
{
    _signalWireCalls.Add({{"result", result}}).Increment();
    _signalWireSeconds.Add({}, latencyBuckets).Observe(seconds);
}

std::string Metrics::text() const
{
    return prometheus::TextSerializer().Serialize(_registry->Collect());
}

std::string Metrics::category(const std::string& reason)
{
    const std::size_t end = reason.find_first_of(":(");
    std::string words = reason.substr(0, end);
    while (!words.empty() && words.back() == ' ')
        words.pop_back();
    if (words.size() > 40)
        words.resize(40);
    return words.empty() ? "unknown" : words;
}

std::string Metrics::bounded(const std::string& value)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_freeLabels.count(value))
        return value;
    if (_freeLabels.size() >= maxFreeLabels)
        return "other";
    _freeLabels.insert(value);
    return value;
}

} // namespace rolecall
