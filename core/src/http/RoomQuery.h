#ifndef rolecall_RoomQuery_INCLUDED
#define rolecall_RoomQuery_INCLUDED

#include "Poco/Net/HTMLForm.h"
#include "util/Exceptions.h"
#include <string>

namespace rolecall
{

struct Role;

/// A query parameter that is wrong (HTTP 400); what() says why, parameter() names it.
class BadParameter : public RolecallException
{
public:
    BadParameter(std::string parameter, const std::string& why)
        : RolecallException("parameter '" + parameter + "' " + why, 400),
          _parameter(std::move(parameter))
    {
    }
    const std::string& parameter() const { return _parameter; }
    const char* name() const noexcept override { return "Bad parameter"; }
    Poco::Exception* clone() const override { return new BadParameter(*this); }
    void rethrow() const override { throw *this; }

private:
    std::string _parameter;
};

/// The room and user a page or token request asks for, validated, with the
/// configured default room and the role's generated name filling gaps.
struct RoomQuery
{
    std::string room;
    std::string user;

    static RoomQuery parse(const Poco::Net::HTMLForm& form, const std::string& defaultRoom,
                           const Role& role);

    /// Reads the request's query into a form; a parameter whose percent-encoding
    /// is broken becomes a BadParameter naming it, any other refusal one
    /// naming "(query)".
    static Poco::Net::HTMLForm form(const Poco::Net::HTTPRequest& request);

    /// The one value of `name`, or "" when absent; throws BadParameter when
    /// it is given more than once.
    static std::string single(const Poco::Net::HTMLForm& form, const std::string& name);
};

} // namespace rolecall

#endif
