#ifndef rolecall_Escape_INCLUDED
#define rolecall_Escape_INCLUDED

#include "Poco/Dynamic/Var.h"
#include <string>

namespace rolecall
{

/// Context-aware escaping, the gap Poco's JSON Template leaves open: it
/// echoes values verbatim. PageRenderer passes every value through here.
namespace Escape
{

/// Safe as HTML text and inside a quoted attribute value: & < > " ' `.
std::string html(const std::string& text);

/// JSON text safe inside <script>...</script>: besides JSON's own escaping,
/// '<', '>' and '&' become \u003c \u003e \u0026 (so "</script>" and "<!--"
/// cannot occur) and U+2028/U+2029 are escaped.
std::string scriptJson(const Poco::Dynamic::Var& value);

} // namespace Escape

} // namespace rolecall

#endif
