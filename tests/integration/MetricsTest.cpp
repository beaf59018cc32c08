// GET /metrics: Prometheus text that parses, counters that move with what
// happens, and only for the addresses metrics.allow names.
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/TestConfig.h"
#include "support/WsClient.h"
#include <cppunit/extensions/HelperMacros.h>
#include <csignal>
#include <map>
#include <regex>
#include <sstream>

namespace
{

/// One sample per series, keyed "name{a=\"x\",b=\"y\"}" with labels sorted.
using Samples = std::map<std::string, double>;

std::string series(const std::string& name, const std::map<std::string, std::string>& labels = {})
{
    std::string key = name;
    if (!labels.empty())
    {
        key += "{";
        for (const auto& [k, v] : labels)
            key += (key.back() == '{' ? "" : ",") + k + "=\"" + v + "\"";
        key += "}";
    }
    return key;
}

/// Parses the text exposition format strictly: every line a HELP or TYPE
/// comment or a sample of a declared family named rolecall_*; throws otherwise.
Samples parse(const std::string& text)
{
    static const std::regex help(R"(^# HELP (rolecall_[a-z_]+) .+$)");
    static const std::regex type(R"(^# TYPE (rolecall_[a-z_]+) (counter|gauge|histogram)$)");
    static const std::regex sample(
        R"(^(rolecall_[a-z_]+)(\{([a-z_]+="(?:[^"\\]|\\.)*")(,[a-z_]+="(?:[^"\\]|\\.)*")*\})? (-?[0-9.e+-]+|\+Inf|NaN)$)");
    static const std::regex label(R"(([a-z_]+)="((?:[^"\\]|\\.)*)\")");
    Samples samples;
    std::map<std::string, std::string> types;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        std::smatch m;
        if (std::regex_match(line, m, help))
            continue;
        if (std::regex_match(line, m, type))
        {
            types[m[1]] = m[2];
            continue;
        }
        if (!std::regex_match(line, m, sample))
            throw std::runtime_error("not Prometheus text: '" + line + "'");
        std::string family = m[1];
        for (const char* suffix : {"_bucket", "_sum", "_count"})
        {
            const std::string s = suffix;
            if (!types.count(family) && family.size() > s.size() &&
                family.compare(family.size() - s.size(), s.size(), s) == 0)
                family.resize(family.size() - s.size());
        }
        if (!types.count(family))
            throw std::runtime_error("sample of an undeclared family: '" + line + "'");
        std::map<std::string, std::string> labels;
        const std::string labelText = m[2];
        for (std::sregex_iterator i(labelText.begin(), labelText.end(), label), end; i != end; ++i)
            labels[(*i)[1]] = (*i)[2];
        samples[series(m[1], labels)] = std::stod(m[m.size() - 1]);
    }
    return samples;
}

Samples scrape(unsigned short port)
{
    const HttpReply reply = httpGet(port, "/metrics");
    CPPUNIT_ASSERT_EQUAL(200, reply.status);
    CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4; charset=utf-8"),
                         reply.headers.getContentType());
    return parse(reply.body);
}

double value(const Samples& samples, const std::string& key)
{
    auto found = samples.find(key);
    return found == samples.end() ? 0 : found->second;
}

} // namespace

class MetricsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MetricsTest);
    CPPUNIT_TEST(pagesAreCountedByRoleAndStatus);
    CPPUNIT_TEST(roomsMembersAndMessagesAreCounted);
    CPPUNIT_TEST(limitsThatBiteAreCounted);
    CPPUNIT_TEST(reloadsAreCountedByResult);
    CPPUNIT_TEST(onlyAllowedAddressesMayRead);
    CPPUNIT_TEST(emptyAllowListTurnsTheEndpointOff);
    CPPUNIT_TEST(badAllowListIsRefusedWithFileAndLine);
    CPPUNIT_TEST_SUITE_END();

