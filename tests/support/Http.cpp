#include "support/Http.h"
#include "Poco/Net/HTTPBasicCredentials.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/StreamCopier.h"

HttpReply httpGet(unsigned short port, const std::string& target,
                  const std::map<std::string, std::string>& headers, const std::string& method)
{
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
        request.set(name, value);
    session.sendRequest(request);
    HttpReply reply;
    std::istream& body = session.receiveResponse(reply.headers);
    reply.status = reply.headers.getStatus();
    if (method != "HEAD")
        Poco::StreamCopier::copyToString(body, reply.body);
    return reply;
}

std::map<std::string, std::string> basicAuth(const std::string& user, const std::string& password)
{
    Poco::Net::HTTPRequest request;
    Poco::Net::HTTPBasicCredentials(user, password).authenticate(request);
    return {{"Authorization", request.get("Authorization")}};
}

std::string pageConfigJson(const std::string& page)
{
    const std::string open = "<script type=\"application/json\" id=\"rolecall-config\">";
    const auto start = page.find(open);
    if (start == std::string::npos)
        return {};
    const auto end = page.find("</script>", start);
    return page.substr(start + open.size(), end - start - open.size());
}

std::string elementText(const std::string& page, const std::string& id)
{
    const std::string marker = "id=\"" + id + "\">";
    const auto start = page.find(marker);
    const auto open = page.rfind('<', start);
    if (start == std::string::npos || open == std::string::npos)
        return "<no element " + id + ">";
    const std::string tag = page.substr(open + 1, page.find_first_of(" >", open) - open - 1);
    const auto from = start + marker.size();
    return page.substr(from, page.find("</" + tag + ">", from) - from);
}
