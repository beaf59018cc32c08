#ifndef rolecall_JsonString_INCLUDED
#define rolecall_JsonString_INCLUDED

#include <string>
#include <string_view>

namespace rolecall
{

/// JSON string literals appended straight into an output buffer, for the
/// few places that write JSON of a fixed shape (room tokens, the page's
/// script values) without building a Poco::JSON tree first.
namespace JsonString
{

/// `text` as a quoted JSON string: '"', '\' and every control character
/// (U+0000-U+001F, U+007F) are escaped; other bytes, UTF-8 included, are
/// copied as they are (what Poco's Stringifier does by default).
void append(std::string& out, std::string_view text);

/// `text` as a quoted JSON string that is also safe inside an HTML <script>
/// element: besides append()'s escaping, '/', '<', '>' and '&' and every
/// non-ASCII character are written as \uXXXX (U+2028 and U+2029 included),
/// so the result is pure ASCII and cannot close the element or open a
/// comment. A byte that is not part of valid UTF-8 becomes \ufffd.
void appendScriptSafe(std::string& out, std::string_view text);

} // namespace JsonString

} // namespace rolecall

#endif
