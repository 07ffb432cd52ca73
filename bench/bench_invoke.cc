// Crossing the host/wasm boundary: host -> wasm calls through Func::call (the generic entry
// stub, activation and trap landing point), and wasm -> host calls through the generic host
// adapter and dispatcher. Needs the tier-1 code generator.
#include <benchmark/benchmark.h>

#include <string>

#include "wasmrust/wasmrust.h"

using namespace wasmrust;

namespace {

const char* kWat = R"((module
  (import "h" "inc" (func $inc (param i32) (result i32)))
  (func (export "seven") (result i32) (i32.const 7))
  (func (export "add") (param i64 f64 i32) (result f64)
    (f64.add (f64.convert_i64_s (local.get 0)) (f64.add (local.get 1) (f64.convert_i32_s (local.get 2)))))
  (func (export "host_loop") (param i32) (result i32) (local i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (call $inc (local.get 1)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (local.get 1))))";

struct Fixture {
  Engine engine;
  Store store{engine};
  std::optional<Instance> inst;
  Fixture() {
    std::string t = kWat;
    auto m = Module::compile(engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(t.data()), t.size()));
    if (!m.ok()) return;
    Linker linker(store);
    (void)linker.func_wrap("h", "inc", [](int32_t x) { return x + 1; });
    auto i = linker.instantiate(*m);
    if (i.ok()) inst = *i;
  }
};

void BM_HostToWasm(benchmark::State& state) {
  Fixture fx;
  if (!fx.inst) return state.SkipWithError("no code generator");
  Func f = *fx.inst->get_func("seven");
  for (auto _ : state) benchmark::DoNotOptimize(f.call({}));
}
BENCHMARK(BM_HostToWasm);

void BM_HostToWasmArgs(benchmark::State& state) {
  Fixture fx;
  if (!fx.inst) return state.SkipWithError("no code generator");
  Func f = *fx.inst->get_func("add");
  Val args[] = {Val::i64(1), Val::f64(2.5), Val::i32(3)};
  for (auto _ : state) benchmark::DoNotOptimize(f.call(args));
}
BENCHMARK(BM_HostToWasmArgs);

// Each iteration is one wasm -> host -> wasm round trip (the loop runs 1000 per call).
void BM_WasmToHost(benchmark::State& state) {
  Fixture fx;
  if (!fx.inst) return state.SkipWithError("no code generator");
  Func f = *fx.inst->get_func("host_loop");
  for (auto _ : state) benchmark::DoNotOptimize(f.call({Val::i32(1000)}));
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_WasmToHost);

}  // namespace

BENCHMARK_MAIN();
