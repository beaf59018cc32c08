// Starting the binary (and --check-config) with configs and plugins that are
// wrong: it refuses to start, names the file and line or plugin file at fault,
// and never listens half-configured.
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Pipe.h"
#include "Poco/PipeStream.h"
#include "Poco/Process.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>
#include <memory>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace
{

/// A loopback port held (bound, not listening) for as long as this lives, so
/// no other process can take it: bound with SO_REUSEPORT, as the server binds
/// its own, so the server could still listen on it if it wrongly did, and a
/// connection would then reach the server. (Ports picked for port 0 never
/// share one bound with SO_REUSEPORT.)
class HeldPort
{
public:
    HeldPort() : _fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
    {
        const int on = 1;
        ::setsockopt(_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        ::setsockopt(_fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        if (::bind(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::getsockname(_fd, reinterpret_cast<sockaddr*>(&address), &size) != 0)
            throw std::runtime_error("cannot hold a loopback port");
        _port = ntohs(address.sin_port);
    }
    ~HeldPort() { ::close(_fd); }
    HeldPort(const HeldPort&) = delete;
    HeldPort& operator=(const HeldPort&) = delete;

    unsigned short port() const { return _port; }

private:
    int _fd;
    unsigned short _port = 0;
};

bool listening(unsigned short port)
{
    try
    {
        Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
        return true;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

struct Outcome
{
    int exitCode; // -1: still running after 10 s, and killed
    std::string out;
    std::string err;
    bool listened; // `watchPort` accepted a connection while it ran
};

/// ServerProcess::run, but bounded (a binary that wrongly starts serving is
/// killed after 10 s), and watching whether anything listens on `watchPort`.
/// Polls with tryWait(): Poco 1.11's Process::isRunning() is true for a child
/// that has exited but is not reaped yet.
Outcome runRolecall(const std::vector<std::string>& args, unsigned short watchPort = 0)
{
    Poco::Pipe out, err;
    Poco::ProcessHandle handle =
        Poco::Process::launch(ROLECALL_BINARY, args, "/tmp", nullptr, &out, &err);
    Outcome outcome{-1, "", "", false};
    Poco::Timestamp started;
    while ((outcome.exitCode = handle.tryWait()) == -1 && started.elapsed() < 10 * 1000 * 1000)
    {
        if (watchPort && listening(watchPort))
            outcome.listened = true;
        Poco::Thread::sleep(20);
    }
    if (outcome.exitCode == -1)
    {
        Poco::Process::kill(handle);
        handle.wait();
    }
    Poco::PipeInputStream outStream(out), errStream(err);
    Poco::StreamCopier::copyToString(outStream, outcome.out);
    Poco::StreamCopier::copyToString(errStream, outcome.err);
    return outcome;
}

/// 1-based number of the line of `text` holding `needle`.
int lineOf(const std::string& text, const std::string& needle)
{
    const auto at = text.find(needle);
    if (at == std::string::npos)
        throw std::logic_error("config has no line '" + needle + "'");
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

const std::string guestRole =
    "[role.guest]\nplugin = guest\nroute = /guest\nlabel = Regular User\nauth = none\n";

} // namespace

class StartupTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(StartupTest);
    CPPUNIT_TEST(unknownPermissionIsRefusedAtItsLine);
    CPPUNIT_TEST(checkConfigRefusesUnknownPermissionAtItsLine);
    CPPUNIT_TEST(twoRolesOnOneRouteAreRefused);
    CPPUNIT_TEST(missingPluginIsRefusedNamingItsFile);
    CPPUNIT_TEST(routeThatIsNotAPathIsRefusedAtItsLine);
    CPPUNIT_TEST(roleWithoutAuthIsRefusedAtItsLine);
    CPPUNIT_TEST(unknownKeyIsRefusedAtItsLine);
    CPPUNIT_TEST(checkConfigOnGoodConfigPrintsRoleTable);
    CPPUNIT_TEST(pluginWithWrongAbiIsRefused);
    CPPUNIT_TEST(libraryWithoutStampIsRefused);
    CPPUNIT_TEST(pluginWithoutDeclaredClassIsRefused);
    CPPUNIT_TEST(pluginWithUnknownPermissionIsRefused);
    CPPUNIT_TEST(failedStartLeavesNothingListening);
    CPPUNIT_TEST_SUITE_END();

public:
    // Made per test, not as a plain member: CppUnit builds every fixture of
    // every suite up front and never destroys those of suites it does not run.
    void setUp() override { _dir = std::make_unique<TempDir>(); }
    void tearDown() override { _dir.reset(); }

    void unknownPermissionIsRefusedAtItsLine()
    {
        const std::string roles = guestRole + "permissions = room.self.audio_mute, room.self.fly\n";
        const auto [path, text] = writeConfig(roles);
        const auto result = runRolecall({"--config=" + path});
        expectRefusal(result, path + ":" + std::to_string(lineOf(text, "room.self.fly")));
        expectRefusal(result, "room.self.fly");
    }

    void checkConfigRefusesUnknownPermissionAtItsLine()
    {
        const std::string roles = guestRole + "permissions = room.self.fly, room.self.audio_mute\n";
        const auto [path, text] = writeConfig(roles);
        const auto result = runRolecall({"--config=" + path, "--check-config"});
        expectRefusal(result, path + ":" + std::to_string(lineOf(text, "room.self.fly")));
        expectRefusal(result, "room.self.fly");
    }

    void twoRolesOnOneRouteAreRefused()
    {
        const std::string roles =
            guestRole +
            "\n[role.visitor]\nplugin = guest\nroute = /guest\nlabel = Visitor\nauth = none\n";
        const auto [path, text] = writeConfig(roles);
        const auto result = runRolecall({"--config=" + path});
        expectRefusal(result, "'/guest'");
        expectRefusal(result, "'guest'");
        expectRefusal(result, "'visitor'");
    }

    void missingPluginIsRefusedNamingItsFile()
    {
        const auto [path, text] = writeConfig("[role.ghost]\nplugin = nosuchplugin\nauth = none\n");
        const auto result = runRolecall({"--config=" + path});
        expectRefusal(result, std::string(PLUGIN_DIR) + "/nosuchplugin.so");
        expectRefusal(result, path + ":" + std::to_string(lineOf(text, "nosuchplugin")));
    }

    void routeThatIsNotAPathIsRefusedAtItsLine()
    {
        const auto [path, text] = writeConfig(
            "[role.guest]\nplugin = guest\nroute = guest\nlabel = Regular User\nauth = none\n");
        const auto result = runRolecall({"--config=" + path});
        expectRefusal(result, path + ":" + std::to_string(lineOf(text, "route = guest")));
    }

    // A file cut short after a role's first lines must not serve the role
    // without its login: auth is never defaulted.
    void roleWithoutAuthIsRefusedAtItsLine()
    {
        const auto [path, text] =
            writeConfig("[role.moderator]\nplugin = moderator\nroute = /\nlabel = Moderator\n");
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"--config=" + path}, {"--config=" + path, "--check-config"}})
        {
            const auto result = runRolecall(args);
            expectRefusal(result, path + ":" + std::to_string(lineOf(text, "plugin = moderator")) +
                                      ": role 'moderator' must say 'auth = basic' (login "
                                      "required), 'auth = link' (invite link required) or "
                                      "'auth = none'");
        }
    }

    void unknownKeyIsRefusedAtItsLine()
    {
        const auto [path, text] = writeConfig(guestRole + "colour = blue\n");
        const auto result = runRolecall({"--config=" + path});
        expectRefusal(result, path + ":" + std::to_string(lineOf(text, "colour = blue")));
        expectRefusal(result, "colour");
    }

    void checkConfigOnGoodConfigPrintsRoleTable()
    {
        const auto [path, text] = writeConfig(standardRoles());
        const auto result = runRolecall({"--config=" + path, "--check-config"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.err, 0, result.exitCode);
        CPPUNIT_ASSERT_MESSAGE(result.out, tableRow(result.out, "moderator", "/", "Moderator"));
        CPPUNIT_ASSERT_MESSAGE(result.out, tableRow(result.out, "guest", "/guest", "Regular User"));
        CPPUNIT_ASSERT(result.out.find(path + ": OK, 2 roles") != std::string::npos);
    }

    void pluginWithWrongAbiIsRefused() { expectPluginRefused("wrong_abi", "ABI"); }
    void libraryWithoutStampIsRefused()
    {
        expectPluginRefused("not_a_plugin", "not a rolecall role plugin");
    }
    void pluginWithoutDeclaredClassIsRefused() { expectPluginRefused("no_class", "AbsentRole"); }
    void pluginWithUnknownPermissionIsRefused()
    {
        expectPluginRefused("unknown_permission", "room.self.fly");
    }

    void failedStartLeavesNothingListening()
    {
        // One refused by the config reader, one only once the plugins load.
        const std::vector<std::pair<std::string, std::string>> cases = {
            {PLUGIN_DIR, guestRole + "colour = blue\n"},
            {TEST_PLUGIN_DIR, "[role.bad]\nplugin = not_a_plugin\nauth = none\n"}};
        for (const auto& [pluginDir, roles] : cases)
        {
            const HeldPort held;
            const unsigned short port = held.port();
            std::string text = testConfig(port, _dir->file("state"), roles);
            Poco::replaceInPlace(text, std::string("plugin_dir = " PLUGIN_DIR),
                                 "plugin_dir = " + pluginDir);
            const std::string path = _dir->write("rolecall.ini", text);
            const Outcome outcome = runRolecall({"--config=" + path}, port);
            expectRefusal(outcome, "configuration refused");
            CPPUNIT_ASSERT_MESSAGE("listened on its port before giving up", !outcome.listened);
            CPPUNIT_ASSERT(!listening(port));
        }
    }

private:
    /// Writes testConfig(roles) and returns its path and text.
    std::pair<std::string, std::string> writeConfig(const std::string& roles,
                                                    const std::string& pluginDir = PLUGIN_DIR)
    {
        std::string text = testConfig(0, _dir->file("state"), roles);
        Poco::replaceInPlace(text, std::string("plugin_dir = " PLUGIN_DIR),
                             "plugin_dir = " + pluginDir);
        return {_dir->write("rolecall.ini", text), text};
    }

    /// A role using test plugin `plugin` is refused, naming its file and `why`.
    void expectPluginRefused(const std::string& plugin, const std::string& why)
    {
        const auto [path, text] =
            writeConfig("[role.broken]\nplugin = " + plugin + "\nauth = none\n", TEST_PLUGIN_DIR);
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"--config=" + path}, {"--config=" + path, "--check-config"}})
        {
            const auto result = runRolecall(args);
            expectRefusal(result, why);
            expectRefusal(result, path + ":" + std::to_string(lineOf(text, "plugin = " + plugin)));
        }
    }

    static void expectRefusal(const Outcome& result, const std::string& mention)
    {
        CPPUNIT_ASSERT_MESSAGE("still running after 10 s: " + result.err, result.exitCode != -1);
        CPPUNIT_ASSERT_MESSAGE("exit code 0: " + result.out, result.exitCode != 0);
        CPPUNIT_ASSERT_MESSAGE("stderr lacks '" + mention + "':\n" + result.err,
                               result.err.find(mention) != std::string::npos);
    }

    /// `table` has a line for `role` with `route` and `label` as its columns.
    static bool tableRow(const std::string& table, const std::string& role,
                         const std::string& route, const std::string& label)
    {
        Poco::StringTokenizer lines(table, "\n");
        for (const auto& line : lines)
        {
            Poco::StringTokenizer columns(line, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
            if (columns.count() >= 3 && columns[0] == role && columns[1] == route &&
                line.find(" " + label + " ") != std::string::npos)
                return true;
        }
        return false;
    }

    std::unique_ptr<TempDir> _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StartupTest);
