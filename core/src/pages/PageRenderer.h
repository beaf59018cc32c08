#ifndef rolecall_PageRenderer_INCLUDED
#define rolecall_PageRenderer_INCLUDED

#include "Poco/JSON/Template.h"
#include "pages/PageValues.h"
#include <memory>
#include <string>

namespace rolecall
{

/// Renders pages from Poco JSON Templates in one folder. A role's template
/// is the page body; `layout.html` wraps it (`<?= content ?>`) and
/// `error.html` is the body of every error page. Templates are parsed once,
/// when the renderer (or a role using them) is built, never per request.
class PageRenderer
{
public:
    using TemplatePtr = std::shared_ptr<const Poco::JSON::Template>;

    /// Parses layout.html and error.html; throws std::runtime_error naming
    /// the file if either is missing or does not parse.
    explicit PageRenderer(std::string templateDir);

    /// Parses the named template in the folder; throws like the constructor.
    TemplatePtr parse(const std::string& name) const;

    std::string render(const Poco::JSON::Template& body, const PageValues& values) const;

    /// An error page: `values` may carry the page chrome (logo...); title and
    /// message are added as text.
    std::string renderError(const std::string& title, const std::string& message,
                            PageValues values = {}) const;

private:
    std::string _templateDir;
    TemplatePtr _layout;
    TemplatePtr _error;
};

} // namespace rolecall

#endif
