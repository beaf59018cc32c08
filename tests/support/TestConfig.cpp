#include "support/TestConfig.h"
#include "tokens/TokenIssuer.h"
#include "util/PasswordHash.h"

std::string testSigningKey()
{
    return "test-signing-key-0123456789abcdefghijklmnop";
}

std::string testConfig(unsigned short port, const std::string& stateDir, const std::string& roles,
                       const std::string& extraServer)
{
    return "[server]\n"
           "host = 127.0.0.1\n"
           "port = " +
           std::to_string(port) +
           "\n"
           "threads = 8\n"
           "plugin_dir = " PLUGIN_DIR "\n"
           "template_dir = " TEMPLATE_DIR "\n"
           "vendor_dir = " VENDOR_DIR "\n"
           "state_dir = " +
           stateDir + "\n" + extraServer +
           "\n[tokens]\n"
           "ttl = 600\n"
           "signing_key = " +
           testSigningKey() + "\n\n" + roles;
}

std::string standardRoles()
{
    // Few iterations: the hash only has to be valid, not slow.
    static const std::string hash = rolecall::PasswordHash::make(moderatorPassword, 1000);
    return "[role.moderator]\n"
           "plugin = moderator\n"
           "route = /\n"
           "label = Moderator\n"
           "auth = basic\n"
           "credentials = " +
           std::string(moderatorUser) + ":" + hash +
           "\n\n"
           "[role.guest]\n"
           "plugin = guest\n"
           "route = /guest\n"
           "label = Regular User\n"
           "auth = none\n";
}

std::string roomToken(const std::string& room, const std::string& user, bool moderator)
{
    rolecall::RoomGrant grant;
    grant.room = room;
    grant.user = user;
    grant.role = moderator ? "moderator" : "guest";
    grant.permissions = moderator ? moderatorPermissions : guestPermissions;
    return rolecall::TokenIssuer(testSigningKey(), 600).issue(grant);
}
