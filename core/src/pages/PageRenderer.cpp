#include "pages/PageRenderer.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "pages/Escape.h"
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rolecall
{
namespace
{

using Value = CompiledTemplate::Value;

// Most templates name a handful of values; more than this is still fine,
// it just costs an allocation.
constexpr std::size_t inlineSlots = 32;

// The values for one template's names. Precedence is what the Poco::JSON
// context used to give (later set() wins): text, then flags, then script,
// then (layout only) content.
class Slots
{
public:
    Slots(const CompiledTemplate& tpl, const PageValues& values, std::string_view script,
          const std::string* content, std::string_view base)
    {
        const auto& names = tpl.names();
        if (names.size() > inlineSlots)
            _heap.resize(names.size());
        Value* slots = data();
        for (std::size_t i = 0; i < names.size(); ++i)
        {
            const std::string& name = names[i];
            Value& v = slots[i];
            if (content && name == "content")
                v = {Value::Markup, *content, false};
            else if (name == "script")
                v = {Value::Markup, script, false};
            else if (name == "base") // the server's, never a plugin's
                v = {Value::Text, base, false};
            else if (auto flag = values.flags.find(name); flag != values.flags.end())
                v = {Value::Flag, {}, flag->second};
            else if (auto text = values.text.find(name); text != values.text.end())
                v = {Value::Text, text->second, false};
        }
    }

    const Value* data() const { return _heap.empty() ? _inline : _heap.data(); }
    Value* data() { return _heap.empty() ? _inline : _heap.data(); }

private:
    Value _inline[inlineSlots];
    std::vector<Value> _heap;
};

} // namespace

PageRenderer::PageRenderer(std::string templateDir, std::string basePath)
    : _templateDir(std::move(templateDir)), _basePath(std::move(basePath)),
      _layout(parse("layout.html")), _error(parse("error.html"))
{
}

PageRenderer::TemplatePtr PageRenderer::parse(const std::string& name) const
{
    return compile(_templateDir, name);
}

PageRenderer::TemplatePtr PageRenderer::compile(const std::string& folder, const std::string& name)
{
    const Poco::Path path(Poco::Path::forDirectory(folder), name);
    const Poco::File file(path);
    if (!file.exists() || !file.isFile())
        throw std::runtime_error(path.toString() + ": template not found");
    std::ifstream in(path.toString(), std::ios::binary);
    if (!in)
        throw std::runtime_error(path.toString() + ": template cannot be read");
    std::ostringstream source;
    source << in.rdbuf();
    return std::make_shared<const CompiledTemplate>(source.str(), path.toString());
}

PageRenderer::TemplatePtr PageRenderer::parse(const std::string& name,
                                              const std::string& otherFolder) const
{
    const Poco::Path own(Poco::Path::forDirectory(_templateDir), name);
    const Poco::Path other(Poco::Path::forDirectory(otherFolder), name);
    if (Poco::File(own).exists() || !Poco::File(other).exists())
        return compile(_templateDir, name);
    return compile(otherFolder, name);
}

std::string PageRenderer::render(const CompiledTemplate& body, const PageValues& values) const
{
    std::string script;
    if (_layout->slot("script") >= 0 || body.slot("script") >= 0)
    {
        script.reserve(1024); // room tokens are a few hundred bytes
        Escape::appendScriptJson(script, values.script);
    }
    std::string content;
    content.reserve(body.literalSize() + 256);
    body.render(content, Slots(body, values, script, nullptr, _basePath).data());
    std::string page;
    page.reserve(_layout->literalSize() + content.size() + script.size() + 512);
    _layout->render(page, Slots(*_layout, values, script, &content, _basePath).data());
    return page;
}

std::string PageRenderer::renderError(const std::string& title, const std::string& message,
                                      PageValues values) const
{
    values.text["title"] = title;
    values.text["message"] = message;
    return render(*_error, values);
}

} // namespace rolecall
