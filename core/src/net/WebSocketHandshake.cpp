#include "net/WebSocketHandshake.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/SHA1Engine.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include <sstream>

namespace rolecall
{
namespace WebSocketHandshake
{
namespace
{

bool hasToken(const std::string& list, const std::string& token)
{
    Poco::StringTokenizer items(
        list, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& item : items)
        if (Poco::icompare(item, token) == 0)
            return true;
    return false;
}

std::size_t decodedSize(const std::string& base64)
{
    std::istringstream in(base64);
    Poco::Base64Decoder decoder(in);
    std::string bytes;
    try
    {
        bytes.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
    }
    catch (const Poco::Exception&)
    {
        return 0;
    }
    return bytes.size();
}

} // namespace

bool missingUpgradeHeaders(const Poco::Net::HTTPRequest& request)
{
    return !request.has("Upgrade") && !request.has("Sec-WebSocket-Key");
}

std::string problem(const Poco::Net::HTTPRequest& request)
{
    if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_GET)
        return "a WebSocket upgrade must be a GET";
    if (!hasToken(request.get("Upgrade", ""), "websocket") ||
        !hasToken(request.get("Connection", ""), "upgrade"))
        return "/ws takes a WebSocket upgrade";
    if (request.get("Sec-WebSocket-Version", "") != "13")
        return "only WebSocket version 13 is spoken";
    if (decodedSize(request.get("Sec-WebSocket-Key", "")) != 16)
        return "Sec-WebSocket-Key is missing or malformed";
    return {};
}

std::string accept(const Poco::Net::HTTPRequest& request)
{
    Poco::SHA1Engine sha1;
    sha1.update(request.get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    const Poco::DigestEngine::Digest& digest = sha1.digest();
    std::ostringstream key;
    Poco::Base64Encoder encoder(key);
    encoder.write(reinterpret_cast<const char*>(digest.data()),
                  static_cast<std::streamsize>(digest.size()));
    encoder.close();
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: " +
           key.str() + "\r\n\r\n";
}

} // namespace WebSocketHandshake
} // namespace rolecall
