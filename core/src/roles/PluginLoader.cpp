#include "roles/PluginLoader.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/SharedLibrary.h"
#include "rolecall/PluginExport.h"
#include "roles/PluginError.h"
#ifdef ROLECALL_KEEP_PLUGINS_MAPPED
#include <dlfcn.h>
#endif

namespace rolecall
{
namespace
{

using AbiFunction = int (*)();
using ClassFunction = const char* (*)();

// Reads the stamp through a handle of its own, so that nothing in the library
// (its manifest included) is trusted before the ABI version has matched.
std::string readStamp(const std::string& path)
{
    Poco::SharedLibrary library;
    try
    {
        library.load(path);
    }
    catch (const Poco::Exception& e)
    {
        throw PluginError(path + ": cannot be loaded as a shared library (" + e.message() + ")");
    }
    if (!library.hasSymbol(ROLECALL_ABI_SYMBOL) || !library.hasSymbol(ROLECALL_CLASS_SYMBOL))
    {
        library.unload();
        throw PluginError(path + ": not a rolecall role plugin (no ROLECALL_EXPORT_ROLE stamp)");
    }
    const int abi = reinterpret_cast<AbiFunction>(library.getSymbol(ROLECALL_ABI_SYMBOL))();
    const char* cls = reinterpret_cast<ClassFunction>(library.getSymbol(ROLECALL_CLASS_SYMBOL))();
    std::string className = cls ? cls : "";
    library.unload();
    if (abi != ROLECALL_ABI_VERSION)
        throw PluginError(path + ": built for plugin ABI " + std::to_string(abi) +
                          ", this server needs ABI " + std::to_string(ROLECALL_ABI_VERSION) +
                          " (rebuild the plugin against this server's SDK)");
    return className;
}

} // namespace

std::string PluginLoader::pluginPath(const std::string& dir, const std::string& name)
{
    return Poco::Path(Poco::Path::forDirectory(dir), name + Poco::SharedLibrary::suffix())
        .toString();
}

std::shared_ptr<const RolePlugin> PluginLoader::create(const std::string& path)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (!Poco::File(path).exists())
        throw PluginError(path + ": plugin file not found");
    const std::string className = readStamp(path);
    try
    {
        _classLoader.loadLibrary(path);
    }
    catch (const Poco::Exception& e)
    {
        throw PluginError(path + ": " + e.displayText());
    }
#ifdef ROLECALL_KEEP_PLUGINS_MAPPED
    // Sanitized builds only: LeakSanitizer symbolizes its report at exit,
    // after the ClassLoader has unloaded the plugins, and frames in an
    // unmapped library print as "<unknown module>". A second reference with
    // RTLD_NODELETE keeps the library mapped (and its frames named) to the end.
    ::dlopen(path.c_str(), RTLD_NOW | RTLD_NODELETE);
#endif
    const auto* manifest = _classLoader.findManifest(path);
    if (!manifest || manifest->find(className) == manifest->end())
        throw PluginError(path + ": manifest does not export the plugin class '" + className + "'");
    return std::shared_ptr<const RolePlugin>(_classLoader.create(className));
}

} // namespace rolecall
