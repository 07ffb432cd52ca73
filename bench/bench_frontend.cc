// Frontend throughput: decode + validate + WasmIR construction, one thread, in MB/s of
// code section; and WasmIR memory per code byte (the reused per-function context vs.
// retaining every body).
//
// Inputs: a generated multi-megabyte module whose instruction mix resembles unoptimized
// compiler output (many locals, local.get/set heavy, loads and stores with offsets, calls,
// br_if, nested blocks and loops, a shadow stack pointer global), and every .wasm in
// $WR_BENCH_WASM_DIR (default: build/examples, where examples/build.sh puts the real
// programs).
//
//   build/release/bench/bench_frontend --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "wasmir/module.h"
#include "wasmrust/frontend.h"

using namespace wasmrust;

namespace {

// ---- a small binary writer ----

struct Out {
  std::vector<uint8_t> b;
  void u8(uint8_t v) { b.push_back(v); }
  void u32(uint32_t v) {
    do {
      uint8_t byte = v & 0x7F;
      v >>= 7;
      if (v) byte |= 0x80;
      b.push_back(byte);
    } while (v);
  }
  void s32(int32_t v) {
    for (;;) {
      uint8_t byte = v & 0x7F;
      v >>= 7;
      bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
      b.push_back(done ? byte : byte | 0x80);
      if (done) return;
    }
  }
  void name(const char* s) {
    u32(static_cast<uint32_t>(std::strlen(s)));
    b.insert(b.end(), s, s + std::strlen(s));
  }
  void section(uint8_t id, const Out& body) {
    u8(id);
    u32(static_cast<uint32_t>(body.b.size()));
    b.insert(b.end(), body.b.begin(), body.b.end());
  }
};

/// One generated function body: i32 locals [0, n32) (the two parameters first), i64
/// locals after them.
class BodyGen {
 public:
  BodyGen(std::mt19937& rng, uint32_t num_funcs) : rng_(rng), num_funcs_(num_funcs) {}

  std::vector<uint8_t> make(uint32_t target_size) {
    o_.b.clear();
    n32_ = 8 + rng_() % 120;  // unoptimized builds: a local per temporary
    n64_ = rng_() % 12;
    o_.u32(2);
    o_.u32(n32_ - 2);  // the two parameters are the first i32s
    o_.u8(0x7F);
    o_.u32(n64_);
    o_.u8(0x7E);
    // Prologue: sp = sp - frame.
    o_.u8(0x23), o_.u32(0), o_.u8(0x41), o_.s32(16 + rng_() % 256), o_.u8(0x6B), o_.u8(0x22), o_.u32(l32()), o_.u8(0x24),
        o_.u32(0);
    depth_ = 0;
    while (o_.b.size() < target_size) statement();
    while (depth_ > 0) close();
    o_.u8(0x41), o_.s32(rng_() % 100);  // result
    o_.u8(0x0B);
    return o_.b;
  }

