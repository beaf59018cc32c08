#include "http/StaticFileHandler.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/StreamCopier.h"
#include "Poco/StringTokenizer.h"
#include "config/Settings.h"
#include "http/Respond.h"
#include <map>

namespace rolecall
{
namespace
{

const std::map<std::string, std::string> vendorPackages = {
    {"bootstrap", "bootstrap/dist"},
    {"bootstrap-icons", "bootstrap-icons/font"},
    {"signalwire", "@signalwire/js/dist"},
};

const std::map<std::string, std::string> mediaTypes = {{"css", "text/css; charset=utf-8"},
                                                       {"js", "text/javascript; charset=utf-8"},
                                                       {"mjs", "text/javascript; charset=utf-8"},
                                                       {"map", "application/json"},
                                                       {"svg", "image/svg+xml"},
                                                       {"png", "image/png"},
                                                       {"ico", "image/x-icon"},
                                                       {"woff2", "font/woff2"},
                                                       {"woff", "font/woff"},
                                                       {"html", "text/html; charset=utf-8"},
                                                       {"txt", "text/plain; charset=utf-8"}};

} // namespace

StaticFileHandler::StaticFileHandler(const Settings& settings, const RoleSet& roles)
    : _settings(settings), _roles(roles)
{
}

std::string StaticFileHandler::resolve(const Settings& settings, const std::string& path)
{
    const std::string prefix = "/static/";
    if (path.compare(0, prefix.size(), prefix) != 0 || path.find('\\') != std::string::npos ||
        path.find('\0') != std::string::npos)
        return {};
    Poco::StringTokenizer segments(path.substr(prefix.size()), "/");
    std::vector<std::string> parts(segments.begin(), segments.end());
    for (const auto& s : parts)
        if (s.empty() || s[0] == '.')
            return {};
    if (parts.empty())
        return {};

    Poco::Path file;
    std::size_t first = 0;
    if (parts[0] == "vendor")
    {
        if (parts.size() < 3 || !vendorPackages.count(parts[1]))
            return {};
        file = Poco::Path(Poco::Path::forDirectory(settings.vendorDir));
        file.append(Poco::Path(vendorPackages.at(parts[1]), Poco::Path::PATH_UNIX).makeDirectory());
        first = 2;
    }
    else
    {
        file = Poco::Path(Poco::Path::forDirectory(settings.templateDir)).pushDirectory("static");
    }
    for (std::size_t i = first; i + 1 < parts.size(); ++i)
        file.pushDirectory(parts[i]);
    file.setFileName(parts.back());
    const Poco::File f(file);
    return f.exists() && f.isFile() ? file.toString() : std::string();
}

Response StaticFileHandler::handle(const std::string& path) const
{
    const std::string file = resolve(_settings, path);
    if (file.empty())
        return Respond::errorPage(Poco::Net::HTTPResponse::HTTP_NOT_FOUND, _roles.renderer(),
                                  "There is no file at this address.");
    const std::string ext = Poco::Path(file).getExtension();
    const auto type = mediaTypes.find(ext);
    Response response(Poco::Net::HTTPResponse::HTTP_OK);
    response.head.set("Content-Type",
                      type == mediaTypes.end() ? "application/octet-stream" : type->second);
    response.head.set("X-Content-Type-Options", "nosniff");
    response.head.set("Cache-Control", "public, max-age=300");
    response.head.set("Last-Modified",
                      Poco::DateTimeFormatter::format(Poco::File(file).getLastModified(),
                                                      Poco::DateTimeFormat::HTTP_FORMAT));
    Poco::FileInputStream in(file);
    Poco::StreamCopier::copyToString(in, response.body);
    return response;
}

} // namespace rolecall
