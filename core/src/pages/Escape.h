#ifndef rolecall_Escape_INCLUDED
#define rolecall_Escape_INCLUDED

#include "Poco/Dynamic/Var.h"
#include <string>
#include <string_view>

namespace rolecall
{

/// Context-aware escaping: templates echo values verbatim, so PageRenderer
/// passes every value through here. The append forms write into the page
/// being built, so a value costs no string of its own.
namespace Escape
{

/// Safe as HTML text and inside a quoted attribute value: & < > " ' `.
std::string html(std::string_view text);
void appendHtml(std::string& out, std::string_view text);

/// JSON text safe inside <script>...</script>: besides JSON's own escaping,
/// '<', '>', '&' and '/' are escaped (so "</script>" and "<!--" cannot
/// occur) and every non-ASCII character, U+2028/U+2029 included, is written
/// as \uXXXX. Objects, arrays, strings, numbers, booleans and empty values
/// are written directly; any other type goes through Poco's Stringifier and
/// the same '<' '>' '&' escaping.
std::string scriptJson(const Poco::Dynamic::Var& value);
void appendScriptJson(std::string& out, const Poco::Dynamic::Var& value);

} // namespace Escape

} // namespace rolecall

#endif