 private:
  uint32_t l32() { return rng_() % n32_; }
  uint32_t l64() { return n32_ + rng_() % n64_; }
  void get32() { o_.u8(0x20), o_.u32(l32()); }
  void set32() { o_.u8(0x21), o_.u32(l32()); }
  void close() {
    o_.u8(0x0B);
    --depth_;
  }
  void statement() {
    uint32_t r = rng_() % 100;
    if (r < 26) {  // c = a op b
      static constexpr uint8_t kOps[] = {0x6A, 0x6A, 0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x74, 0x76, 0x46, 0x49, 0x4D};
      get32(), get32(), o_.u8(kOps[rng_() % sizeof(kOps)]), set32();
    } else if (r < 38) {  // c = load(a + off)
      static constexpr uint8_t kLoads[] = {0x28, 0x28, 0x28, 0x2D, 0x2F};
      uint8_t op = kLoads[rng_() % sizeof(kLoads)];
      get32(), o_.u8(op), o_.u32(op == 0x28 ? 2 : op == 0x2D ? 0 : 1), o_.u32(4 * (rng_() % 64)), set32();
    } else if (r < 48) {  // store(a + off, b)
      get32(), get32(), o_.u8(0x36), o_.u32(2), o_.u32(4 * (rng_() % 64));
    } else if (r < 56) {  // c = const
      o_.u8(0x41), o_.s32(static_cast<int32_t>(rng_() % 5000) - 100), set32();
    } else if (r < 60 && n64_ > 0) {  // i64 arithmetic and a wide load
      o_.u8(0x20), o_.u32(l64()), o_.u8(0x42), o_.u32(rng_() % 1000), o_.u8(0x7C), o_.u8(0x21), o_.u32(l64());
      get32(), o_.u8(0x29), o_.u32(3), o_.u32(8 * (rng_() % 32)), o_.u8(0x21), o_.u32(l64());
    } else if (r < 68) {  // call f(a, b) -> c
      get32(), get32(), o_.u8(0x10), o_.u32(rng_() % num_funcs_ + 1), set32();
    } else if (r < 74) {  // tee and reuse
      get32(), o_.u8(0x41), o_.s32(1), o_.u8(0x6A), o_.u8(0x22), o_.u32(l32()), set32();
    } else if (r < 82 && depth_ > 0) {  // if (!a) break
      get32(), o_.u8(0x45), o_.u8(0x0D), o_.u32(rng_() % depth_);
    } else if (r < 87 && depth_ < 6) {
      o_.u8(0x02), o_.u8(0x40), ++depth_;
    } else if (r < 90 && depth_ < 6) {
      o_.u8(0x03), o_.u8(0x40), ++depth_;
    } else if (r < 94 && depth_ < 6) {
      get32(), o_.u8(0x04), o_.u8(0x40), ++depth_;
    } else if (r < 97 && depth_ > 0) {
      close();
    } else {
      o_.u8(0x23), o_.u32(0), set32();  // read the stack pointer
    }
  }

