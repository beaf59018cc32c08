#ifndef rolecall_PageRenderer_INCLUDED
#define rolecall_PageRenderer_INCLUDED

#include "pages/CompiledTemplate.h"
#include "pages/PageValues.h"
#include <memory>
#include <string>

namespace rolecall
{

/// Renders pages from the templates in one folder. A role's template is the
/// page body; `layout.html` wraps it (`<?= content ?>`) and `error.html` is
/// the body of every error page. Templates are compiled once, when the
/// renderer (or a role using them) is built, never per request; a render is
/// appends into one string (see CompiledTemplate for the syntax).
///
/// What a name stands for: in the layout, `content` is the rendered body;
/// everywhere, `script` is PageValues::script as script-safe JSON; then a
/// flag of that name; then a text value, HTML-escaped.
class PageRenderer
{
public:
    using Template = CompiledTemplate;
    using TemplatePtr = std::shared_ptr<const CompiledTemplate>;

    /// Compiles layout.html and error.html; throws std::runtime_error naming
    /// the file (and line) if either is missing or does not parse.
    /// `basePath` ("" or e.g. "/meet", see server.base_path) is the value
    /// `base` in every template, so links work behind a proxy's prefix.
    explicit PageRenderer(std::string templateDir, std::string basePath = "");

    /// Compiles the named template in the folder; throws like the constructor.
    TemplatePtr parse(const std::string& name) const;

    /// The same, looking in `otherFolder` (a plugin's) when the template
    /// folder has no file of that name.
    TemplatePtr parse(const std::string& name, const std::string& otherFolder) const;

    std::string render(const CompiledTemplate& body, const PageValues& values) const;

    /// An error page: `values` may carry the page chrome (logo...); title and
    /// message are added as text.
    std::string renderError(const std::string& title, const std::string& message,
                            PageValues values = {}) const;

private:
    static TemplatePtr compile(const std::string& folder, const std::string& name);

    std::string _templateDir;
    std::string _basePath;
    TemplatePtr _layout;
    TemplatePtr _error;
};

} // namespace rolecall

#endif
