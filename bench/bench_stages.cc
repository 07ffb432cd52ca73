// Per-stage compile throughput on real programs, one thread, all in MB/s of **code section**
// (bytes of function bodies of the input .wasm), so the stages add up and compare with the
// end-to-end figure:
//
//  - Frontend/NAME:    decode + validate + WasmIR, streaming (what tier-1 runs)
//  - Backend/NAME:     register allocation + x86-64 emission of every function (tier-1 backend
//                      over WasmIR decoded beforehand)
//  - EmitWasm/NAME:    WasmIR -> .wasm (the emitter, over the same prebuilt WasmIR)
//  - BytesToCode/NAME: Module::compile, the whole pipeline (decode to linked code)
//
// Inputs: every .wasm in the folders of $WR_BENCH_WASM_DIRS (colon-separated; default: the
// bench/peers corpus and examples as bench/peers/run builds them under build/peers).
//
//   bench/peers/run --reps 1        # builds the corpus (or examples/build.sh build/peers/examples)
//   build/release/bench/bench_stages --benchmark_min_time=1
//
// Depends on: the public API, the frontend, src/emit/x64, src/emit/wasm.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "emit/wasm/emit_wasm.h"
#include "emit/x64/x64_backend.h"
#include "runtime/vmctx.h"
#include "wasmir/module.h"
#include "wasmrust/frontend.h"
#include "wasmrust/wasmrust.h"

namespace {

using namespace wasmrust;
namespace fs = std::filesystem;

struct Input {
  std::string name;
  std::vector<uint8_t> bytes;
  uint64_t code_bytes = 0;
  std::unique_ptr<ir::Module> module;  // every body retained, for Backend and EmitWasm
};

std::vector<Input>& inputs() {
  static std::vector<Input> all;
  return all;
}

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void load_dir(const fs::path& dir, const std::string& suffix) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".wasm") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    Input in;
    in.name = p.stem().string() + suffix;
    in.bytes = read_bytes(p);
    in.module = std::make_unique<ir::Module>();
    Status st = decode_wasm(in.bytes, in.module.get());
    if (!st.ok()) {
      std::fprintf(stderr, "bench_stages: %s does not decode: %s\n", p.c_str(), st.error().to_string().c_str());
      continue;
    }
    for (const ir::Function& f : in.module->funcs) in.code_bytes += f.code_size;
    inputs().push_back(std::move(in));
  }
}

void report(benchmark::State& state, const Input& in) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.code_bytes));
  state.counters["code_MB"] = in.code_bytes / 1e6;
}

void BM_Frontend(benchmark::State& state, const Input* in) {
  for (auto _ : state) {
    ir::Module m;
    StreamingDecoder d(&m, FrontendOptions{true, false, true});
    d.set_function_callback([](ir::FunctionBody&, const ir::Module&) { return Status(); });
    Status st = d.feed(in->bytes);
    if (st.ok()) st = d.finish();
    if (!st.ok()) return state.SkipWithError(st.error().to_string().c_str());
    benchmark::DoNotOptimize(m);
  }
  report(state, *in);
}

void BM_Backend(benchmark::State& state, const Input* in) {
  const ir::Module& m = *in->module;
  x64::X64Backend backend{x64::Options{}};
  CompileEnv env;
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
      if (!st.ok()) return state.SkipWithError(st.error().to_string().c_str());
      machine += out.code.size();
    }
  }
  report(state, *in);
  state.counters["x64_per_code_byte"] = in->code_bytes ? double(machine) / double(in->code_bytes) : 0;
}

void BM_EmitWasm(benchmark::State& state, const Input* in) {
  WasmEmitter emitter;
  for (auto _ : state) {
    auto r = emitter.emit(*in->module);
    if (!r.ok()) return state.SkipWithError(r.error().to_string().c_str());
    benchmark::DoNotOptimize(r);
  }
  report(state, *in);
}

void BM_BytesToCode(benchmark::State& state, const Input* in) {
  Engine engine;  // compile_threads = 1
  for (auto _ : state) {
    auto m = wasmrust::Module::compile(engine, in->bytes);
    if (!m.ok()) return state.SkipWithError(m.error().to_string().c_str());
    benchmark::DoNotOptimize(m);
  }
  report(state, *in);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dirs = std::getenv("WR_BENCH_WASM_DIRS") ? std::getenv("WR_BENCH_WASM_DIRS") : "";
  std::string peers = std::string(WR_SOURCE_DIR) + "/build/peers/";
  if (dirs.empty())
    dirs = peers + "cargo/wasm32-unknown-unknown/debug:" + peers +
           "cargo/wasm32-unknown-unknown/release:" + peers + "examples";
  for (size_t at = 0; at <= dirs.size();) {
    size_t end = std::min(dirs.find(':', at), dirs.size());
    fs::path dir = dirs.substr(at, end - at);
    std::string mode = dir.filename().string();
    load_dir(dir, mode == "debug" || mode == "release" ? "-" + mode : "");
    at = end + 1;
  }
  if (inputs().empty()) {
    std::fprintf(stderr, "bench_stages: no .wasm found in %s (run bench/peers/run first)\n", dirs.c_str());
    return 1;
  }
  for (const Input& in : inputs()) {
    benchmark::RegisterBenchmark(("Frontend/" + in.name).c_str(), BM_Frontend, &in)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("Backend/" + in.name).c_str(), BM_Backend, &in)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("EmitWasm/" + in.name).c_str(), BM_EmitWasm, &in)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BytesToCode/" + in.name).c_str(), BM_BytesToCode, &in)->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
