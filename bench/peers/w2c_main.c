/* w2c_main.c: the wasm2c side of bench/peers/run. The script translates a module with
 * `wasm2c -n NAME` (so its API is Z_NAME_*), compiles the result and this file with
 * gcc -O2 -DW2C_NAME=NAME -DW2C_HEADER='"NAME.h"', and links wabt's runtime
 * (wasm-rt-impl.c: guard-page bounds checks, like ours).
 *
 *   PROGRAM N REPS   per repetition: a new instance (the corpus modules import nothing),
 *                    then one timed call of the export `bench(N) -> i64`
 *
 * Output: `rep CPU_MS WALL_MS` per repetition, then `checksum V`; a trap prints its reason
 * on stderr and exits 1. Depends on: wasm-rt.h, wasm-rt-impl.h (Debian's wabt). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include W2C_HEADER
#include "wasm-rt-impl.h"

#define W2C_CAT2(a, b) a##b
#define W2C_CAT(a, b) W2C_CAT2(a, b)
#define W2C_API(suffix) W2C_CAT(W2C_CAT(Z_, W2C_NAME), suffix)
#define W2C_EXPORT(name) W2C_CAT(W2C_CAT(Z_, W2C_NAME), W2C_CAT(Z_, name))

static double now_ms(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s N REPS\n", argv[0]);
    return 2;
  }
  uint32_t n = (uint32_t)atoi(argv[1]);
  int reps = atoi(argv[2]);
  wasm_rt_init();
  W2C_API(_init_module)();
  int64_t checksum = 0;
  for (int r = 0; r < reps; ++r) {
    W2C_API(_instance_t) instance;
    W2C_API(_instantiate)(&instance);
    double cpu0 = now_ms(CLOCK_PROCESS_CPUTIME_ID), wall0 = now_ms(CLOCK_MONOTONIC);
    wasm_rt_trap_t trap = wasm_rt_impl_try();
    if (trap != WASM_RT_TRAP_NONE) {
      fprintf(stderr, "trap: %s\n", wasm_rt_strerror(trap));
      return 1;
    }
    checksum = (int64_t)W2C_EXPORT(bench)(&instance, n);
    printf("rep %.3f %.3f\n", now_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0,
           now_ms(CLOCK_MONOTONIC) - wall0);
    W2C_API(_free)(&instance);
  }
  printf("checksum %" PRId64 "\n", checksum);
  wasm_rt_free();
  return 0;
}
