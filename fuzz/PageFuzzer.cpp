// PageRenderer with the shipped templates and fuzzed values. Input fields
// (NUL-separated): the first byte of the first field picks the page (guest,
// moderator, presenter, or an error page) and the rest of it sets the flags;
// then one text per name the page uses; then key/value pairs for the page's
// script object. Invariants: no value adds a < or > to the page (text is
// HTML-escaped, the script JSON escapes them), and the script JSON is ASCII,
// parses, and gives back every valid UTF-8 value exactly.
#include "FuzzCheck.h"
#include "FuzzFields.h"
#include "Poco/JSON/Parser.h"
#include "pages/Escape.h"
#include "pages/PageRenderer.h"

using namespace rolecall;

namespace
{

bool validUtf8(const std::string& s)
{
    for (std::size_t i = 0; i < s.size();)
    {
        const auto lead = static_cast<unsigned char>(s[i]);
        std::size_t n = lead < 0x80                    ? 1
                        : lead >= 0xc2 && lead <= 0xdf ? 2
                        : lead >= 0xe0 && lead <= 0xef ? 3
                        : lead >= 0xf0 && lead <= 0xf4 ? 4
                                                       : 0;
        if (n == 0 || i + n > s.size())
            return false;
        std::uint32_t cp = n == 1 ? lead : lead & (0x7f >> n);
        for (std::size_t k = 1; k < n; ++k)
        {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (b & 0x3f);
        }
        const std::uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n;
    }
    return true;
}

void checkScript(const Poco::JSON::Object::Ptr& script)
{
    const std::string json = Escape::scriptJson(script);
    for (char c : json)
        FUZZ_CHECK(c != '<' && c != '>' && c != '&' && static_cast<unsigned char>(c) < 0x80);
    const auto parsed = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    // Invalid UTF-8 comes back as U+FFFD, so such a name may come back as
    // another one: compare the values only when every name is valid.
    for (const auto& [name, value] : *script)
        if (!validUtf8(name))
            return;
    FUZZ_CHECK(parsed->size() == script->size());
    for (const auto& [name, value] : *script)
    {
        const std::string text = value.extract<std::string>();
        FUZZ_CHECK(parsed->has(name));
        if (validUtf8(text))
            FUZZ_CHECK(parsed->getValue<std::string>(name) == text);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const PageRenderer renderer(TEMPLATE_DIR);
    static const PageRenderer::TemplatePtr pages[] = {renderer.parse("guest.html"),
                                                      renderer.parse("moderator.html"),
                                                      renderer.parse("presenter.html")};
    static const PageRenderer::TemplatePtr layout = renderer.parse("layout.html");

    const std::vector<std::string> fields = fuzzFields(data, size);
    const std::string& head = fields[0];
    const unsigned pick = head.empty() ? 0 : static_cast<unsigned char>(head[0]) % 4;

    PageValues values, plain;
    std::size_t next = 1;
    auto field = [&]() -> std::string
    { return next < fields.size() ? fields[next++] : std::string(); };
    if (pick == 3)
    {
        const std::string title = field(), message = field();
        const std::string page = renderer.renderError(title, message);
        const std::string harmless = renderer.renderError(neutral(title), neutral(message));
        FUZZ_CHECK(countOf(page, '<') == countOf(harmless, '<'));
        FUZZ_CHECK(countOf(page, '>') == countOf(harmless, '>'));
        return 0;
    }
    const CompiledTemplate& body = *pages[pick];
    std::size_t bit = 0;
    for (const auto* tpl : {&body, layout.get()})
        for (const auto& name : tpl->names())
        {
            if (name == "content" || name == "script" || name == "base")
                continue;
            const std::size_t byte = 1 + bit / 8;
            if (byte < head.size() && (head[byte] >> (bit % 8)) & 1)
                values.flags[name] = plain.flags[name] = (head[byte] >> ((bit + 1) % 8)) & 1;
            ++bit;
            const std::string text = field();
            values.text[name] = text;
            plain.text[name] = neutral(text);
        }
    while (next < fields.size())
    {
        const std::string name = field(), text = field();
        values.script->set(name, text);
        plain.script->set(neutral(name), neutral(text));
    }
    checkScript(values.script);
    const std::string page = renderer.render(body, values);
    const std::string harmless = renderer.render(body, plain);
    FUZZ_CHECK(countOf(page, '<') == countOf(harmless, '<'));
    FUZZ_CHECK(countOf(page, '>') == countOf(harmless, '>'));
    return 0;
}
