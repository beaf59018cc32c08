#ifndef rolecall_ConnectionId_INCLUDED
#define rolecall_ConnectionId_INCLUDED

#include <cstdint>

namespace rolecall
{

/// Names one client connection for its whole life; never reused.
using ConnectionId = std::uint64_t;

} // namespace rolecall

#endif
