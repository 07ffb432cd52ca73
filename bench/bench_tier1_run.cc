// Tier-1 code speed: kernels compiled with each register eviction policy and run, to weigh
// the linear-scan alternative (furthest interval end, needs a pre-pass) against the default
// least-recently-used choice. The kernels keep more values and locals live than there are
// registers, so the eviction choice matters.
//
// Depends on: the frontend (.wat text through wabt), tiering (module compile with a chosen
// backend), the runtime (instances and calls), src/emit/x64.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "emit/x64/x64_backend.h"
#include "runtime/instance.h"
#include "runtime/store.h"
#include "tiering/compile.h"
#include "wasmir/module.h"
#include "wasmrust/frontend.h"

namespace {

using namespace wasmrust;

// i64 recurrence with 16 locals updated every round; f64 polynomial with 12 live
// accumulators; i32 matrix multiply through memory (loads, stores, nested loops).
const char* kKernels = R"((module
  (memory 1)
  (func (export "mix") (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i64) (local $f i64)
    (local $g i64) (local $h i64) (local $i i64) (local $j i64) (local $k i64) (local $l i64)
    (local $m i64) (local $o i64) (local $p i64) (local $q i64)
    (local.set $a (i64.const 1)) (local.set $b (i64.const 2)) (local.set $c (i64.const 3))
    (local.set $d (i64.const 4)) (local.set $e (i64.const 5)) (local.set $f (i64.const 6))
    (loop $L
      (local.set $a (i64.add (local.get $a) (i64.mul (local.get $b) (i64.const 3))))
      (local.set $b (i64.xor (local.get $b) (local.get $c)))
      (local.set $c (i64.add (local.get $c) (local.get $d)))
      (local.set $d (i64.rotl (local.get $d) (local.get $e)))
      (local.set $e (i64.sub (local.get $e) (local.get $f)))
      (local.set $f (i64.add (local.get $f) (local.get $g)))
      (local.set $g (i64.xor (local.get $g) (local.get $a)))
      (local.set $h (i64.add (local.get $h) (local.get $b)))
      (local.set $i (i64.mul (local.get $i) (i64.or (local.get $c) (i64.const 1))))
      (local.set $j (i64.add (local.get $j) (local.get $d)))
      (local.set $k (i64.xor (local.get $k) (local.get $e)))
      (local.set $l (i64.add (local.get $l) (local.get $f)))
      (local.set $m (i64.sub (local.get $m) (local.get $g)))
      (local.set $o (i64.add (local.get $o) (local.get $h)))
      (local.set $p (i64.xor (local.get $p) (local.get $i)))
      (local.set $q (i64.add (local.get $q) (local.get $j)))
      (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i64.add (i64.add (i64.add (local.get $a) (local.get $k)) (i64.add (local.get $l) (local.get $m)))
             (i64.add (i64.add (local.get $o) (local.get $p)) (local.get $q))))
  (func (export "poly") (param $n i32) (param $x f64) (result f64)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $s4 f64) (local $s5 f64)
    (local $t f64)
    (loop $L
      (local.set $t (f64.mul (local.get $x) (f64.const 0.999)))
      (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $t) (f64.const 1.5))))
      (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.mul (local.get $t) (local.get $t)) (f64.const 0.5))))
      (local.set $s2 (f64.add (local.get $s2) (f64.div (local.get $s0) (f64.add (local.get $s1) (f64.const 1)))))
      (local.set $s3 (f64.add (local.get $s3) (f64.sub (local.get $s2) (local.get $s0))))
      (local.set $s4 (f64.add (local.get $s4) (f64.mul (local.get $s3) (f64.const 1e-3))))
      (local.set $s5 (f64.add (local.get $s5) (f64.add (f64.add (local.get $s0) (local.get $s1))
                                                       (f64.add (local.get $s2) (local.get $s3)))))
      (local.set $x (f64.add (local.get $t) (f64.const 0.25)))
      (br_if $L (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (f64.add (local.get $s4) (local.get $s5)))
  (func (export "matmul") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $k i32) (local $acc i32)
    (loop $I
      (local.set $j (i32.const 0))
      (loop $J
        (local.set $acc (i32.const 0))
        (local.set $k (i32.const 0))
        (loop $K
          (local.set $acc (i32.add (local.get $acc)
            (i32.mul (i32.load (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $k)) (i32.const 2)))
                     (i32.load offset=16384 (i32.shl (i32.add (i32.mul (local.get $k) (local.get $n)) (local.get $j)) (i32.const 2))))))
          (br_if $K (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $n))))
        (i32.store offset=32768 (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))
                   (local.get $acc))
        (br_if $J (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $n))))
      (br_if $I (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.load offset=32768 (i32.const 4)))
))";

struct Setup {
  rt::TypeRegistry types;
  rt::Store store{&types, rt::RuntimeConfig{}};
  rt::Instance* inst = nullptr;
  ir::Module module;
};

std::unique_ptr<Setup> build(ra::EvictPolicy policy) {
  auto s = std::make_unique<Setup>();
  auto bytes = wat_to_wasm(kKernels);
  if (!bytes.ok() || !decode_wasm(*bytes, &s->module).ok()) return nullptr;
  tiering::CompileOptions opt;
  opt.backend = [policy] {
    x64::Options o;
    o.policy = policy;
    return std::unique_ptr<Backend>(new x64::X64Backend(o));
  };
  auto info = tiering::compile_module(s->module, s->types, opt, nullptr);
  if (!info.ok()) return nullptr;
  auto inst = s->store.instantiate(*info, {});
  if (!inst.ok()) return nullptr;
  s->inst = *inst;
  return s;
}

void run(benchmark::State& state, const char* name, std::vector<rt::RawVal> args) {
  auto policy = state.range(0) ? ra::EvictPolicy::kFurthestEnd : ra::EvictPolicy::kLeastRecent;
  std::unique_ptr<Setup> s = build(policy);
  if (!s) {
    state.SkipWithError("kernels did not compile");
    return;
  }
  auto f = s->inst->find_export(name);
  args.resize(args.size() + 1);
  rt::RawVal res[2];
  for (auto _ : state) {
    Status st = s->store.call(f->func(), args.data(), res);
    if (!st.ok()) {
      state.SkipWithError(st.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(res[0]);
  }
}

rt::RawVal i32v(uint32_t v) {
  rt::RawVal r{};
  r.i32 = v;
  return r;
}
rt::RawVal f64v(double v) {
  rt::RawVal r{};
  r.f64 = v;
  return r;
}

void BM_Run_Mix(benchmark::State& state) { run(state, "mix", {i32v(1000000)}); }
void BM_Run_Poly(benchmark::State& state) { run(state, "poly", {i32v(1000000), f64v(0.5)}); }
void BM_Run_Matmul(benchmark::State& state) { run(state, "matmul", {i32v(64)}); }

// range(0): 0 = least-recently-used eviction (the default), 1 = linear-scan furthest end
BENCHMARK(BM_Run_Mix)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Run_Poly)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Run_Matmul)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
