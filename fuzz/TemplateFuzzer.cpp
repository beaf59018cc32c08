// CompiledTemplate with a fuzzed template and fuzzed values. Input fields
// (NUL-separated): the template, then one value per name it uses, in order:
// the first byte picks the kind (absent, text, markup, flag), the rest is the
// text. Invariants: a template that does not compile is refused with
// "PATH:LINE: template does not parse"; rendering never reads past its plan;
// and text values are escaped: the page has as many < > " ' ` as it has
// with harmless values of the same length (markup and flags unchanged).
#include "FuzzCheck.h"
#include "FuzzFields.h"
#include "pages/CompiledTemplate.h"
#include <memory>
#include <stdexcept>

using namespace rolecall;
using Value = CompiledTemplate::Value;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::vector<std::string> fields = fuzzFields(data, size);
    const std::string path = "fuzz.html";
    std::unique_ptr<CompiledTemplate> tpl;
    try
    {
        tpl = std::make_unique<CompiledTemplate>(fields[0], path);
    }
    catch (const std::runtime_error& e)
    {
        const std::string what = e.what();
        FUZZ_CHECK(what.rfind(path + ":", 0) == 0);
        FUZZ_CHECK(what.find(": template does not parse: ") != std::string::npos);
        return 0;
    }
    const std::size_t count = tpl->names().size();
    for (std::size_t i = 0; i < count; ++i)
        FUZZ_CHECK(tpl->slot(tpl->names()[i]) == static_cast<int>(i));

    std::vector<std::string> texts(count), harmless(count);
    std::vector<Value> values(count), neutralValues(count);
    for (std::size_t i = 0; i < count; ++i)
    {
        const std::string& field = i + 1 < fields.size() ? fields[i + 1] : std::string();
        const auto kind =
            static_cast<Value::Kind>(field.empty() ? 0 : static_cast<unsigned char>(field[0]) % 4);
        texts[i] = field.empty() ? std::string() : field.substr(1);
        harmless[i] = kind == Value::Text ? neutral(texts[i]) : texts[i];
        values[i] = {kind, texts[i], !texts[i].empty() && texts[i][0] % 2 == 1};
        neutralValues[i] = {kind, harmless[i], values[i].flag};
    }
    std::string page, plain;
    tpl->render(page, values.data());
    tpl->render(plain, neutralValues.data());
    FUZZ_CHECK(page.size() >= plain.size());
    for (char c : {'<', '>', '"', '\'', '`'})
        FUZZ_CHECK(countOf(page, c) == countOf(plain, c));
    return 0;
}
