// wr_peer: our side of bench/peers/run. Measures, through the public API only, what the peer
// drivers measure for V8 (v8_peer.mjs), wasm2c (w2c_main.c) and wasm-interp:
//
//   wr_peer compile FILE REPS     Module::compile (decode, validate, WasmIR, tier-1 x86-64 of
//                                 every function, link) REPS times, one thread
//   wr_peer run FILE N REPS       per repetition: a new Store and instance (no imports),
//                                 then one timed call of the export `bench(N) -> i64`
//
// Output, one line per repetition: `rep CPU_MS WALL_MS` (CPU: this process, which does all
// its work on the calling thread), then `checksum V` (run) or `stats ...` (compile).
// Exit status 1 with a message on stderr for any error or trap.
//
// With WR_PEER_PERF_MAP=1 in the environment, `run` writes /tmp/perf-PID.map (start, size,
// name of every compiled function) so `perf report` can name the functions of JIT code.
//
// Depends on: include/wasmrust/wasmrust.h; src/api/api_impl.h and the runtime's ModuleCode
// for the perf map only. Guarantees: no output on stdout but the lines
// above, so the script can parse it.
#include <time.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "api/api_impl.h"
#include "runtime/module_code.h"
#include "wasmrust/wasmrust.h"

namespace {

using namespace wasmrust;

double now_ms(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Timer {
  double cpu0 = now_ms(CLOCK_PROCESS_CPUTIME_ID), wall0 = now_ms(CLOCK_MONOTONIC);
  void print() const {
    std::printf("rep %.3f %.3f\n", now_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0,
                now_ms(CLOCK_MONOTONIC) - wall0);
  }
};

int fail(const std::string& what, const Error& e) {
  std::fprintf(stderr, "wr_peer: %s: %s\n", what.c_str(), e.to_string().c_str());
  return 1;
}

int compile(const std::vector<uint8_t>& bytes, int reps) {
  Engine engine;  // defaults: tier-1, compile_threads = 1
  for (int r = 0; r < reps; ++r) {
    Timer t;
    Result<Module> m = Module::compile(engine, bytes);
    t.print();
    if (!m.ok()) return fail("compile", m.error());
    if (r + 1 == reps) {
      const CompileStats& s = m->stats();
      std::printf("stats functions=%u code_bytes=%" PRIu64 " machine_code_bytes=%" PRIu64
                  " decode_ms=%.3f compile_ms=%.3f link_ms=%.3f\n",
                  s.functions, s.wasm_code_bytes, s.machine_code_bytes, s.decode_ms,
                  s.compile_ms, s.link_ms);
    }
  }
  return 0;
}

// perf's JIT symbol file: "START SIZE NAME" per line, hexadecimal.
void write_perf_map(const Module& m) {
  const rt::ModuleCode& code = *m.impl()->info->code;
  std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return;
  for (const rt::FuncCodeInfo& fn : code.funcs()) {
    const std::string& name = code.func_name(fn.func_index);
    std::fprintf(f, "%" PRIxPTR " %x %s\n", reinterpret_cast<uintptr_t>(code.base()) + fn.offset,
                 fn.size, name.empty() ? ("wasm-function[" + std::to_string(fn.func_index) + "]").c_str()
                                       : name.c_str());
  }
  std::fclose(f);
}

int run(const std::vector<uint8_t>& bytes, int32_t n, int reps) {
  Engine engine;
  Result<Module> m = Module::compile(engine, bytes);
  if (!m.ok()) return fail("compile", m.error());
  const char* perf_map = std::getenv("WR_PEER_PERF_MAP");
  if (perf_map && std::string(perf_map) == "1") write_perf_map(*m);
  int64_t checksum = 0;
  for (int r = 0; r < reps; ++r) {
    Store store(engine);
    Result<Instance> inst = Instance::create(store, *m, {});
    if (!inst.ok()) return fail("instantiate", inst.error());
    std::optional<Func> bench = inst->get_func("bench");
    if (!bench) {
      std::fprintf(stderr, "wr_peer: no exported function `bench`\n");
      return 1;
    }
    Timer t;
    Result<std::vector<Val>> out = bench->call({Val::i32(n)});
    t.print();
    if (!out.ok()) return fail("bench", out.error());
    if (out->size() != 1 || (*out)[0].type() != Type::kI64) {
      std::fprintf(stderr, "wr_peer: `bench` must return one i64\n");
      return 1;
    }
    checksum = (*out)[0].i64();
  }
  std::printf("checksum %" PRId64 "\n", checksum);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (!((mode == "compile" && argc == 4) || (mode == "run" && argc == 5))) {
    std::fprintf(stderr, "usage: wr_peer compile FILE REPS | wr_peer run FILE N REPS\n");
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "wr_peer: cannot read %s\n", argv[2]);
    return 1;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (mode == "compile") return compile(bytes, std::atoi(argv[3]));
  return run(bytes, static_cast<int32_t>(std::atoi(argv[3])), std::atoi(argv[4]));
}
