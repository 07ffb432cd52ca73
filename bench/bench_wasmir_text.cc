// Throughput of the WasmIR text form and verifier on a large generated module: parse,
// verify, print, and all three in a row, in MB/s of .wir text.
//
// Depends on: the public builder (to generate a valid module), src/wasmir (parser,
// verifier, printer). The module is deterministic (fixed seed): kFunctions functions with
// loops, diamonds, br_table, locals, globals, memory accesses and calls, a quarter of them
// with declared effects (so verification includes effect inference); about 8 MB of text.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "wasmir/module.h"
#include "wasmir/parser.h"
#include "wasmir/printer.h"
#include "wasmir/verifier.h"
#include "wasmrust/builder.h"

using namespace wasmrust;

namespace {

constexpr uint32_t kFunctions = 3000;
constexpr Type kTypes[3] = {Type::kI32, Type::kI64, Type::kF64};
int slot(Type t) { return t == Type::kI32 ? 0 : t == Type::kI64 ? 1 : 2; }

struct Sig {
  std::vector<Type> params, results;
};

// Builds the benchmark module through the public builder (so it is valid by construction).
class Generator {
 public:
  std::string run();

 private:
  uint32_t pick(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }
  Value any(Type t);
  void op();
  void ops(uint32_t lo, uint32_t hi) {
    for (uint32_t n = lo + pick(hi - lo + 1); n > 0; --n) op();
  }
  void enter(Block b) {
    f_->switch_to(b);
    for (auto& p : pool_) p.clear();
  }
  void function(uint32_t sig);

