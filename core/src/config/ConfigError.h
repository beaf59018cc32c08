#ifndef rolecall_ConfigError_INCLUDED
#define rolecall_ConfigError_INCLUDED

#include "util/Exceptions.h"
#include <string>
#include <vector>

namespace rolecall
{

/// Everything wrong with a configuration, one "file:line: problem" per entry,
/// so an admin sees all mistakes at once instead of fixing them one start at a time.
class ConfigError : public RolecallException
{
public:
    explicit ConfigError(std::vector<std::string> problems)
        : RolecallException(join(problems)), _problems(std::move(problems))
    {
    }

    const std::vector<std::string>& problems() const { return _problems; }
    const char* name() const noexcept override { return "Configuration error"; }
    Poco::Exception* clone() const override { return new ConfigError(*this); }
    void rethrow() const override { throw *this; }

private:
    static std::string join(const std::vector<std::string>& problems)
    {
        std::string text;
        for (const auto& p : problems)
            text += (text.empty() ? "" : "\n") + p;
        return text;
    }

    std::vector<std::string> _problems;
};

} // namespace rolecall

#endif
