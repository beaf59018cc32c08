//
// RolePlugin.h
//
// The contract between rolecall and a role plugin. This header, with
// Permissions.h and PluginExport.h beside it, is all a plugin author needs.
//
// A role plugin is a shared library (CMake MODULE) that exports exactly one
// class derived from rolecall::RolePlugin:
//
//     #include "rolecall/PluginExport.h"
//     namespace rolecall {
//     class HelpdeskRole : public RolePlugin {
//     public:
//         std::string name() const override { return "helpdesk"; }
//         std::string defaultRoute() const override { return "/helpdesk"; }
//         std::string label() const override { return "Help desk"; }
//         std::vector<std::string> permissions() const override
//         { return {"room.self.audio_mute", "room.self.audio_unmute"}; }
//         std::string templateName() const override { return "guest.html"; }
//     };
//     }
//     ROLECALL_EXPORT_ROLE(rolecall::HelpdeskRole)
//
// Its page template: TEMPLATES.md beside this header lists every value,
// flag and page hook a template gets.
//
// What the server does with it:
// - Loading: the library must export the stamps written by
//   ROLECALL_EXPORT_ROLE. A library built against another ROLECALL_ABI_VERSION,
//   standard library ABI or Poco release, or without the stamps, is refused
//   with a message naming the file. name() must be the library's file name
//   (and so the config's `plugin =`). The server loads a private copy of the
//   file, so replacing the file (a rebuild) is safe while it runs; the next
//   reload loads the new build. Each library is opened on its own
//   (RTLD_LOCAL): two plugins may use the same class name.
// - One instance per role section in the config that names the plugin. The
//   config may override route, label, template and permissions; what the
//   plugin returns is the default. Every permission string must be in the
//   vocabulary of Permissions.h, or the role is refused at load time.
// - Settings: a plugin may declare keys of its own (settings()); the role's
//   section may set them, the server validates them with file:line, and
//   configure() receives their values and the plugin's logger once, before
//   the role serves. Each role section gets its own instance.
// - Threads: the const member functions are called concurrently from HTTP
//   worker threads, so they must be thread-safe (returning constants, or
//   members set in configure(), is).
// - Lifetime: instances are deleted before the library is unloaded; a plugin
//   must not hand out pointers into itself.
// - Two hooks have defaults and may be overridden when a role needs more than
//   constants: makeUserName() is called when a page request names no user
//   (default: "user_" and four random digits, as the SignalWire tutorial
//   rolecall started from names its users), and pageValues()
//   adds values to the role's page template, where `<?= name ?>` shows them
//   HTML-escaped. The server's own values (room, user, label, role, logo,
//   backend) cannot be overridden.
//
#ifndef rolecall_RolePlugin_INCLUDED
#define rolecall_RolePlugin_INCLUDED

#include "Poco/Logger.h"
#include "Poco/Version.h"
#include <map>
#include <random>
#include <string>
#include <vector>

namespace rolecall
{

/// Bumped whenever this class's layout or virtual functions change.
constexpr int ROLECALL_ABI_VERSION = 2;

/// What else a plugin and the server must agree on, since std::string and
/// friends cross the boundary: the standard library and its ABI, and the
/// Poco release (for the manifest classes). The server refuses a plugin
/// whose stamp differs from its own, naming both.
inline std::string buildStamp()
{
#if defined(_LIBCPP_VERSION)
    const std::string library = "libc++ ABI " + std::to_string(_LIBCPP_ABI_VERSION);
#elif defined(__GLIBCXX__)
    const std::string library = "libstdc++ C++11 ABI " + std::to_string(_GLIBCXX_USE_CXX11_ABI);
#else
    const std::string library = "unknown standard library";
#endif
    const unsigned long poco = POCO_VERSION;
    return library + ", Poco " + std::to_string(poco >> 24) + "." +
           std::to_string((poco >> 16) & 0xFF) + "." + std::to_string((poco >> 8) & 0xFF);
}

/// One key a plugin accepts in its role's config section, besides the
/// server's own (plugin, route, label, template, permissions, auth,
/// credentials). The server checks the values at load and reload, naming
/// file:line, and hands them to configure().
struct PluginSetting
{
    enum class Type
    {
        Text,    // any single line
        Integer, // a whole number
        Boolean  // true/false, yes/no, on/off, 1/0
    };
    std::string name; // [a-z0-9_]+
    Type type = Type::Text;
    std::string defaultValue;
    std::string help; // one line, shown by --check-config and --list-roles
};

/// What the server hands a plugin once per role, before the role serves.
class RoleContext
{
public:
    virtual ~RoleContext() = default;
    /// The value of one of the plugin's settings (its default when unset).
    /// Asking for a name the plugin did not declare throws.
    virtual std::string text(const std::string& setting) const = 0;
    virtual long long integer(const std::string& setting) const = 0;
    virtual bool boolean(const std::string& setting) const = 0;
    /// The role's name in the config ([role.NAME]).
    virtual std::string role() const = 0;
    /// The plugin's logger, "rolecall.plugin.<name>": its lines go where the
    /// server's go, marked with that name.
    virtual Poco::Logger& logger() const = 0;
};

class RolePlugin
{
public:
    virtual ~RolePlugin() = default;

    /// The keys this plugin accepts in its role's section (default: none).
    virtual std::vector<PluginSetting> settings() const { return {}; }

    /// Called once, before the role serves (on the loading thread, so it may
    /// keep what it reads in members). Throwing refuses the role.
    virtual void configure(const RoleContext& context) { (void)context; }

    /// Short identifier, [a-z0-9_-]+; the config's `plugin =` names it.
    virtual std::string name() const = 0;

    /// Route served when the config gives none, e.g. "/guest".
    virtual std::string defaultRoute() const = 0;

    /// What the page calls this role, e.g. "Moderator", "Regular User".
    virtual std::string label() const = 0;

    /// Room-token permissions, from the vocabulary in Permissions.h.
    virtual std::vector<std::string> permissions() const = 0;

    /// Page template file name, looked up in the configured template folder.
    virtual std::string templateName() const = 0;

    /// The user name for a request that gives none.
    virtual std::string makeUserName() const
    {
        thread_local std::mt19937 engine{std::random_device{}()};
        std::uniform_int_distribution<int> digits(1111, 9999);
        return "user_" + std::to_string(digits(engine));
    }

    /// Extra values for this role's page, given the room and user it is for.
    virtual std::map<std::string, std::string> pageValues(const std::string& room,
                                                          const std::string& user) const
    {
        (void)room;
        (void)user;
        return {};
    }
};

} // namespace rolecall

#endif