  std::mt19937 rng_{12345};
  ModuleBuilder mb_;
  FunctionBuilder* f_ = nullptr;
  std::vector<Sig> sigs_;
  std::vector<uint32_t> type_index_;   // per sig
  std::vector<uint32_t> func_sig_;     // per function
  std::vector<Type> local_types_;
  std::vector<Value> entry_[3], pool_[3];  // values usable in the current block, by type
  uint32_t globals_[3] = {};
};

Value Generator::any(Type t) {
  std::vector<Value>& p = pool_[slot(t)];
  std::vector<Value>& e = entry_[slot(t)];
  uint32_t n = static_cast<uint32_t>(p.size() + e.size());
  if (n == 0 || pick(8) == 0) {
    Value c = t == Type::kI32   ? f_->i32_const(static_cast<int32_t>(pick(1000)))
              : t == Type::kI64 ? f_->i64_const(static_cast<int64_t>(rng_()))
                                : f_->f64_const(pick(1000) * 0.25);
    p.push_back(c);
    return c;
  }
  uint32_t k = pick(n);
  return k < p.size() ? p[k] : e[k - p.size()];
}

void Generator::op() {
  static constexpr Opcode kBin[3][4] = {{Opcode::kI32Add, Opcode::kI32Sub, Opcode::kI32Mul, Opcode::kI32Xor},
                                        {Opcode::kI64Add, Opcode::kI64Sub, Opcode::kI64Mul, Opcode::kI64And},
                                        {Opcode::kF64Add, Opcode::kF64Sub, Opcode::kF64Mul, Opcode::kF64Div}};
  static constexpr Opcode kLoad[3] = {Opcode::kI32Load, Opcode::kI64Load, Opcode::kF64Load};
  static constexpr Opcode kStore[3] = {Opcode::kI32Store, Opcode::kI64Store, Opcode::kF64Store};
  int s = static_cast<int>(pick(3));
  Type t = kTypes[s];
  uint32_t nl = static_cast<uint32_t>(local_types_.size());
  switch (pick(10)) {
    case 0: case 1: case 2:
      pool_[s].push_back(f_->binary(kBin[s][pick(4)], any(t), any(t)));
      break;
    case 3: {
      uint32_t l = pick(nl);
      pool_[slot(local_types_[l])].push_back(f_->local_get(Local(l)));
      break;
    }
    case 4: {
      uint32_t l = pick(nl);
      f_->local_set(Local(l), any(local_types_[l]));
      break;
    }
    case 5: {
      Value addr = f_->binary(Opcode::kI32And, any(Type::kI32), f_->i32_const(0xFFF0));
      pool_[s].push_back(f_->load(kLoad[s], addr, MemoryArg{0, pick(64) * 4, -1}));
      break;
    }
    case 6: {
      Value addr = f_->binary(Opcode::kI32And, any(Type::kI32), f_->i32_const(0xFFF0));
      f_->store(kStore[s], addr, any(t), MemoryArg{0, pick(64) * 8, -1});
      break;
    }
    case 7:
      if (pick(2)) pool_[s].push_back(f_->global_get(globals_[s]));
      else f_->global_set(globals_[s], any(t));
      break;
    case 8: {
      uint32_t callee = pick(f_->index());  // the import or an earlier function
      const Sig& sig = sigs_[func_sig_[callee]];
      std::vector<Value> args;
      for (Type p : sig.params) args.push_back(any(p));
      Results r = f_->call(callee, args);
      for (uint32_t k = 0; k < r.count; ++k) pool_[slot(sig.results[k])].push_back(r[k]);
      break;
    }
    default:
      pool_[0].push_back(f_->binary(Opcode::kI32LtS, any(Type::kI32), any(Type::kI32)));
      break;
  }
}

// entry -> head(i) -> b1 -> (b2 | b3) -> b4(x) -> br_table (b5 | b6) -> head(i+1); head -> exit
void Generator::function(uint32_t sig_index) {
  const Sig& sig = sigs_[sig_index];
  // Every fourth function declares its effects, so the verifier runs effect inference.
  FunctionAttrs attrs;
  if (func_sig_.size() % 4 == 0)
    attrs.effects = Effects{.mem_read = {0}, .mem_write = {0}, .host = {"env"}, .global_write = true, .trap = true};
  f_ = mb_.add_function(type_index_[sig_index], attrs).value();
  func_sig_.push_back(sig_index);
  local_types_ = sig.params;
  for (uint32_t n = 4 + pick(24); n > 0; --n) {
    Type t = kTypes[pick(3)];
    f_->add_local(t);
    local_types_.push_back(t);
  }
  Block entry = f_->create_block(), head = f_->create_block({Type::kI32}), b1 = f_->create_block(),
        b2 = f_->create_block(), b3 = f_->create_block(), b4 = f_->create_block({Type::kI64}),
        b5 = f_->create_block(), b6 = f_->create_block(), exit = f_->create_block();
  for (auto& e : entry_) e.clear();
  enter(entry);
  for (uint32_t p = 0; p < sig.params.size(); ++p) pool_[slot(sig.params[p])].push_back(f_->local_get(f_->param(p)));
  ops(2, 6);
  for (int s = 0; s < 3; ++s) entry_[s] = pool_[s];  // entry values dominate every block
  Value zero[] = {f_->i32_const(0)};
  f_->jump(head, zero);
  enter(head);
  Value i = f_->block_param(head, 0);
  Value more = f_->binary(Opcode::kI32LtU, i, f_->i32_const(10));
  f_->br_if(more, b1, {}, exit, {});
  enter(b1);
  ops(4, 12);
  f_->br_if(any(Type::kI32), b2, {}, b3, {});
  for (Block b : {b2, b3}) {
    enter(b);
    ops(3, 10);
    Value x[] = {any(Type::kI64)};
    f_->jump(b4, x);
  }
  enter(b4);
  pool_[1].push_back(f_->block_param(b4, 0));
  ops(4, 12);
  Block targets[] = {b5, b6, b5};
  f_->br_table(any(Type::kI32), targets, b6);
  for (Block b : {b5, b6}) {
    enter(b);
    ops(2, 8);
    Value next[] = {f_->binary(Opcode::kI32Add, i, f_->i32_const(1))};
    f_->jump(head, next);
  }
  enter(exit);
  ops(1, 4);
  std::vector<Value> rets;
  for (Type r : sig.results) rets.push_back(any(r));
  f_->ret(rets);
}

std::string Generator::run() {
  sigs_ = {{{Type::kI32, Type::kI32}, {Type::kI32}},
           {{Type::kI32}, {Type::kI64}},
           {{Type::kI64, Type::kF64}, {Type::kF64}},
           {{}, {}},
           {{Type::kI32, Type::kI64, Type::kF64}, {Type::kI32, Type::kF64}}};
  for (const Sig& s : sigs_) type_index_.push_back(mb_.add_type(s.params, s.results).value());
  mb_.import_function("env", "log", type_index_[1]).value();
  func_sig_.push_back(1);
  mb_.add_memory(Limits{1, 64}).value();
  globals_[0] = mb_.add_global(Type::kI32, true, ConstInit::i32(0)).value();
  globals_[1] = mb_.add_global(Type::kI64, true, ConstInit::i64(0)).value();
  globals_[2] = mb_.add_global(Type::kF64, true, ConstInit::f64_bits(0)).value();
  for (uint32_t k = 0; k < kFunctions; ++k) function(pick(static_cast<uint32_t>(sigs_.size())));
  (void)mb_.add_export("main", ExternKind::kFunc, kFunctions);
  auto m = mb_.finish();
  if (!m.ok()) {
    std::fprintf(stderr, "bench_wasmir_text: generator bug: %s\n", m.error().to_string().c_str());
    std::abort();
  }
  return ir::print_module(**m);
}

const std::string& text() {
  static const std::string t = Generator().run();
  return t;
}

std::unique_ptr<ir::Module> parsed() {
  auto m = ir::parse_module(text());
  if (!m.ok()) std::abort();
  return std::move(*m);
}

void BM_Parse(benchmark::State& state) {
  for (auto _ : state) {
    auto m = ir::parse_module(text());
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text().size()));
}

void BM_Verify(benchmark::State& state) {
  auto m = parsed();
  for (auto _ : state) {
    auto errs = ir::verify_module(*m);
    if (!errs.empty()) state.SkipWithError("the module does not verify");
    benchmark::DoNotOptimize(errs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text().size()));
}

void BM_Print(benchmark::State& state) {
  auto m = parsed();
  std::string out;
  for (auto _ : state) {
    out.clear();
    ir::print_module(*m, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text().size()));
}

void BM_ParseVerifyPrint(benchmark::State& state) {
  for (auto _ : state) {
    auto m = ir::parse_module(text());
    auto errs = ir::verify_module(**m);
    std::string out = ir::print_module(**m);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text().size()));
  state.counters["text_MB"] = static_cast<double>(text().size()) / 1e6;
}

}  // namespace

BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Verify)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Print)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseVerifyPrint)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
