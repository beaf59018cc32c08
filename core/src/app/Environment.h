#ifndef rolecall_Environment_INCLUDED
#define rolecall_Environment_INCLUDED

#include <map>
#include <optional>
#include <string>

namespace rolecall
{

/// Variables from the process environment, backed by a `.env` file as the
/// SignalWire tutorial rolecall started from uses (KEY = 'value' lines). The process environment
/// wins, as with python-dotenv; a missing .env file is not an error.
class Environment
{
public:
    explicit Environment(const std::string& dotenvPath);

    std::optional<std::string> get(const std::string& name) const;

private:
    std::map<std::string, std::string> _dotenv;
};

} // namespace rolecall

#endif
