#ifndef rolecall_StateChange_INCLUDED
#define rolecall_StateChange_INCLUDED

#include <string>
#include <vector>

namespace rolecall
{

/// Sets `field` to `value` and returns {key} if that changed it, {} if it
/// was already so: what member.updated and room.updated announce.
template <class T> std::vector<std::string> changeField(T& field, const T& value, const char* key)
{
    if (field == value)
        return {};
    field = value;
    return {key};
}

} // namespace rolecall

#endif
