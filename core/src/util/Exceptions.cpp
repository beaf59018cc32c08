#include "util/Exceptions.h"
#include <typeinfo>

namespace rolecall
{

RolecallException::RolecallException(int code) : Poco::Exception(code) {}

RolecallException::RolecallException(const std::string& message, int code)
    : Poco::Exception(message, code)
{
}

RolecallException::RolecallException(const std::string& message, const std::string& arg, int code)
    : Poco::Exception(message, arg, code)
{
}

RolecallException::RolecallException(const std::string& message, const Poco::Exception& cause,
                                     int code)
    : Poco::Exception(message, cause, code)
{
}

RolecallException::~RolecallException() noexcept = default;

const char* RolecallException::name() const noexcept
{
    return "rolecall error";
}

const char* RolecallException::className() const noexcept
{
    return typeid(*this).name();
}

const char* RolecallException::what() const noexcept
{
    return message().c_str();
}

Poco::Exception* RolecallException::clone() const
{
    return new RolecallException(*this);
}

void RolecallException::rethrow() const
{
    throw *this;
}

POCO_IMPLEMENT_EXCEPTION(PluginError, RolecallException, "Plugin error")
POCO_IMPLEMENT_EXCEPTION(PluginFailure, RolecallException, "Plugin failure")
POCO_IMPLEMENT_EXCEPTION(TokenError, RolecallException, "Token error")
POCO_IMPLEMENT_EXCEPTION(BackendError, RolecallException, "Backend error")
POCO_IMPLEMENT_EXCEPTION(RpcError, RolecallException, "Signaling request refused")

} // namespace rolecall
