// .wasm emitter throughput (MB/s of output, one thread) and size (emitted / input bytes).
//
// Inputs: every module the core spec suite expects to be valid (converted with wast2json
// into a temporary directory, decoded by the frontend); the real programs in
// $WR_BENCH_WASM_DIR (default: build/examples, where examples/build.sh puts them); and a
// generated multi-megabyte WasmIR module built with the FunctionBody API: arbitrary CFGs
// with loops carrying block parameters, merges, br_tables, calls, loads and stores.
// Suite location: $WR_TESTSUITE_DIR (default ../shared/wasm-testsuite).
//
//   build/release/bench/bench_emit_wasm --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "emit/wasm/emit_wasm.h"
#include "wasmir/module.h"
#include "wasmrust/frontend.h"

using namespace wasmrust;
namespace fs = std::filesystem;

namespace {

struct Input {
  std::string name;
  size_t in_bytes = 0;  // 0 for generated IR
  std::unique_ptr<ir::Module> module;
};

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::unique_ptr<ir::Module> decode(const std::vector<uint8_t>& bytes) {
  auto m = std::make_unique<ir::Module>();
  if (!decode_wasm(bytes, m.get()).ok()) return nullptr;
  return m;
}

std::string env_or(const char* var, const std::string& fallback) {
  const char* v = std::getenv(var);
  return v && *v ? v : fallback;
}

// The valid modules of the core suite: wast2json each script, keep the command modules.
std::vector<Input> load_suite() {
  std::vector<Input> out;
  fs::path core = fs::path(env_or("WR_TESTSUITE_DIR", std::string(WR_SOURCE_DIR) + "/../shared/wasm-testsuite")) / "core";
  if (!fs::is_directory(core)) return out;
  fs::path tmp = fs::temp_directory_path() / "wr_bench_emit_wasm";
  fs::create_directories(tmp);
  for (const fs::directory_entry& e : fs::directory_iterator(core)) {
    if (e.path().extension() != ".wast") continue;
    fs::path json = tmp / (e.path().stem().string() + ".json");
    std::string cmd = "wast2json " + e.path().string() + " -o " + json.string() + " >/dev/null 2>&1";
    if (!fs::exists(json) && std::system(cmd.c_str()) != 0) continue;
    std::ifstream in(json);
    for (std::string line; std::getline(in, line);) {
      bool valid = line.find("\"type\": \"module\"") != std::string::npos;
      size_t at = line.find("\"filename\": \"");
      if (!valid || at == std::string::npos) continue;
      at += 13;
      fs::path file = tmp / line.substr(at, line.find('"', at) - at);
      if (file.extension() != ".wasm") continue;
      std::vector<uint8_t> bytes = read_bytes(file);
      if (auto m = decode(bytes)) out.push_back({file.filename().string(), bytes.size(), std::move(m)});
    }
  }
  return out;
}

std::vector<Input> load_programs() {
  std::vector<Input> out;
  fs::path dir = env_or("WR_BENCH_WASM_DIR", std::string(WR_SOURCE_DIR) + "/build/examples");
  if (!fs::is_directory(dir)) return out;
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".wasm") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::vector<uint8_t> bytes = read_bytes(p);
    if (auto m = decode(bytes)) out.push_back({p.filename().string(), bytes.size(), std::move(m)});
  }
  return out;
}

// One generated function: a loop over {n} steps carrying (i, acc) in block parameters; its
// body is a chain of diamonds (merges with a parameter), a br_table, loads, stores, a call.
void generate_function(ir::FunctionBody& f, std::mt19937& rng, uint32_t callee, uint32_t diamonds) {
  Type two[] = {Type::kI32, Type::kI32};
  Type one[] = {Type::kI32};
  Local tmp = f.add_local(Type::kI32);
  Block entry = f.create_block(), head = f.create_block(two), exit = f.create_block(one);
  f.switch_to(entry);
  Value init[] = {f.local_get(Local(0)), f.i32_const(rng() % 100)};
  f.jump(head, init);
  f.switch_to(head);
  Value i = f.block_param(head, 0), acc = f.block_param(head, 1);
  for (uint32_t d = 0; d < diamonds; ++d) {
    Block a = f.create_block(), b = f.create_block(), m = f.create_block(one);
    Value c = f.binary(Opcode::kI32And, Type::kI32, acc, f.i32_const(1u << (d % 5)));
    f.br_if(c, a, {}, b, {});
    f.switch_to(a);
    Value x = f.load(Opcode::kI32Load, Type::kI32, f.binary(Opcode::kI32And, Type::kI32, acc, f.i32_const(0xFFC)), {0, 16, 2, 0});
    Value ax[] = {f.binary(Opcode::kI32Add, Type::kI32, x, f.binary(Opcode::kI32Mul, Type::kI32, i, f.i32_const(rng() % 97)))};
    f.jump(m, ax);
    f.switch_to(b);
    f.local_set(tmp, f.binary(Opcode::kI32Xor, Type::kI32, acc, f.local_get(Local(1))));
    Value bx[] = {f.binary(Opcode::kI32Shl, Type::kI32, f.local_get(tmp), f.i32_const(rng() % 7))};
    f.jump(m, bx);
    f.switch_to(m);
    acc = f.block_param(m, 0);
    f.store(Opcode::kI32Store, f.binary(Opcode::kI32And, Type::kI32, i, f.i32_const(0xFFC)), acc, {0, 32, 2, 0});
  }
  Value args[] = {acc, i};
  Inst call = f.call(callee, args, one);
  acc = f.result(call);
  Block cases[3] = {f.create_block(), f.create_block(), f.create_block()};
  Block next = f.create_block(one);
  Value sel = f.binary(Opcode::kI32RemU, Type::kI32, acc, f.i32_const(4));
  Block targets[] = {cases[0], cases[1], cases[2]};
  f.br_table(sel, targets, cases[0], {});
  for (uint32_t k = 0; k < 3; ++k) {
    f.switch_to(cases[k]);
    Value v[] = {f.binary(Opcode::kI32Add, Type::kI32, acc, f.i32_const(k * 13))};
    f.jump(next, v);
  }
  f.switch_to(next);
  Value i1 = f.binary(Opcode::kI32Sub, Type::kI32, i, f.i32_const(1));
  Value loop_args[] = {i1, f.block_param(next, 0)};
  Value out[] = {f.block_param(next, 0)};
  f.br_if(i1, head, loop_args, exit, out);
  f.switch_to(exit);
  Value r[] = {f.block_param(exit, 0)};
  f.ret(r);
}

