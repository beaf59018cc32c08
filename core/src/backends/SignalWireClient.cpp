#include "backends/SignalWireClient.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JSON/Stringifier.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPSClientSession.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/RejectCertificateHandler.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/StreamCopier.h"
#include "metrics/Metrics.h"
#include "util/Exceptions.h"
#include <chrono>
#include <mutex>
#include <sstream>

namespace rolecall
{
namespace
{

// Once per process and never undone: Poco 1.11's SSL set-up and teardown race
// when repeated (pocoproject/poco#1739). A certificate that fails
// verification is rejected, never handed to Poco's console prompt.
void initializeTls()
{
    static std::once_flag once;
    std::call_once(once,
                   []
                   {
                       Poco::Net::initializeSSL();
                       Poco::Net::SSLManager::instance().initializeClient(
                           nullptr, new Poco::Net::RejectCertificateHandler(false), nullptr);
                   });
}

} // namespace

SignalWireClient::SignalWireClient(const SignalWireSettings& settings)
    : _settings(settings),
      _base(settings.baseUrl.empty() ? "https://" + settings.space : settings.baseUrl)
{
    initializeTls();
    const bool systemStore = settings.caFile.empty();
    _tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, settings.caFile,
                                  Poco::Net::Context::VERIFY_RELAXED, 9, systemStore);
    const Poco::Timespan timeout(0, settings.timeoutMs * 1000LL);
    _pool = std::make_unique<HttpsConnectionPool>(
        _base.getHost(), _base.getPort(), _tls, static_cast<std::size_t>(settings.poolSize),
        Poco::Timespan(0, settings.poolIdleMs * 1000LL), timeout);
}

SignalWireClient::Raw SignalWireClient::exchange(Poco::Net::HTTPSClientSession& session,
                                                 const std::string& method, const std::string& path,
                                                 const std::string& payload) const
{
    Poco::Net::HTTPRequest request(method, _base.getPath() + path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTTPBasicCredentials(_settings.projectKey, _settings.token).authenticate(request);
    request.set("Accept", "application/json");
    if (method != Poco::Net::HTTPRequest::HTTP_GET)
    {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(payload.size()));
    }
    session.sendRequest(request) << payload;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Raw raw;
    // Read to the end, so the connection is ready for its next request.
    Poco::StreamCopier::copyToString(in, raw.text);
    raw.status = response.getStatus();
    return raw;
}

SignalWireClient::Reply SignalWireClient::call(const std::string& method, const std::string& path,
                                               const Poco::JSON::Object::Ptr& body,
                                               Repeat repeat) const
{
    const auto start = std::chrono::steady_clock::now();
    const auto seconds = [&]
    { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    try
    {
        Reply reply = callOnce(method, path, body, repeat);
        if (_metrics)
            _metrics->signalWireCall(std::to_string(reply.status), seconds());
        return reply;
    }
    catch (const BackendError& e)
    {
        // 504: no answer in time; 502: unreachable or unreadable; else SignalWire's status.
        if (_metrics)
            _metrics->signalWireCall("failed_" + std::to_string(e.code()), seconds());
        throw;
    }
}

SignalWireClient::Reply SignalWireClient::callOnce(const std::string& method,
                                                   const std::string& path,
                                                   const Poco::JSON::Object::Ptr& body,
                                                   Repeat repeat) const
{
    const std::string where = _base.getHost();
    std::string payload;
    if (body)
    {
        std::ostringstream out;
        Poco::JSON::Stringifier::condense(body, out);
        payload = out.str();
    }
    const bool repeatable = method == Poco::Net::HTTPRequest::HTTP_GET || repeat == Repeat::Safe;
    Raw raw;
    for (auto lease = _pool->take();;)
    {
        try
        {
            raw = exchange(*lease.session, method, path, payload);
            _pool->give(std::move(lease));
            break;
        }
        catch (const Poco::TimeoutException&)
        {
            // Never repeated: the server may still be working on it.
            throw BackendError("SignalWire (" + where + ") did not answer within " +
                                   std::to_string(_settings.timeoutMs / 1000.0).substr(0, 4) + " s",
                               504);
        }
        catch (const Poco::Exception& e)
        {
            // A kept-alive connection the server has closed in the meantime.
            if (lease.reused && repeatable)
            {
                lease = _pool->fresh();
                continue;
            }
            throw BackendError("cannot reach SignalWire at " + where + ": " + e.displayText(), 502);
        }
    }

    Reply reply;
    reply.status = raw.status;
    const std::string& text = raw.text;
    if (reply.status == 401 || reply.status == 403)
        throw BackendError("SignalWire rejected the project credentials (check "
                           "SIGNALWIRE_PROJECT_KEY and SIGNALWIRE_TOKEN)",
                           502);
    if (reply.status >= 500)
        throw BackendError("SignalWire failed with HTTP " + std::to_string(reply.status), 502);
    const bool expected =
        (reply.status >= 200 && reply.status < 300) || reply.status == 404 || reply.status == 422;
    if (!expected)
        throw BackendError("SignalWire answered HTTP " + std::to_string(reply.status), 502);
    if (!text.empty())
    {
        try
        {
            reply.body = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        }
        catch (const Poco::Exception&)
        {
            throw BackendError("SignalWire's answer was not valid JSON", 502);
        }
    }
    return reply;
}

std::string SignalWireClient::validationMessage(const Reply& reply)
{
    std::string messages;
    auto errors = reply.body ? reply.body->getArray("errors") : nullptr;
    for (std::size_t i = 0; errors && i < errors->size(); ++i)
    {
        auto error = errors->getObject(i);
        if (error && error->has("message"))
            messages += (messages.empty() ? "" : "; ") + error->getValue<std::string>("message");
    }
    return "SignalWire refused the request: " + (messages.empty() ? "validation failed" : messages);
}

} // namespace rolecall
