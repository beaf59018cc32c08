#include "pages/CompiledTemplate.h"
#include "pages/Escape.h"
#include <stdexcept>

namespace rolecall
{
namespace
{

// Poco's reader splits on Ascii::isSpace.
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Poco would read `a.b` and `a[0]` as paths into nested objects, which page
// values never have: only plain names can match anything.
bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

constexpr const char* supported =
    "supported: <?= name ?>, <? echo name ?>, <? if name ?>, <? ifexist name ?>, <? else ?>, "
    "<? endif ?>";

/// Reads one template the way Poco's Template::parse() does, so a tag
/// splits at the same places, and keeps the line for errors.
class Reader
{
public:
    Reader(std::string_view source, const std::string& path) : _source(source), _path(path) {}

    bool atEnd() const { return _pos >= _source.size(); }
    std::size_t pos() const { return _pos; }
    int line() const { return _line; }

    [[noreturn]] void fail(int line, const std::string& reason) const
    {
        throw std::runtime_error(_path + ":" + std::to_string(line) +
                                 ": template does not parse: " + reason);
    }

    // Text up to the next "<?", which is consumed; the rest if there is none.
    std::string_view text(bool& tagFollows)
    {
        const std::size_t start = _pos;
        const std::size_t tag = _source.find("<?", _pos);
        tagFollows = tag != std::string_view::npos;
        advanceTo(tagFollows ? tag : _source.size());
        const std::string_view text = _source.substr(start, _pos - start);
        if (tagFollows)
            _pos += 2;
        return text;
    }

    void skipSpace()
    {
        std::size_t to = _pos;
        while (to < _source.size() && isSpace(_source[to]))
            ++to;
        advanceTo(to);
    }

    bool atClose() const { return _source.compare(_pos, 2, "?>") == 0; }

    // A command: up to a space or "?>"; a leading '=' is "echo".
    std::string command()
    {
        skipSpace();
        if (!atEnd() && _source[_pos] == '=')
        {
            ++_pos;
            return "echo";
        }
        return word();
    }

    // A word: up to a space or "?>" (neither consumed).
    std::string word()
    {
        const std::size_t start = _pos;
        while (!atEnd() && !isSpace(_source[_pos]) && !atClose())
            ++_pos;
        return std::string(_source.substr(start, _pos - start));
    }

    void consumeClose() { _pos += 2; }

    // The one line break Poco drops after a tag that is not an echo.
    void skipLineBreak()
    {
        if (_source.compare(_pos, 1, "\r") == 0)
            ++_pos;
        if (_source.compare(_pos, 1, "\n") == 0)
        {
            ++_pos;
            ++_line;
        }
    }

private:
    void advanceTo(std::size_t to)
    {
        for (; _pos < to; ++_pos)
            if (_source[_pos] == '\n')
                ++_line;
    }

