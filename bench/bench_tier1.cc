// Tier-1 compile speed: one thread, every function compiled eagerly.
//
//  - BytesToCode/*: the public API's Module::compile (decode + validate + WasmIR + x86-64 +
//    layout + W^X + registration), MB/s of code section.
//  - Frontend/*: decode and validate only (what the frontend costs of the above).
//  - Backend/*: the x64 backend alone over prebuilt WasmIR (both eviction policies).
// Inputs: a generated multi-megabyte module with a debug-build instruction mix, and a module
// with one ~200 KB function of 20,000 locals; and the real programs of examples/ (from
// $WR_BENCH_WASM_DIR, default build/examples; examples/build.sh builds them), registered by
// name. Counters: code bytes per wasm byte, peak RSS.
//
// Depends on: the public API, the frontend, src/emit/x64; bench_tier1_gen.h.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "bench_inputs.h"
#include "bench_tier1_gen.h"
#include "emit/x64/x64_backend.h"
#include "runtime/vmctx.h"
#include "wasmir/module.h"
#include "wasmrust/frontend.h"
#include "wasmrust/wasmrust.h"

namespace {

using namespace wasmrust;

struct Input {
  std::vector<uint8_t> bytes;
  uint64_t code_bytes = 0;  // bytes of function bodies
  // Decoded with bodies retained, for the backend-only benchmarks (built on first use, so
  // the bytes-to-code figures' peak RSS does not include it).
  const ir::Module& module() const {
    if (!module_) {
      module_ = std::make_unique<ir::Module>();
      Status st = decode_wasm(bytes, module_.get());
      if (!st.ok()) std::abort();
    }
    return *module_;
  }
  mutable std::unique_ptr<ir::Module> module_;
};

Input make_input(std::vector<uint8_t> bytes) {
  Input in;
  in.bytes = std::move(bytes);
  ir::Module m;
  uint64_t insts = 0;
  StreamingDecoder d(&m, FrontendOptions{true, false, true});
  d.set_function_callback([&](ir::FunctionBody& body, const ir::Module&) {
    insts += body.num_insts();
    return Status();
  });
  Status st = d.feed(in.bytes);
  if (st.ok()) st = d.finish();
  if (!st.ok()) {
    std::fprintf(stderr, "generated module does not decode: %s\n", st.error().to_string().c_str());
    std::abort();
  }
  for (const ir::Function& f : m.funcs) in.code_bytes += f.code_size;
  std::fprintf(stderr, "input: %zu bytes, %llu code bytes, %llu IR instructions\n", in.bytes.size(),
               (unsigned long long)in.code_bytes, (unsigned long long)insts);
  return in;
}

const Input& multi() {
  static Input in = make_input(wr_bench::WasmGen().module({}));
  return in;
}
const Input& big() {
  static Input in = make_input(wr_bench::WasmGen().big_function_module(20000, 200 * 1024));
  return in;
}
// The real programs of examples/ (from $WR_BENCH_WASM_DIR, default build/examples), indexed
// from 2 on; filled by main() before the benchmarks run.
std::vector<std::unique_ptr<Input>>& real_inputs() {
  static std::vector<std::unique_ptr<Input>> v;
  return v;
}
const Input& by_name(int which) {
  if (which >= 2) return *real_inputs()[static_cast<size_t>(which - 2)];
  return which == 0 ? multi() : big();
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

void report(benchmark::State& state, const Input& in, uint64_t machine_bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.code_bytes));
  state.counters["code_KB"] = in.code_bytes / 1024.0;
  state.counters["x64_per_wasm_byte"] = in.code_bytes ? double(machine_bytes) / double(in.code_bytes) : 0;
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_BytesToCode(benchmark::State& state) {
  const Input& in = by_name(static_cast<int>(state.range(0)));
  Engine engine;
  uint64_t machine = 0;
  double decode_ms = 0, compile_ms = 0, link_ms = 0;
  for (auto _ : state) {
    auto m = wasmrust::Module::compile(engine, in.bytes);
    if (!m.ok()) {
      state.SkipWithError(m.error().to_string().c_str());
      return;
    }
    const wasmrust::CompileStats& st = m->stats();
    machine = st.machine_code_bytes;
    decode_ms += st.decode_ms, compile_ms += st.compile_ms, link_ms += st.link_ms;
    benchmark::DoNotOptimize(m);
  }
  report(state, in, machine);
  // Wall-clock split reported by the compile pipeline (the machine is shared: compare the
  // shares, not the absolute figures, with CPU time).
  double n = static_cast<double>(state.iterations());
  state.counters["decode_ms"] = decode_ms / n;
  state.counters["codegen_ms"] = compile_ms / n;
  state.counters["link_ms"] = link_ms / n;
}

void BM_Frontend(benchmark::State& state) {
  const Input& in = by_name(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    ir::Module m;
    Status st = decode_wasm(in.bytes, &m, FrontendOptions{true, false, true});
    if (!st.ok()) {
      state.SkipWithError(st.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(m);
  }
  report(state, in, 0);
}

void BM_Backend(benchmark::State& state) {
  const Input& in = by_name(static_cast<int>(state.range(0)));
  x64::Options opt;
  opt.policy = state.range(1) ? ra::EvictPolicy::kFurthestEnd : ra::EvictPolicy::kLeastRecent;
  x64::X64Backend backend(opt);
  CompileEnv env;
  const ir::Module& m = in.module();
  env.module = &m;
  env.offsets = {static_cast<uint32_t>(m.memories.size()), static_cast<uint32_t>(m.globals.size()),
                 static_cast<uint32_t>(m.tables.size()), static_cast<uint32_t>(m.funcs.size())};
  CompiledFunction out;
  uint64_t machine = 0;
  for (auto _ : state) {
    machine = 0;
    for (const ir::Function& f : m.funcs) {
      if (!f.body) continue;
      Status st = backend.compile(env, *f.body, &out);
      if (!st.ok()) {
        state.SkipWithError(st.error().to_string().c_str());
        return;
      }
      machine += out.code.size();
    }
  }
  report(state, in, machine);
}

// range(0): 0 = multi-megabyte module, 1 = one function with 20,000 locals
BENCHMARK(BM_BytesToCode)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Frontend)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
// range(1): 0 = least-recently-used eviction (the default), 1 = linear-scan furthest end
BENCHMARK(BM_Backend)->Args({0, 0})->Args({0, 1})->Args({1, 0})->Args({1, 1})->Unit(benchmark::kMillisecond);

// BytesToCode and Backend over each real program (debug builds are the dev-build case).
void register_real_programs() {
  for (const auto& p : bench::real_program_files("bench_tier1")) {
    std::vector<uint8_t> bytes = bench::read_bytes(p);
    real_inputs().push_back(std::make_unique<Input>(make_input(std::move(bytes))));
    int64_t index = static_cast<int64_t>(real_inputs().size() + 1);
    std::string name = p.stem().string();
    benchmark::RegisterBenchmark(("BM_BytesToCode/" + name).c_str(), BM_BytesToCode)
        ->Arg(index)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_Backend/" + name).c_str(), BM_Backend)
        ->Args({index, 0})->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  register_real_programs();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