public:
    void pagesAreCountedByRoleAndStatus()
    {
        ConfiguredServer server;
        const std::string guest200 =
            series("rolecall_page_requests_total", {{"role", "guest"}, {"status", "200"}});
        const std::string guest400 =
            series("rolecall_page_requests_total", {{"role", "guest"}, {"status", "400"}});
        const std::string timed =
            series("rolecall_page_request_seconds_count", {{"role", "guest"}});
        const Samples before = scrape(server.port());
        CPPUNIT_ASSERT_EQUAL(200, httpGet(server.port(), "/guest?room=Metrics&user=Ann").status);
        CPPUNIT_ASSERT_EQUAL(200, httpGet(server.port(), "/api/token?role=guest&room=M").status);
        CPPUNIT_ASSERT_EQUAL(400, httpGet(server.port(), "/guest?room=no%20spaces").status);
        const Samples after = scrape(server.port());
        CPPUNIT_ASSERT_EQUAL(value(before, guest200) + 2, value(after, guest200));
        CPPUNIT_ASSERT_EQUAL(value(before, guest400) + 1, value(after, guest400));
        CPPUNIT_ASSERT_EQUAL(value(before, timed) + 3, value(after, timed));
        CPPUNIT_ASSERT(
            value(after, series("rolecall_page_request_seconds_sum", {{"role", "guest"}})) > 0);
    }

    void roomsMembersAndMessagesAreCounted()
    {
        ConfiguredServer server;
        const unsigned short port = server.port();
        const std::string muted = series("rolecall_signaling_messages_total",
                                         {{"code", "200"}, {"method", "member.audio_mute"}});
        const std::string unknown =
            series("rolecall_signaling_messages_total", {{"code", "400"}, {"method", "unknown"}});
        {
            WsClient ann(port), bob(port);
            ann.join(roomToken("Counted", "Ann"));
            bob.join(roomToken("Counted", "Bob"));
            CPPUNIT_ASSERT(
                WsClient::errorCode(ann.reply(ann.request("member.audio_mute"))).empty());
            CPPUNIT_ASSERT_EQUAL(std::string("400"),
                                 WsClient::errorCode(ann.reply(ann.request("room.fly"))));
            const Samples during = scrape(port);
            CPPUNIT_ASSERT_EQUAL(1.0, value(during, series("rolecall_rooms")));
            CPPUNIT_ASSERT_EQUAL(2.0, value(during, series("rolecall_members")));
            CPPUNIT_ASSERT_EQUAL(2.0, value(during, series("rolecall_joins_total")));
            CPPUNIT_ASSERT_EQUAL(1.0, value(during, muted));
            CPPUNIT_ASSERT_EQUAL(1.0, value(during, unknown));
            CPPUNIT_ASSERT_EQUAL(2.0,
                                 value(during, series("rolecall_signaling_messages_total",
                                                      {{"code", "200"}, {"method", "room.join"}})));
            bob.reply(bob.request("room.leave"));
            ann.next("member.left");
            ann.cut();
        }
        // Ann's cut connection is noticed by the server; wait for its log line.
        CPPUNIT_ASSERT(!server.logLine({"Ann", "closed"}).empty());
        const Samples after = scrape(port);
        CPPUNIT_ASSERT_EQUAL(0.0, value(after, series("rolecall_rooms")));
        CPPUNIT_ASSERT_EQUAL(0.0, value(after, series("rolecall_members")));
        CPPUNIT_ASSERT_EQUAL(1.0,
                             value(after, series("rolecall_leaves_total", {{"reason", "left"}})));
        CPPUNIT_ASSERT_EQUAL(
            1.0, value(after, series("rolecall_leaves_total", {{"reason", "disconnected"}})));
        CPPUNIT_ASSERT_EQUAL(
            1.0, value(after, series("rolecall_connection_closes_total", {{"reason", "left"}})));
    }

    void limitsThatBiteAreCounted()
    {
        ConfiguredServer server;
        const std::string tooLarge =
            series("rolecall_throttled_requests_total", {{"limit", "request_too_large"}});
        CPPUNIT_ASSERT_EQUAL(0.0, value(scrape(server.port()), tooLarge));
        const HttpReply big =
            httpGet(server.port(), "/guest", {{"X-Padding", std::string(20000, 'x')}});
        CPPUNIT_ASSERT_EQUAL(431, big.status);
        CPPUNIT_ASSERT_EQUAL(1.0, value(scrape(server.port()), tooLarge));

        // Wrong passwords: each a login failure; past the free ones, throttled.
        for (int i = 0; i < 7; ++i)
            httpGet(server.port(), "/", basicAuth(moderatorUser, "wrong"));
        const Samples after = scrape(server.port());
        CPPUNIT_ASSERT_EQUAL(5.0, value(after, series("rolecall_login_failures_total")));
        CPPUNIT_ASSERT_EQUAL(
            2.0, value(after, series("rolecall_throttled_requests_total", {{"limit", "login"}})));
    }

    void reloadsAreCountedByResult()
    {
        ConfiguredServer server;
        const std::string unchanged = series("rolecall_reloads_total", {{"result", "unchanged"}});
        CPPUNIT_ASSERT_EQUAL(0.0, value(scrape(server.port()), unchanged));
        server.process().signal(SIGHUP);
        CPPUNIT_ASSERT(!server.logLine({"nothing to reload"}).empty());
        CPPUNIT_ASSERT_EQUAL(1.0, value(scrape(server.port()), unchanged));
    }

    void onlyAllowedAddressesMayRead()
    {
        ConfiguredServer server("[metrics]\nallow = 10.0.0.0/8\n", "trusted_proxies = 127.0.0.1\n");
        const HttpReply refused = httpGet(server.port(), "/metrics");
        CPPUNIT_ASSERT_EQUAL(403, refused.status);
        CPPUNIT_ASSERT(refused.body.find("rolecall_") == std::string::npos);
        CPPUNIT_ASSERT(!server.logLine({"refused GET /metrics from 127.0.0.1"}).empty());
        // The same request as a trusted proxy passes it on from an allowed client.
        const HttpReply allowed =
            httpGet(server.port(), "/metrics", {{"X-Forwarded-For", "10.1.2.3"}});
        CPPUNIT_ASSERT_EQUAL(200, allowed.status);
        parse(allowed.body);
    }

    void emptyAllowListTurnsTheEndpointOff()
    {
        ConfiguredServer server("[metrics]\nallow =\n");
        CPPUNIT_ASSERT_EQUAL(404, httpGet(server.port(), "/metrics").status);
    }

    void badAllowListIsRefusedWithFileAndLine()
    {
        const std::string why = ConfiguredServer::refusal("[metrics]\nallow = 10.0.0.0/33\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find("rolecall.ini:") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(why, why.find("metrics.allow: '10.0.0.0/33'") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MetricsTest);
