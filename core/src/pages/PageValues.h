#ifndef rolecall_PageValues_INCLUDED
#define rolecall_PageValues_INCLUDED

#include "Poco/JSON/Object.h"
#include <map>
#include <string>

namespace rolecall
{

/// The raw, unescaped values for one page. PageRenderer escapes each for
/// where it lands: `text` values as HTML (`<?= name ?>` in a template),
/// `flags` as booleans for `<? if name ?>`, and `script` as one JSON object
/// for the client code (`<?= script ?>` inside a JSON script element).
struct PageValues
{
    std::map<std::string, std::string> text;
    std::map<std::string, bool> flags;
    Poco::JSON::Object::Ptr script = new Poco::JSON::Object;
};

} // namespace rolecall

#endif
