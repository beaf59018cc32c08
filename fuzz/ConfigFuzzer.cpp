// ConfigLoader (and ConfigFile under it) on arbitrary bytes, read once as an
// .ini file and once as a .properties file. Invariants: the loader either
// returns settings or throws ConfigError, nothing else; and every problem it
// reports names the file (what an admin needs to find it).
#include "FuzzCheck.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/Process.h"
#include "config/ConfigError.h"
#include "config/ConfigLoader.h"
#include <cstdint>
#include <cstdlib>
#include <fstream>

using namespace rolecall;

namespace
{

std::string dir;

// Files on tmpfs when there is one: each input is written twice.
void makeFolder()
{
    const char* base = Poco::File("/dev/shm").exists() ? "/dev/shm" : "/tmp";
    dir = std::string(base) + "/rolecall-fuzz-config-" + std::to_string(Poco::Process::id()) + "/";
    Poco::File(dir).createDirectories();
    std::atexit([] { Poco::File(dir).remove(true); });
}

void load(const ConfigLoader& loader, const std::string& path, const std::uint8_t* data,
          std::size_t size)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    try
    {
        const Settings settings = loader.load(path);
        FUZZ_CHECK(!settings.roles.empty());
    }
    catch (const ConfigError& e)
    {
        FUZZ_CHECK(!e.problems().empty());
        for (const auto& problem : e.problems())
            FUZZ_CHECK(problem.rfind(path, 0) == 0);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (dir.empty())
        makeFolder();
    static const ConfigLoader loader([](const std::string&)
                                     { return std::optional<std::string>(); },
                                     InstallLayout::installed(dir + "prefix"));
    load(loader, dir + "rolecall.ini", data, size);
    load(loader, dir + "rolecall.properties", data, size);
    return 0;
}