Input generate_module(uint32_t functions, uint32_t diamonds) {
  auto m = std::make_unique<ir::Module>();
  m->types.push_back({{Type::kI32, Type::kI32}, {Type::kI32}});
  m->memories.push_back(ir::Memory{ir::Limits{1, std::nullopt}});
  std::mt19937 rng(42);
  for (uint32_t k = 0; k < functions; ++k) {
    ir::Function fn;
    fn.type_index = 0;
    fn.name = "f";
    fn.name += std::to_string(k);
    fn.body = std::make_unique<ir::FunctionBody>();
    ir::FunctionBody& f = *fn.body;
    f.func_index = k;
    f.num_params = 2;
    f.results = {Type::kI32};
    f.add_locals(2, Type::kI32);
    generate_function(f, rng, k == 0 ? 0 : rng() % k, diamonds);
    fn.attrs.critical = k % 17 == 0;
    fn.attrs.tier = k % 5 == 0 ? ir::TierHint::kOptimized : ir::TierHint::kNone;
    m->funcs.push_back(std::move(fn));
  }
  m->exports.push_back({"f0", ir::ExternKind::kFunc, 0});
  return {"generated", 0, std::move(m)};
}

const std::vector<Input>& suite() {
  static std::vector<Input> s = load_suite();
  return s;
}
const std::vector<Input>& programs() {
  static std::vector<Input> p = load_programs();
  return p;
}
const Input& generated() {
  static Input g = generate_module(4000, 24);
  return g;
}

void emit_all(benchmark::State& state, const std::vector<const Input*>& inputs) {
  if (inputs.empty()) {
    state.SkipWithError("no inputs (spec suite or programs missing)");
    return;
  }
  size_t out = 0, in = 0;
  std::vector<double> ratios;
  for (const Input* i : inputs) {
    auto r = emit::emit_wasm(*i->module);
    if (!r.ok()) {
      state.SkipWithError(("emit failed: " + i->name + ": " + r.error().to_string()).c_str());
      return;
    }
    out += r->size();
    in += i->in_bytes;
    if (i->in_bytes) ratios.push_back(double(r->size()) / double(i->in_bytes));
  }
  WasmEmitter emitter;  // scratch storage reused from module to module
  for (auto _ : state) {
    for (const Input* i : inputs) {
      auto r = emitter.emit(*i->module);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(out));
  state.counters["out_MB"] = double(out) / 1e6;
  state.counters["modules"] = double(inputs.size());
  if (!ratios.empty()) {
    std::sort(ratios.begin(), ratios.end());
    state.counters["ratio_median"] = ratios[ratios.size() / 2];
    state.counters["ratio_total"] = double(out) / double(in);
  }
}

void BM_EmitSuite(benchmark::State& state) {
  std::vector<const Input*> in;
  for (const Input& i : suite()) in.push_back(&i);
  emit_all(state, in);
}
BENCHMARK(BM_EmitSuite)->Unit(benchmark::kMillisecond);

void BM_EmitGenerated(benchmark::State& state) {
  emit_all(state, {&generated()});
}
BENCHMARK(BM_EmitGenerated)->Unit(benchmark::kMillisecond);

void BM_EmitProgram(benchmark::State& state) {
  size_t k = static_cast<size_t>(state.range(0));
  if (k >= programs().size()) {
    state.SkipWithError("no such program (build them with examples/build.sh)");
    return;
  }
  state.SetLabel(programs()[k].name);
  emit_all(state, {&programs()[k]});
}
BENCHMARK(BM_EmitProgram)->DenseRange(0, 7)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