    std::string_view _source;
    const std::string& _path;
    std::size_t _pos = 0;
    int _line = 1;
};

struct OpenIf
{
    std::size_t step;     // the If / IfExist step
    std::size_t elseJump; // the Jump before the else part; 0 without an else
    int line;
    std::string tag;
};

} // namespace

CompiledTemplate::CompiledTemplate(std::string_view source, const std::string& path)
    : _sourceHash(std::hash<std::string_view>()(source))
{
    Reader in(source, path);
    std::vector<OpenIf> open;
    _literals.reserve(source.size());
    while (!in.atEnd())
    {
        bool tagFollows = false;
        const std::string_view text = in.text(tagFollows);
        if (!text.empty())
        {
            _steps.push_back({Step::Literal, static_cast<std::uint32_t>(_literals.size()),
                              static_cast<std::uint32_t>(text.size())});
            _literals.append(text);
        }
        if (!tagFollows)
            break;

        const int line = in.line();
        const std::string command = in.command();
        if (command.empty())
            in.fail(line, "empty tag '<? ?>' (" + std::string(supported) + ")");
        in.skipSpace();
        std::string name;
        if (command == "echo" || command == "if" || command == "ifexist")
        {
            name = in.word();
            if (name.empty())
                in.fail(line, "<? " + command + " ?> needs a name");
            for (char c : name)
                if (!isNameChar(c))
                    in.fail(line, "'" + name + "' in <? " + command +
                                      " ?> is not a plain name (letters, digits, '_', '-')");
        }
        else if (command != "else" && command != "endif")
        {
            const bool poco = command == "for" || command == "endfor" || command == "include" ||
                              command == "elsif" || command == "elif";
            in.fail(line, "<? " + command + " ?> is " +
                              (poco ? "not supported here" : "not a template command") + " (" +
                              supported + ")");
        }
        in.skipSpace();
        if (!in.atClose())
            in.fail(line, "<? " + command + (name.empty() ? "" : " " + name) +
                              " ?> has more than one argument or lacks its closing '?>'");
        in.consumeClose();

        if (command == "echo")
            _steps.push_back({Step::Echo, slotFor(name), 0});
        else
        {
            in.skipLineBreak();
            if (command == "if" || command == "ifexist")
            {
                open.push_back({_steps.size(), 0, line, "<? " + command + " " + name + " ?>"});
                _steps.push_back({command == "if" ? Step::If : Step::IfExist, slotFor(name), 0});
            }
            else if (open.empty())
                in.fail(line, "<? " + command + " ?> without an open <? if ?>");
            else if (command == "else")
            {
                OpenIf& block = open.back();
                if (block.elseJump != 0)
                    in.fail(line, "second <? else ?> for " + block.tag + " on line " +
                                      std::to_string(block.line));
                block.elseJump = _steps.size();
                _steps.push_back({Step::Jump, 0, 0});
                _steps[block.step].b = static_cast<std::uint32_t>(_steps.size());
            }
            else // endif
            {
                const OpenIf& block = open.back();
                const auto end = static_cast<std::uint32_t>(_steps.size());
                _steps[block.elseJump != 0 ? block.elseJump : block.step].b = end;
                open.pop_back();
            }
        }
    }
    if (!open.empty())
        in.fail(open.back().line, open.back().tag + " is never closed by <? endif ?>");
    _literals.shrink_to_fit();
    _steps.shrink_to_fit();
}

std::uint32_t CompiledTemplate::slotFor(const std::string& name)
{
    for (std::size_t i = 0; i < _names.size(); ++i)
        if (_names[i] == name)
            return static_cast<std::uint32_t>(i);
    _names.push_back(name);
    return static_cast<std::uint32_t>(_names.size() - 1);
}

int CompiledTemplate::slot(std::string_view name) const
{
    for (std::size_t i = 0; i < _names.size(); ++i)
        if (_names[i] == name)
            return static_cast<int>(i);
    return -1;
}

void CompiledTemplate::render(std::string& out, const Value* values) const
{
    const std::size_t count = _steps.size();
    std::size_t i = 0;
    while (i < count)
    {
        const Step& step = _steps[i];
        switch (step.op)
        {
        case Step::Literal:
            out.append(_literals, step.a, step.b);
            ++i;
            break;
        case Step::Echo:
        {
            const Value& value = values[step.a];
            if (value.kind == Value::Text)
                Escape::appendHtml(out, value.text);
            else if (value.kind == Value::Markup)
                out.append(value.text);
            else if (value.kind == Value::Flag)
                out += value.flag ? "true" : "false";
            ++i;
            break;
        }
        case Step::If:
        {
            // Poco: a string is true when not empty, a boolean is itself.
            const Value& value = values[step.a];
            const bool truthy = value.kind == Value::Flag     ? value.flag
                                : value.kind == Value::Absent ? false
                                                              : !value.text.empty();
            i = truthy ? i + 1 : step.b;
            break;
        }
        case Step::IfExist:
            i = values[step.a].kind != Value::Absent ? i + 1 : step.b;
            break;
        case Step::Jump:
            i = step.b;
            break;
        }
    }
}

} // namespace rolecall
