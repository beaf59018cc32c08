#ifndef rolecall_InstallLayout_INCLUDED
#define rolecall_InstallLayout_INCLUDED

#include <string>

namespace rolecall
{

/// Where a server finds its files when the config does not say: worked out
/// from the running binary's folder, never from a path compiled in, so an
/// installed or extracted tree works wherever it lies and from any working
/// folder.
///
/// - A build tree: CMake writes rolecall-build-tree.properties beside the
///   binary, naming the checkout's conf/, templates/, node_modules/ and var/.
/// - An installed tree (`cmake --install --prefix P`, or the .deb's /usr):
///   P/bin/rolecall, P/lib/rolecall/plugins, P/share/rolecall/{templates,vendor},
///   config in P/etc/rolecall and state in P/var/lib/rolecall; a prefix named
///   `usr` keeps those two beside it (/usr -> /etc, /var), as the FHS and
///   CMake's GNUInstallDirs do.
struct InstallLayout
{
    std::string configFile;
    std::string pluginDir;
    std::string templateDir;
    std::string vendorDir;
    std::string stateDir;

    /// The layout around a binary in `binaryDir`.
    static InstallLayout forBinary(const std::string& binaryDir);

    /// The installed layout under `prefix` (the binary's parent folder).
    static InstallLayout installed(const std::string& prefix);

    /// The file a build tree keeps beside its binary.
    static const char* const buildTreeFile;
};

} // namespace rolecall

#endif
