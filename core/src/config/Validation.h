#ifndef rolecall_Validation_INCLUDED
#define rolecall_Validation_INCLUDED

#include <string>

namespace rolecall
{

/// Checks shared by the config reader and the HTTP layer. Each returns an
/// empty string when the value is fine, else why it is not (no value echoed,
/// so callers may show the reason anywhere).
namespace Validation
{

/// SignalWire's room-name rule: ^[A-Za-z0-9_-]{1,100}$.
std::string roomName(const std::string& value);

/// 1..100 characters of printable Unicode, valid UTF-8.
std::string displayName(const std::string& value);

/// A role route: an absolute path of [A-Za-z0-9._~/-], no "..", no "//",
/// outside the server's own /api/, /static/, /ws and /healthz.
std::string route(const std::string& value);

/// A role or plugin name: [a-z0-9_-]{1,40}.
std::string identifier(const std::string& value);

} // namespace Validation

} // namespace rolecall

#endif
