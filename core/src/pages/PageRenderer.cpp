#include "pages/PageRenderer.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "pages/Escape.h"
#include <sstream>
#include <stdexcept>

namespace rolecall
{
namespace
{

// Only escaped values go into the object a template sees, so no template
// can echo a raw request value.
Poco::JSON::Object::Ptr escapedContext(const PageValues& values)
{
    Poco::JSON::Object::Ptr context = new Poco::JSON::Object;
    for (const auto& [name, value] : values.text)
        context->set(name, Escape::html(value));
    for (const auto& [name, value] : values.flags)
        context->set(name, value);
    context->set("script", Escape::scriptJson(values.script));
    return context;
}

} // namespace

PageRenderer::PageRenderer(std::string templateDir)
    : _templateDir(std::move(templateDir)), _layout(parse("layout.html")),
      _error(parse("error.html"))
{
}

PageRenderer::TemplatePtr PageRenderer::parse(const std::string& name) const
{
    const Poco::Path path(Poco::Path::forDirectory(_templateDir), name);
    const Poco::File file(path);
    // Template::parse() silently does nothing for a missing file, and render()
    // would then crash: check first.
    if (!file.exists() || !file.isFile())
        throw std::runtime_error(path.toString() + ": template not found");
    auto tpl = std::make_shared<Poco::JSON::Template>(path);
    try
    {
        Poco::FileInputStream in(path.toString());
        tpl->parse(in);
    }
    catch (const Poco::Exception& e)
    {
        throw std::runtime_error(path.toString() + ": template does not parse: " + e.message());
    }
    return tpl;
}

std::string PageRenderer::render(const Poco::JSON::Template& body, const PageValues& values) const
{
    Poco::JSON::Object::Ptr context = escapedContext(values);
    std::ostringstream content;
    body.render(context, content);
    context->set("content", content.str()); // our own template's output, already escaped
    std::ostringstream page;
    _layout->render(context, page);
    return page.str();
}

std::string PageRenderer::renderError(const std::string& title, const std::string& message,
                                      PageValues values) const
{
    values.text["title"] = title;
    values.text["message"] = message;
    return render(*_error, values);
}

} // namespace rolecall
