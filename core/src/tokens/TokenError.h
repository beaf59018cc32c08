#ifndef rolecall_TokenError_INCLUDED
#define rolecall_TokenError_INCLUDED

#include <stdexcept>

namespace rolecall
{

/// A room token that must not be honoured; what() says why, without
/// echoing the token or anything about the key.
class TokenError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace rolecall

#endif
