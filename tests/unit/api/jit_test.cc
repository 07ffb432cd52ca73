// The embedding API with the real tier-1 code generator: traps of generated code in both
// bounds-check modes (guard pages and explicit checks, where memory.grow may move the
// base), indirect-call traps, deep recursion, and threads. Skipped when the build has no
// code generator.
#include <atomic>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "wasmrust/wasmrust.h"

using namespace wasmrust;

namespace {

const char* kModule = R"((module
  (memory (export "mem") 1 100)
  (data (i32.const 0) "abcd")
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $r (export "recurse") (param i32) (result i32)
    (i32.add (i32.const 1) (call $r (local.get 0))))
  (type $t (func (result i32)))
  (func $one (result i32) (i32.const 1))
  (func $two (param i32) (result i32) (local.get 0))
  (table 3 funcref)
  (elem (i32.const 0) $one $two)
  (func (export "indirect") (param i32) (result i32) (call_indirect (type $t) (local.get 0)))))";

std::optional<Module> compile_or_skip(const Engine& e) {
  std::string text = kModule;
  auto m = Module::compile(e, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  if (!m.ok() && m.error().code == ErrorCode::kUnsupported) return std::nullopt;
  if (!m.ok()) FAIL(m.error().to_string());
  return *m;
}

TrapKind trap_of(const Result<std::vector<Val>>& r) { return r.ok() ? TrapKind::kNone : trap_kind(r.error()); }

}  // namespace

TEST_CASE("generated code traps in both bounds-check modes; instances stay usable") {
  for (BoundsChecks mode : {BoundsChecks::kGuardPages, BoundsChecks::kExplicit}) {
    EngineConfig c;
    c.bounds_checks = mode;
    Engine engine(c);
    auto m = compile_or_skip(engine);
    if (!m) {
      WARN("no code generator in this build: skipped");
      return;
    }
    Store store(engine);
    auto inst = Instance::create(store, *m, {});
    REQUIRE(inst.ok());
    Func load = *inst->get_func("load"), store8 = *inst->get_func("store"), grow = *inst->get_func("grow");
    CHECK(load.call({Val::i32(1)})->at(0).i32() == 'b');
    CHECK(trap_of(load.call({Val::i32(65536)})) == TrapKind::kMemoryOutOfBounds);
    CHECK(trap_of(load.call({Val::i32(-1)})) == TrapKind::kMemoryOutOfBounds);
    auto e = load.call({Val::i32(70000)});
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().message == "out of bounds memory access");
    CHECK(e.error().func != kNoFunc);
    CHECK(e.error().offset != kNoOffset);
    REQUIRE(store8.call({Val::i32(65535), Val::i32(7)}).ok());
    // Growing (explicit mode: the base may move) keeps contents and makes new pages usable.
    CHECK(grow.call({Val::i32(50)})->at(0).i32() == 1);
    CHECK(load.call({Val::i32(65535)})->at(0).i32() == 7);
    CHECK(load.call({Val::i32(0)})->at(0).i32() == 'a');
    CHECK(load.call({Val::i32(51 * 65536 - 1)})->at(0).i32() == 0);
    CHECK(trap_of(load.call({Val::i32(51 * 65536)})) == TrapKind::kMemoryOutOfBounds);
    CHECK(grow.call({Val::i32(50)})->at(0).i32() == -1);

    Func div = *inst->get_func("div");
    CHECK(div.call({Val::i32(7), Val::i32(2)})->at(0).i32() == 3);
    CHECK(trap_of(div.call({Val::i32(7), Val::i32(0)})) == TrapKind::kIntegerDivideByZero);
    CHECK(trap_of(div.call({Val::i32(INT32_MIN), Val::i32(-1)})) == TrapKind::kIntegerOverflow);

    Func ind = *inst->get_func("indirect");
    CHECK(ind.call({Val::i32(0)})->at(0).i32() == 1);
    CHECK(trap_of(ind.call({Val::i32(1)})) == TrapKind::kIndirectCallSignature);
    CHECK(trap_of(ind.call({Val::i32(2)})) == TrapKind::kIndirectCallNull);
    CHECK(trap_of(ind.call({Val::i32(3)})) == TrapKind::kIndirectCallOutOfBounds);

    auto deep = inst->get_func("recurse")->call({Val::i32(0)});
    CHECK(trap_of(deep) == TrapKind::kStackOverflow);
    CHECK(load.call({Val::i32(2)})->at(0).i32() == 'c');
  }
}

TEST_CASE("generated code: threads with their own stores trap concurrently") {
  Engine engine;
  auto m = compile_or_skip(engine);
  if (!m) {
    WARN("no code generator in this build: skipped");
    return;
  }
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      Store store(engine);
      auto inst = Instance::create(store, *m, {});
      if (!inst.ok()) return;
      Func load = *inst->get_func("load"), store8 = *inst->get_func("store"), rec = *inst->get_func("recurse");
      if (!store8.call({Val::i32(100), Val::i32(k)}).ok()) return;
      for (int i = 0; i < 50; ++i) {
        bool ok = trap_of(load.call({Val::i32(1 << 20)})) == TrapKind::kMemoryOutOfBounds;
        ok = ok && load.call({Val::i32(100)})->at(0).i32() == k;
        if (i % 10 == 0) ok = ok && trap_of(rec.call({Val::i32(0)})) == TrapKind::kStackOverflow;
        if (ok) good++;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(good == 200);
}
