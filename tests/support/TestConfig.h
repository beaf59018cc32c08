#ifndef rolecall_test_TestConfig_INCLUDED
#define rolecall_test_TestConfig_INCLUDED

#include <string>
#include <vector>

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

/// The seed's permission lists, as the built-in plugins must carry them.
inline const std::vector<std::string> guestPermissions = {
    "room.self.audio_mute", "room.self.audio_unmute", "room.self.video_mute",
    "room.self.video_unmute"};
inline const std::vector<std::string> moderatorPermissions = {
    "room.self.audio_mute",   "room.self.audio_unmute",   "room.self.video_mute",
    "room.self.video_unmute", "room.member.audio_mute",   "room.member.audio_unmute",
    "room.member.video_mute", "room.member.video_unmute", "room.member.remove"};

/// A room token signed with testSigningKey(): a moderator's or a guest's
/// for `room` and `user`, as the pages would get it.
std::string roomToken(const std::string& room, const std::string& user, bool moderator = false);

/// The shipped roles: moderator on / (auth = basic, moderatorUser), guest on /guest.
std::string standardRoles();

#endif
