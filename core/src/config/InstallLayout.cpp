#include "config/InstallLayout.h"
#include "Poco/AutoPtr.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/Util/PropertyFileConfiguration.h"

namespace rolecall
{
namespace
{

std::string folder(Poco::Path base, std::initializer_list<const char*> parts)
{
    base.makeDirectory();
    for (const char* part : parts)
        base.pushDirectory(part);
    return base.toString();
}

} // namespace

const char* const InstallLayout::buildTreeFile = "rolecall-build-tree.properties";

InstallLayout InstallLayout::forBinary(const std::string& binaryDir)
{
    const Poco::Path bin = Poco::Path::forDirectory(binaryDir).absolute();
    const Poco::Path marker(bin, buildTreeFile);
    if (!Poco::File(marker).exists())
        return installed(Poco::Path(bin).popDirectory().toString());

    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> tree(
        new Poco::Util::PropertyFileConfiguration(marker.toString()));
    InstallLayout layout;
    layout.configFile = tree->getString("config");
    layout.pluginDir = folder(bin, {"plugins"});
    layout.templateDir = Poco::Path::forDirectory(tree->getString("template_dir")).toString();
    layout.vendorDir = Poco::Path::forDirectory(tree->getString("vendor_dir")).toString();
    layout.stateDir = Poco::Path::forDirectory(tree->getString("state_dir")).toString();
    return layout;
}

InstallLayout InstallLayout::installed(const std::string& prefixDir)
{
    const Poco::Path prefix = Poco::Path::forDirectory(prefixDir).absolute();
    // /usr keeps its config in /etc and its state in /var: the same rule
    // the install rules follow (core/CMakeLists.txt).
    Poco::Path root = prefix;
    if (prefix.depth() > 0 && prefix[prefix.depth() - 1] == "usr")
        root.popDirectory();
    InstallLayout layout;
    layout.configFile = Poco::Path(folder(root, {"etc", "rolecall"}), "rolecall.ini").toString();
    layout.pluginDir = folder(prefix, {"lib", "rolecall", "plugins"});
    layout.templateDir = folder(prefix, {"share", "rolecall", "templates"});
    layout.vendorDir = folder(prefix, {"share", "rolecall", "vendor"});
    layout.stateDir = folder(root, {"var", "lib", "rolecall"});
    return layout;
}

} // namespace rolecall
