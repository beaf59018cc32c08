#ifndef rolecall_PluginError_INCLUDED
#define rolecall_PluginError_INCLUDED

#include <stdexcept>

namespace rolecall
{

/// A plugin library that cannot be used: the message names the file and why.
class PluginError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace rolecall

#endif
