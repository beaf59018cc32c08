#ifndef rolecall_JsonList_INCLUDED
#define rolecall_JsonList_INCLUDED

#include "Poco/JSON/Array.h"
#include <string>
#include <vector>

namespace rolecall
{

/// A list of strings (permissions, member ids) as a JSON array.
inline Poco::JSON::Array::Ptr jsonList(const std::vector<std::string>& items)
{
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& item : items)
        array->add(item);
    return array;
}

} // namespace rolecall

#endif
