// Debug checks for bugs in the library itself (never for bad input: that is a Result).
#pragma once

#include <cstdio>
#include <cstdlib>

#ifndef NDEBUG
#define WR_DCHECK(cond)                                                              \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: WR_DCHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)
#else
#define WR_DCHECK(cond) ((void)0)
#endif

/// Always-on check for states that must never happen even in release builds.
#define WR_CHECK(cond)                                                               \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: WR_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)

#define WR_UNREACHABLE() WR_CHECK(false && "unreachable")
