// The edits behind bench/reload: against a running server, each edit adds a
// role on a new route and is timed from the write to that route's first 200
// (asked again and again on one keep-alive connection).
//
//   reload_edits CONFIG PORT PID TEMPLATE_DIR [EDITS]
//
// Three ways, EDITS each, in turns:
//   rename   the new config written beside and renamed over (the README's way)
//   inplace  the config rewritten in place (truncate, write, close)
//   sighup   reference: a template changed (not watched) and SIGHUP sent;
//            timed until a page shows the new template. The same reload work,
//            started by a signal instead of a file event.
// Prints "result NAME median_ms p90_ms max_ms" per way.
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/NumberParser.h"
#include "Poco/StreamCopier.h"
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace
{

using Clock = std::chrono::steady_clock;

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

class Prober
{
public:
    explicit Prober(unsigned short port) : _session("127.0.0.1", port)
    {
        _session.setKeepAlive(true);
    }

    // Status and body of GET target; a dropped connection is retried.
    std::pair<int, std::string> get(const std::string& target)
    {
        for (int attempt = 0;; ++attempt)
        {
            try
            {
                Poco::Net::HTTPRequest request("GET", target, "HTTP/1.1");
                _session.sendRequest(request);
                Poco::Net::HTTPResponse response;
                std::string body;
                Poco::StreamCopier::copyToString(_session.receiveResponse(response), body);
                return {response.getStatus(), body};
            }
            catch (const Poco::Exception&)
            {
                _session.reset();
                if (attempt == 3)
                    throw;
            }
        }
    }

    // Milliseconds from `start` until `ready` holds for GET target; fails after 10 s.
    double waitUntil(Clock::time_point start, const std::string& target,
                     bool (*ready)(const std::pair<int, std::string>&))
    {
        for (;;)
        {
            if (ready(get(target)))
                return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
            if (Clock::now() - start > std::chrono::seconds(10))
                throw std::runtime_error(target + " not ready 10 s after the edit");
        }
    }

private:
    Poco::Net::HTTPClientSession _session;
};

void report(const std::string& name, std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    std::printf("result %s %.2f %.2f %.2f\n", name.c_str(), ms[ms.size() / 2],
                ms[std::min(ms.size() - 1, ms.size() * 9 / 10)], ms.back());
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 5)
    {
        std::cerr << "usage: reload_edits CONFIG PORT PID TEMPLATE_DIR [EDITS]\n";
        return 2;
    }
    const std::string config = argv[1];
    const auto port = static_cast<unsigned short>(Poco::NumberParser::parse(argv[2]));
    const pid_t pid = Poco::NumberParser::parse(argv[3]);
    const std::string guestTemplate = std::string(argv[4]) + "/guest.html";
    const int edits = argc > 5 ? Poco::NumberParser::parse(argv[5]) : 20;
    const std::string base = slurp(config);
    const std::string originalTemplate = slurp(guestTemplate);
    Prober probe(port);
    std::map<std::string, std::vector<double>> times;
    std::string roles;
    auto served = [](const std::pair<int, std::string>& r) { return r.first == 200; };
    auto marked = [](const std::pair<int, std::string>& r)
    { return r.first == 200 && r.second.find("<!-- bench-reload-mark -->") != std::string::npos; };
    try
    {
        for (int i = 0; i < edits; ++i)
            for (const std::string way : {"rename", "inplace", "sighup"})
            {
                if (way == "sighup")
                {
                    std::ofstream(guestTemplate, std::ios::trunc)
                        << originalTemplate << "<!-- bench-reload-mark -->" << i << "\n";
                    const auto start = Clock::now();
                    ::kill(pid, SIGHUP);
                    times[way].push_back(probe.waitUntil(
                        start, "/guest?room=Bench&user=b" + std::to_string(i), marked));
                    std::ofstream(guestTemplate, std::ios::trunc) << originalTemplate;
                    ::kill(pid, SIGHUP); // back to the plain page before the next turn
                    probe.waitUntil(
                        Clock::now(), "/guest?room=Bench&user=b",
                        [](const std::pair<int, std::string>& r)
                        { return r.second.find("bench-reload-mark") == std::string::npos; });
                    continue;
                }
                const std::string route = "/" + way + std::to_string(i);
                roles += "[role." + way + std::to_string(i) +
                         "]\nplugin = guest\nroute = " + route + "\nauth = none\n";
                const std::string text = base + "\n" + roles;
                Clock::time_point start;
                if (way == "rename")
                {
                    std::ofstream(config + ".new", std::ios::trunc) << text;
                    start = Clock::now();
                    std::rename((config + ".new").c_str(), config.c_str());
                }
                else
                {
                    start = Clock::now();
                    std::ofstream(config, std::ios::trunc) << text;
                }
                times[way].push_back(probe.waitUntil(start, route, served));
            }
    }
    catch (const std::exception& e)
    {
        std::ofstream(guestTemplate, std::ios::trunc) << originalTemplate;
        std::cerr << "reload_edits: " << e.what() << "\n";
        return 1;
    }
    for (const auto& [way, ms] : times)
        report(way, ms);
    return 0;
}
