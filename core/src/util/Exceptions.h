#ifndef rolecall_Exceptions_INCLUDED
#define rolecall_Exceptions_INCLUDED

#include "Poco/Exception.h"

namespace rolecall
{

/// The root of every error rolecall raises. A Poco::Exception, so one catch
/// clause takes ours and Poco's alike; code() is what the boundary answers
/// with: an HTTP status (BackendError, BadParameter 400, InviteError 403) or a
/// SignalWire JSON-RPC code (RpcError), 0 where the boundary decides.
/// what() is the message, not Poco's class name: a boundary that only knows
/// std::exception still logs why.
class RolecallException : public Poco::Exception
{
public:
    explicit RolecallException(int code = 0);
    explicit RolecallException(const std::string& message, int code = 0);
    RolecallException(const std::string& message, const std::string& arg, int code = 0);
    RolecallException(const std::string& message, const Poco::Exception& cause, int code = 0);
    RolecallException(const RolecallException&) = default;
    RolecallException& operator=(const RolecallException&) = default;
    ~RolecallException() noexcept override;

    const char* name() const noexcept override;
    const char* className() const noexcept override;
    const char* what() const noexcept override;
    Poco::Exception* clone() const override;
    void rethrow() const override;
};

/// A plugin library that cannot be used: the message names the file and why.
POCO_DECLARE_EXCEPTION(, PluginError, RolecallException)
/// A role plugin's code threw: the message names the role, its plugin, the
/// hook and what was thrown, for the log (not for the page).
POCO_DECLARE_EXCEPTION_CODE(, PluginFailure, RolecallException, 500)
/// A room token, lobby ticket or signing key that must not be honoured; the
/// message says why without echoing the token or anything about the key.
POCO_DECLARE_EXCEPTION_CODE(, TokenError, RolecallException, 401)
/// A backend that could not admit; code() is the HTTP status to answer with
/// (502 upstream failure, 504 upstream timeout, 4xx a refusal by policy) and
/// the message is safe to show.
POCO_DECLARE_EXCEPTION_CODE(, BackendError, RolecallException, 502)
/// A refused signaling request; code() is SignalWire's: 400 malformed, 401 bad
/// token or not joined, 403 missing permission, 404 unknown member, 409 room
/// full, 423 locked, 429 too many requests, 503 cannot right now.
POCO_DECLARE_EXCEPTION_CODE(, RpcError, RolecallException, 400)

} // namespace rolecall

#endif
