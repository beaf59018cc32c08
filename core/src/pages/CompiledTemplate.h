#ifndef rolecall_CompiledTemplate_INCLUDED
#define rolecall_CompiledTemplate_INCLUDED

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rolecall
{

/// A page template compiled once into a render plan: literal chunks, value
/// references and if/else jumps, so rendering is appends into one string.
///
/// The syntax is the subset of Poco's JSON Template that rolecall's pages
/// use, with Poco's meaning:
///
///     <?= name ?>  <? echo name ?>   the value (Absent: nothing)
///     <? if name ?>                  true for a non-empty string or a true flag
///     <? ifexist name ?>             true for any value that is present
///     <? else ?>  <? endif ?>
///
/// As in Poco, a tag other than an echo also eats the line break right after
/// it. Everything else Poco accepts (for, include, elsif, paths such as
/// `a.b`) is refused when the template is compiled, with the file and line:
/// a template that parses must render exactly what it says.
class CompiledTemplate
{
public:
    /// What one name stands for in one render.
    struct Value
    {
        enum Kind
        {
            Absent, ///< not set: echoes nothing, false for if and ifexist
            Text,   ///< raw text, HTML-escaped when echoed
            Markup, ///< already safe for where it lands (page body, script JSON)
            Flag    ///< a boolean; echoes "true" or "false"
        };
        Kind kind = Absent;
        std::string_view text;
        bool flag = false;
    };

    /// Compiles `source`. `path` only names the file in errors: throws
    /// std::runtime_error "PATH:LINE: template does not parse: REASON".
    CompiledTemplate(std::string_view source, const std::string& path);

    /// Every name the template refers to, each once; render() takes one
    /// Value per name, in this order.
    const std::vector<std::string>& names() const { return _names; }

    /// Index of `name` in names(), or -1 if the template never uses it.
    int slot(std::string_view name) const;

    /// A hash of the source text: tells a reload whether the file changed.
    std::size_t sourceHash() const { return _sourceHash; }

    /// Bytes of literal text, a lower bound of the output size.
    std::size_t literalSize() const { return _literals.size(); }

    /// Appends the page to `out`; `values[i]` is the value of names()[i].
    void render(std::string& out, const Value* values) const;

private:
    struct Step
    {
        enum Op : std::uint8_t
        {
            Literal, // append _literals[a, a + b)
            Echo,    // append value a
            If,      // value a truthy: next step, else jump to b
            IfExist, // value a present: next step, else jump to b
            Jump     // jump to b
        };
        Op op;
        std::uint32_t a;
        std::uint32_t b;
    };

    std::uint32_t slotFor(const std::string& name);

    std::size_t _sourceHash;
    std::string _literals;
    std::vector<Step> _steps;
    std::vector<std::string> _names;
};

} // namespace rolecall

#endif
