#ifndef rolecall_test_LegacyPages_INCLUDED
#define rolecall_test_LegacyPages_INCLUDED

// The page and token code as it was before the compiled templates and the
// direct JWT writer (commit 8020f41): Poco::JSON::Template with a context of
// escaped values, and Poco::JWT::Token + Signer. Header-only, so the unit
// tests can check the new code renders the same and bench/render.cpp can
// time both in one run. Not used by the server.

#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Stringifier.h"
#include "Poco/JSON/Template.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/Path.h"
#include "pages/Escape.h"
#include "pages/PageValues.h"
#include "tokens/RoomGrant.h"
#include <memory>
#include <sstream>
#include <stdexcept>

namespace LegacyPages
{

inline std::string scriptJson(const Poco::Dynamic::Var& value)
{
    std::ostringstream json;
    Poco::JSON::Stringifier::condense(value, json,
                                      Poco::JSON_WRAP_STRINGS | Poco::JSON_ESCAPE_UNICODE);
    std::string out;
    for (char c : json.str())
    {
        switch (c)
        {
        case '<':
            out += "\\u003c";
            break;
        case '>':
            out += "\\u003e";
            break;
        case '&':
            out += "\\u0026";
            break;
        default:
            out += c;
        }
    }
    return out;
}

class Renderer
{
public:
    using TemplatePtr = std::shared_ptr<const Poco::JSON::Template>;

    explicit Renderer(std::string templateDir)
        : _templateDir(std::move(templateDir)), _layout(parse("layout.html"))
    {
    }

    TemplatePtr parse(const std::string& name) const
    {
        const Poco::Path path(Poco::Path::forDirectory(_templateDir), name);
        if (!Poco::File(path).exists())
            throw std::runtime_error(path.toString() + ": template not found");
        auto tpl = std::make_shared<Poco::JSON::Template>(path);
        Poco::FileInputStream in(path.toString());
        tpl->parse(in);
        return tpl;
    }

    std::string render(const Poco::JSON::Template& body, const rolecall::PageValues& values) const
    {
        Poco::JSON::Object::Ptr context = new Poco::JSON::Object;
        for (const auto& [name, value] : values.text)
            context->set(name, rolecall::Escape::html(value));
        for (const auto& [name, value] : values.flags)
            context->set(name, value);
        context->set("script", scriptJson(values.script));
        std::ostringstream content;
        body.render(context, content);
        context->set("content", content.str());
        std::ostringstream page;
        _layout->render(context, page);
        return page.str();
    }

private:
    std::string _templateDir;
    TemplatePtr _layout;
};

inline std::string issueToken(const Poco::JWT::Signer& signer, const rolecall::RoomGrant& grant)
{
    Poco::JWT::Token token;
    token.setType("JWT");
    token.setIssuer("rolecall");
    token.setId(grant.id);
    token.setIssuedAt(grant.issuedAt);
    token.setNotBefore(grant.issuedAt);
    token.setExpiration(grant.expiresAt);
    token.payload().set("room", grant.room);
    token.payload().set("user", grant.user);
    token.payload().set("role", grant.role);
    Poco::JSON::Array::Ptr permissions = new Poco::JSON::Array;
    for (const auto& p : grant.permissions)
        permissions->add(p);
    token.payload().set("permissions", permissions);
    return signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

} // namespace LegacyPages

#endif
