#ifndef rolecall_FuzzCheck_INCLUDED
#define rolecall_FuzzCheck_INCLUDED

#include <cstdio>
#include <cstdlib>

/// An invariant of a fuzz target: when it does not hold, libFuzzer keeps the
/// input as a crash (abort() is reported like any other crash).
#define FUZZ_CHECK(condition)                                                                      \
    do                                                                                             \
    {                                                                                              \
        if (!(condition))                                                                          \
        {                                                                                          \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

#endif
