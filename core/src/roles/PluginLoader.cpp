#include "roles/PluginLoader.h"
#include "Poco/DigestEngine.h"
#include "Poco/DirectoryIterator.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/SHA2Engine.h"
#include "Poco/StreamCopier.h"
#include "rolecall/PluginExport.h"
#include "util/Exceptions.h"
#include <cstdio>
#include <sys/stat.h>

namespace rolecall
{
namespace
{

using AbiFunction = int (*)();
using TextFunction = const char* (*)();
using BuildManifestFunction = bool (*)(Poco::ManifestBase*);

std::string readFile(const std::string& path)
{
    try
    {
        Poco::FileInputStream in(path);
        std::string content;
        Poco::StreamCopier::copyToString(in, content);
        return content;
    }
    catch (const Poco::Exception& e)
    {
        throw PluginError(path + ": cannot be read (" + e.message() + ")");
    }
}

std::string text(Poco::SharedLibrary& library, const char* symbol)
{
    const char* value = reinterpret_cast<TextFunction>(library.getSymbol(symbol))();
    return value ? value : "";
}

// Checks the stamps before anything else in the library (its manifest
// included) is trusted; returns the class the manifest must hold.
std::string checkStamps(Poco::SharedLibrary& library, const std::string& path)
{
    if (!library.hasSymbol(ROLECALL_ABI_SYMBOL) || !library.hasSymbol(ROLECALL_CLASS_SYMBOL))
        throw PluginError(path + ": not a rolecall role plugin (no ROLECALL_EXPORT_ROLE stamp)");
    const int abi = reinterpret_cast<AbiFunction>(library.getSymbol(ROLECALL_ABI_SYMBOL))();
    if (abi != ROLECALL_ABI_VERSION)
        throw PluginError(path + ": built for plugin ABI " + std::to_string(abi) +
                          ", this server needs ABI " + std::to_string(ROLECALL_ABI_VERSION) +
                          " (rebuild the plugin against this server's SDK)");
    if (!library.hasSymbol(ROLECALL_STAMP_SYMBOL))
        throw PluginError(path + ": has no build stamp (rebuild the plugin against this "
                                 "server's SDK)");
    const std::string stamp = text(library, ROLECALL_STAMP_SYMBOL);
    if (stamp != buildStamp())
        throw PluginError(path + ": built with " + stamp + ", this server with " + buildStamp() +
                          " (rebuild the plugin with the same compiler and Poco)");
    return text(library, ROLECALL_CLASS_SYMBOL);
}

} // namespace

PluginLoader::PluginLoader(std::string copyFolder) : _copyFolder(std::move(copyFolder))
{
    if (_copyFolder.empty())
        return;
    Poco::File folder(_copyFolder);
    folder.createDirectories();
    ::chmod(_copyFolder.c_str(), 0700);
    // Copies from an earlier run: nothing maps them any more.
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it)
        if (it->isFile())
            it->remove();
}

PluginLoader::~PluginLoader() = default;

std::string PluginLoader::pluginPath(const std::string& dir, const std::string& name)
{
    return Poco::Path(Poco::Path::forDirectory(dir), name + Poco::SharedLibrary::suffix())
        .toString();
}

std::string PluginLoader::privateCopy(const std::string& path, const std::string& content,
                                      const std::string& digest) const
{
    const std::string name =
        Poco::Path(path).getBaseName() + "-" + digest.substr(0, 24) + Poco::SharedLibrary::suffix();
    const std::string copy = Poco::Path(Poco::Path::forDirectory(_copyFolder), name).toString();
    if (Poco::File(copy).exists())
        return copy; // the same content, written whole by an earlier load
    const std::string temp = copy + ".part";
    {
        Poco::FileOutputStream out(temp);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out.good())
            throw PluginError(path + ": cannot copy it to " + _copyFolder);
    }
    ::chmod(temp.c_str(), 0500);
    if (std::rename(temp.c_str(), copy.c_str()) != 0)
        throw PluginError(path + ": cannot copy it to " + _copyFolder);
    return copy;
}

PluginLoader::Library& PluginLoader::open(const std::string& path, const std::string& mapped)
{
    auto found = _libraries.find(mapped);
    if (found != _libraries.end())
        return *found->second;
    auto lib = std::make_unique<Library>();
    try
    {
        lib->library.load(mapped, Poco::SharedLibrary::SHLIB_LOCAL);
    }
    catch (const Poco::Exception& e)
    {
        throw PluginError(path + ": cannot be loaded as a shared library (" + e.message() + ")");
    }
    try
    {
        lib->className = checkStamps(lib->library, path);
        if (!lib->library.hasSymbol("pocoBuildManifest"))
            throw PluginError(path + ": has no class manifest");
        auto build =
            reinterpret_cast<BuildManifestFunction>(lib->library.getSymbol("pocoBuildManifest"));
        if (!build(&lib->manifest))
            throw PluginError(path + ": its manifest is not one of rolecall::RolePlugin");
    }
    catch (...)
    {
        lib->library.unload();
        throw;
    }
    return *_libraries.emplace(mapped, std::move(lib)).first->second;
}

PluginLoader::Loaded PluginLoader::create(const std::string& path)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (!Poco::File(path).exists())
        throw PluginError(path + ": plugin file not found");
    const std::string content = readFile(path);
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(content.data(), static_cast<unsigned>(content.size()));
    const std::string digest = Poco::DigestEngine::digestToHex(sha.digest());
    const std::string mapped = _copyFolder.empty() ? path : privateCopy(path, content, digest);

    Library& lib = open(path, mapped);
    const auto meta = lib.manifest.find(lib.className);
    if (meta == lib.manifest.end())
        throw PluginError(path + ": manifest does not export the plugin class '" + lib.className +
                          "'");
    RolePlugin* plugin = nullptr;
    try
    {
        plugin = (*meta)->create();
    }
    catch (const std::exception& e)
    {
        throw PluginError(path + ": its constructor threw: " + e.what());
    }
    catch (...)
    {
        throw PluginError(path + ": its constructor threw");
    }
    return {std::shared_ptr<RolePlugin>(plugin), digest};
}

} // namespace rolecall
