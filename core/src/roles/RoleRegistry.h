#ifndef rolecall_RoleRegistry_INCLUDED
#define rolecall_RoleRegistry_INCLUDED

#include "roles/RoleSet.h"
#include <atomic>
#include <memory>

namespace rolecall
{

/// The current RoleSet behind one pointer. Readers take a snapshot and keep
/// it for the whole request; replace() swaps in a new set atomically.
class RoleRegistry
{
public:
    explicit RoleRegistry(std::shared_ptr<const RoleSet> initial) : _current(std::move(initial)) {}

    std::shared_ptr<const RoleSet> current() const { return std::atomic_load(&_current); }
    void replace(std::shared_ptr<const RoleSet> next)
    {
        std::atomic_store(&_current, std::move(next));
    }

private:
    std::shared_ptr<const RoleSet> _current;
};

} // namespace rolecall

#endif
