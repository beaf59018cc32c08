#ifndef rolecall_test_TestConfig_INCLUDED
#define rolecall_test_TestConfig_INCLUDED

#include <string>

/// The signing key every test config sets, so tests can verify tokens.
std::string testSigningKey();

/// A config for tests: the repo's templates and the built plugins, the given
/// port and state folder, testSigningKey(), `extraServer` lines appended to
/// [server], then `roles` (role sections).
std::string testConfig(unsigned short port, const std::string& stateDir, const std::string& roles,
                       const std::string& extraServer = "");

/// User and password that standardRoles() gives the moderator.
constexpr const char* moderatorUser = "mod";
constexpr const char* moderatorPassword = "mod-password-1";

/// The shipped roles: moderator on / (auth = basic, moderatorUser), guest on /guest.
std::string standardRoles();

#endif