  std::mt19937& rng_;
  uint32_t num_funcs_;
  Out o_;
  uint32_t n32_ = 0, n64_ = 0, depth_ = 0;
};

struct Generated {
  std::vector<uint8_t> bytes;
  size_t code_bytes = 0;
};

/// A module of {num_funcs} functions of type (i32, i32) -> i32 (plus one import) with
/// bodies of about {body_size} bytes each.
Generated generate(uint32_t num_funcs, uint32_t body_size) {
  std::mt19937 rng(42);
  Out m;
  m.b = {0, 'a', 's', 'm', 1, 0, 0, 0};
  Out types;
  types.u32(1), types.u8(0x60), types.u32(2), types.u8(0x7F), types.u8(0x7F), types.u32(1), types.u8(0x7F);
  m.section(1, types);
  Out imports;
  imports.u32(1), imports.name("env"), imports.name("host"), imports.u8(0), imports.u32(0);
  m.section(2, imports);
  Out funcs;
  funcs.u32(num_funcs);
  for (uint32_t i = 0; i < num_funcs; ++i) funcs.u32(0);
  m.section(3, funcs);
  Out mem;
  mem.u32(1), mem.u8(0), mem.u32(17);
  m.section(5, mem);
  Out globals;
  globals.u32(1), globals.u8(0x7F), globals.u8(1), globals.u8(0x41), globals.s32(1 << 20), globals.u8(0x0B);
  m.section(6, globals);
  Out code;
  code.u32(num_funcs);
  BodyGen gen(rng, num_funcs);
  for (uint32_t i = 0; i < num_funcs; ++i) {
    uint32_t size = body_size / 4 + rng() % (body_size * 3 / 2);
    std::vector<uint8_t> body = gen.make(size);
    code.u32(static_cast<uint32_t>(body.size()));
    code.b.insert(code.b.end(), body.begin(), body.end());
  }
  m.section(10, code);
  return {std::move(m.b), code.b.size()};
}

const Generated& generated() {
  static const Generated g = generate(4000, 1500);  // about 6 MB of code
  return g;
}

/// Code section size of a module (0 if none).
size_t code_section_size(const std::vector<uint8_t>& bytes) {
  size_t p = 8;
  while (p < bytes.size()) {
    uint8_t id = bytes[p++];
    uint32_t size = 0;
    for (int shift = 0; p < bytes.size(); shift += 7) {
      uint8_t b = bytes[p++];
      size |= uint32_t(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    if (id == 10) return size;
    p += size;
  }
  return 0;
}

/// Decode with the reused per-function context; reports MB/s of code and peak memory.
void run_streaming(benchmark::State& state, const std::vector<uint8_t>& bytes, size_t code_bytes) {
  FrontendOptions opts;
  opts.retain_bodies = false;
  size_t peak_body = 0, largest_body = 1;
  for (auto _ : state) {
    ir::Module m;
    StreamingDecoder d(&m, opts);
    d.set_function_callback([&](ir::FunctionBody& body, const ir::Module&) {
      size_t bytes_now = body.memory_bytes();
      if (bytes_now > peak_body) peak_body = bytes_now;
      if (m.funcs[body.func_index].code_size > largest_body) largest_body = m.funcs[body.func_index].code_size;
      return Status();
    });
    Status s = d.feed(bytes);
    if (s.ok()) s = d.finish();
    if (!s.ok()) {
      state.SkipWithError(s.error().to_string().c_str());
      return;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * code_bytes));
  state.counters["code_MB"] = static_cast<double>(code_bytes) / 1e6;
  state.counters["ctx_peak_KB"] = static_cast<double>(peak_body) / 1024.0;
  state.counters["ctx_B_per_code_B"] = static_cast<double>(peak_body) / static_cast<double>(code_bytes);
  state.counters["ctx_B_per_max_body_B"] = static_cast<double>(peak_body) / static_cast<double>(largest_body);
}

/// Decode retaining every body (the one-shot API): memory per code byte of all bodies.
void run_retained(benchmark::State& state, const std::vector<uint8_t>& bytes, size_t code_bytes) {
  size_t ir_bytes = 0;
  size_t insts = 0;
  for (auto _ : state) {
    ir::Module m;
    Status s = decode_wasm(bytes, &m);
    if (!s.ok()) {
      state.SkipWithError(s.error().to_string().c_str());
      return;
    }
    ir_bytes = 0;
    insts = 0;
    for (const ir::Function& f : m.funcs) {
      if (!f.body) continue;
      ir_bytes += f.body->memory_bytes() + sizeof(ir::FunctionBody);
      insts += f.body->num_insts();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * code_bytes));
  state.counters["IR_B_per_code_B"] = static_cast<double>(ir_bytes) / static_cast<double>(code_bytes);
  state.counters["insts_per_code_B"] = static_cast<double>(insts) / static_cast<double>(code_bytes);
}

void BM_Generated_Streaming(benchmark::State& state) {
  run_streaming(state, generated().bytes, generated().code_bytes);
}
BENCHMARK(BM_Generated_Streaming)->Unit(benchmark::kMillisecond);

void BM_Generated_Retained(benchmark::State& state) {
  run_retained(state, generated().bytes, generated().code_bytes);
}
BENCHMARK(BM_Generated_Retained)->Unit(benchmark::kMillisecond);

/// Register the real programs found in the examples' output folder.
void register_real_programs() {
  for (const auto& p : bench::real_program_files("bench_frontend")) {
    auto bytes = std::make_shared<std::vector<uint8_t>>(bench::read_bytes(p));
    size_t code = code_section_size(*bytes);
    if (code == 0) continue;
    std::string name = p.stem().string();
    benchmark::RegisterBenchmark(("BM_Real_Streaming/" + name).c_str(),
                                 [bytes, code](benchmark::State& s) { run_streaming(s, *bytes, code); })
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_Real_Retained/" + name).c_str(),
                                 [bytes, code](benchmark::State& s) { run_retained(s, *bytes, code); })
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_real_programs();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
