// The embedding API (wasmrust.h): compiling text and binaries, errors for bad input, host
// functions with typed signatures (every value type, several results, traps), linking,
// memories/tables/globals, nested entries, stack exhaustion, threads. Wasm code is compiled
// by a tiny test backend so the API is tested apart from the code generator.
#include <atomic>
#include <cstring>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "../tiering/tiny_backend.h"
#include "api/api_impl.h"
#include "wasmrust/wasmrust.h"

using namespace wasmrust;

namespace {

Engine tiny_engine(EngineConfig c = {}) {
  Engine e(c);
  set_backend_factory(e, [] { return std::make_unique<test::TinyBackend>(); });
  return e;
}

Module compile_text(const Engine& e, const std::string& wat) {
  auto m = Module::compile(e, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(wat.data()), wat.size()));
  if (!m.ok()) FAIL(m.error().to_string());
  return *m;
}

const char* kForwarders = R"(
  (module
    (import "h" "scale" (func $scale (param i32 f64) (result f64)))
    (import "h" "split" (func $split (param i64) (result i32 i64 f32)))
    (import "h" "nest" (func $nest (result i32)))
    (func (export "scale") (param i32 f64) (result f64) (call $scale (local.get 0) (local.get 1)))
    (func (export "split") (param i64) (result i32 i64 f32) (call $split (local.get 0)))
    (func (export "nest") (result i32) (call $nest))
    (func (export "boom") (result i32) (unreachable))
    (func (export "seven") (result i32) (i32.const 7))
    (func $rec (export "recurse") (call $rec))
    (memory (export "mem") 1 3)
    (data (i32.const 8) "wasm")
    (global (export "g") (mut i64) (i64.const 42))
    (table (export "tab") 2 funcref)
    (elem (i32.const 1) func $rec))
)";

}  // namespace

TEST_CASE("host functions with typed signatures: every value type and several results") {
  Engine engine = tiny_engine();
  Store store(engine);
  int called = 0;
  Func f = Func::wrap(store, [&](int32_t a, int64_t b, float c, double d, V128 v, ExternRef e, std::optional<Func> fr) {
    ++called;
    V128 w = v;
    w.bytes[0] ^= 0xFF;
    return std::make_tuple(a + 1, b * 2, c / 2, d - 1, w, e, fr.has_value() ? 1 : 0);
  });
  CHECK(f.type().to_string() == "(i32, i64, f32, f64, v128, externref, funcref) -> (i32, i64, f32, f64, v128, externref, i32)");
  V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(i);
  int token = 0;
  auto r = f.call({Val::i32(41), Val::i64(1LL << 40), Val::f32(3.0f), Val::f64(2.5), Val::v128(v),
                   Val::externref({&token}), Val::funcref(f)});
  REQUIRE(r.ok());
  REQUIRE(r->size() == 7);
  CHECK((*r)[0].i32() == 42);
  CHECK((*r)[1].i64() == (1LL << 41));
  CHECK((*r)[2].f32() == 1.5f);
  CHECK((*r)[3].f64() == 1.5);
  CHECK((*r)[4].v128().bytes[0] == 0xFF);
  CHECK((*r)[4].v128().bytes[15] == 15);
  CHECK((*r)[5].externref().ptr == &token);
  CHECK((*r)[6].i32() == 1);
  CHECK(called == 1);

  SECTION("argument checks") {
    CHECK(f.call({Val::i32(1)}).error().code == ErrorCode::kInvalid);
    auto bad = f.call({Val::i64(1), Val::i64(1), Val::f32(0), Val::f64(0), Val::v128(v), Val::null(Type::kExternRef),
                       Val::null(Type::kFuncRef)});
    CHECK(bad.error().code == ErrorCode::kInvalid);
  }
  SECTION("a host function returning an error traps") {
    Func g = Func::wrap(store, [](int32_t x) -> Result<int32_t> {
      if (x < 0) return Error{ErrorCode::kTrap, "negative"};
      return x;
    });
    CHECK(g.call({Val::i32(5)})->at(0).i32() == 5);
    auto e = g.call({Val::i32(-5)});
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().message == "negative");
    CHECK(trap_kind(e.error()) == TrapKind::kHostTrap);
  }
}

TEST_CASE("wasm calls host functions; exports of every kind; nested entries") {
  Engine engine = tiny_engine();
  Store store(engine);
  Linker linker(store);
  std::optional<Instance> self;
  REQUIRE(linker.func_wrap("h", "scale", [](int32_t a, double b) { return a * b; }).ok());
  REQUIRE(linker.func_wrap("h", "split", [](int64_t x) {
    return std::make_tuple(static_cast<int32_t>(x), x >> 32, 0.5f);
  }).ok());
  bool nested_trap = false;
  REQUIRE(linker.func_wrap("h", "nest", [&]() -> Result<int32_t> {
    if (nested_trap) {
      auto r = self->get_func("boom")->call({});
      if (!r.ok()) return r.take_error();
    }
    auto r = self->get_func("seven")->call({});
    if (!r.ok()) return r.take_error();
    return r->at(0).i32() + 1;
  }).ok());
  Module m = compile_text(engine, kForwarders);
  CHECK(m.imports().size() == 3);
  CHECK(m.exports().size() == 9);
  auto inst = linker.instantiate(m);
  REQUIRE(inst.ok());
  self = *inst;

  CHECK(inst->get_func("scale")->call({Val::i32(3), Val::f64(2.5)})->at(0).f64() == 7.5);
  auto split = inst->get_func("split")->call({Val::i64(0x1122334455667788LL)});
  REQUIRE(split.ok());
  CHECK(static_cast<uint32_t>(split->at(0).i32()) == 0x55667788u);
  CHECK(split->at(1).i64() == 0x11223344);
  CHECK(split->at(2).f32() == 0.5f);
  CHECK(inst->get_func("nest")->call({})->at(0).i32() == 8);

  nested_trap = true;
  auto t = inst->get_func("nest")->call({});
  REQUIRE_FALSE(t.ok());
  CHECK(trap_kind(t.error()) == TrapKind::kUnreachable);
  CHECK(t.error().message == "unreachable");
  REQUIRE(t.error().backtrace.size() >= 2);
  CHECK(inst->get_func("seven")->call({})->at(0).i32() == 7);  // still usable

  Memory mem = *inst->get_memory("mem");
  CHECK(std::memcmp(mem.data() + 8, "wasm", 4) == 0);
  CHECK(mem.size() == 65536);
  CHECK(mem.grow(2).value() == 1);
  CHECK_FALSE(mem.grow(1).ok());
  Global g = *inst->get_global("g");
  CHECK(g.get().i64() == 42);
  CHECK(g.set(Val::i64(7)).ok());
  CHECK(g.get().i64() == 7);
  CHECK(g.set(Val::i32(7)).error().code == ErrorCode::kInvalid);
  Table tab = *inst->get_table("tab");
  CHECK(tab.size() == 2);
  CHECK(tab.get(0)->is_null());
  CHECK(*tab.get(1)->funcref() == *inst->get_func("recurse"));
  CHECK_FALSE(tab.get(2).has_value());
}

TEST_CASE("deep recursion traps with call stack exhausted, for any stack budget") {
  for (size_t budget : {size_t{64} << 10, size_t{1} << 20, size_t{64} << 20}) {
    EngineConfig c;
    c.stack_budget = budget;
    Engine engine = tiny_engine(c);
    Store store(engine);
    Linker linker(store);
    (void)linker.func_wrap("h", "scale", [](int32_t, double) { return 0.0; });
    (void)linker.func_wrap("h", "split", [](int64_t) { return std::make_tuple(0, int64_t{0}, 0.0f); });
    (void)linker.func_wrap("h", "nest", [] { return 0; });
    auto inst = linker.instantiate(compile_text(engine, kForwarders));
    REQUIRE(inst.ok());
    auto r = inst->get_func("recurse")->call({});
    REQUIRE_FALSE(r.ok());
    CHECK(trap_kind(r.error()) == TrapKind::kStackOverflow);
    CHECK(r.error().message == "call stack exhausted");
  }
}

TEST_CASE("bad input: malformed binaries, invalid modules, text errors, link errors") {
  Engine engine = tiny_engine();
  const uint8_t junk[] = {0, 'a', 's', 'm', 2, 0, 0, 0};
  auto m = Module::compile(engine, junk);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == ErrorCode::kMalformed);
  std::string invalid = "(module (func (result i32) (i64.const 1)))";
  auto inv = Module::compile(engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(invalid.data()), invalid.size()));
  REQUIRE_FALSE(inv.ok());
  CHECK(inv.error().code == ErrorCode::kInvalid);
  std::string text = "(module (func (foo)))";
  auto bad = Module::compile(engine, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kParse);
  CHECK(Module::compile_file(engine, "/nonexistent.wasm").error().code == ErrorCode::kIo);

  Store store(engine);
  Linker linker(store);
  Module fm = compile_text(engine, kForwarders);
  auto unknown = linker.instantiate(fm);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::kLink);
  CHECK(unknown.error().message.rfind("unknown import", 0) == 0);
  REQUIRE(linker.func_wrap("h", "scale", [](int32_t) { return 0; }).ok());  // wrong type
  REQUIRE(linker.func_wrap("h", "split", [](int64_t) { return std::make_tuple(0, int64_t{0}, 0.0f); }).ok());
  REQUIRE(linker.func_wrap("h", "nest", [] { return 0; }).ok());
  auto incompatible = linker.instantiate(fm);
  REQUIRE_FALSE(incompatible.ok());
  CHECK(incompatible.error().message.rfind("incompatible import type", 0) == 0);
  CHECK(linker.func_wrap("h", "nest", [] { return 1; }).error().code == ErrorCode::kLink);  // defined twice
}

TEST_CASE("host-created memories, tables and globals are shared with instances") {
  for (BoundsChecks mode : {BoundsChecks::kGuardPages, BoundsChecks::kExplicit}) {
    EngineConfig c;
    c.bounds_checks = mode;
    Engine engine = tiny_engine(c);
    Store store(engine);
    auto mem = Memory::create(store, MemoryType{Limits{1, 4}});
    REQUIRE(mem.ok());
    auto tab = Table::create(store, TableType{Type::kFuncRef, Limits{4, std::nullopt}}, Val::null(Type::kFuncRef));
    REQUIRE(tab.ok());
    auto glob = Global::create(store, GlobalType{Type::kI32, false}, Val::i32(16));
    REQUIRE(glob.ok());
    CHECK(glob->set(Val::i32(1)).error().code == ErrorCode::kInvalid);  // immutable
    Module m = compile_text(engine, R"((module
      (import "env" "mem" (memory 1))
      (import "env" "tab" (table 4 funcref))
      (import "env" "base" (global i32))
      (func $f (result i32) (i32.const 3))
      (data (global.get 0) "hi")
      (elem (i32.const 2) $f)))");
    Linker linker(store);
    REQUIRE(linker.define("env", "mem", *mem).ok());
    REQUIRE(linker.define("env", "tab", *tab).ok());
    REQUIRE(linker.define("env", "base", *glob).ok());
    auto inst = linker.instantiate(m);
    REQUIRE(inst.ok());
    CHECK(std::memcmp(mem->data() + 16, "hi", 2) == 0);
    auto f = tab->get(2)->funcref();
    REQUIRE(f);
    CHECK(f->call({})->at(0).i32() == 3);
    CHECK(tab->grow(2, Val::null(Type::kFuncRef)).value() == 4);
    CHECK(mem->grow(3).value() == 1);
    CHECK(mem->data()[4 * 65536 - 1] == 0);
    CHECK(std::memcmp(mem->data() + 16, "hi", 2) == 0);
  }
}

TEST_CASE("stores on several threads trap concurrently without harming each other") {
  Engine engine = tiny_engine();
  Module m = compile_text(engine, R"((module
    (func (export "boom") (result i32) (unreachable))
    (func (export "seven") (result i32) (i32.const 7))))");
  std::atomic<int> traps{0}, sevens{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&] {
      Store store(engine);
      auto inst = Instance::create(store, m, {});
      if (!inst.ok()) return;
      for (int i = 0; i < 200; ++i) {
        auto b = inst->get_func("boom")->call({});
        if (!b.ok() && trap_kind(b.error()) == TrapKind::kUnreachable) traps++;
        auto s = inst->get_func("seven")->call({});
        if (s.ok() && s->at(0).i32() == 7) sevens++;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(traps == 800);
  CHECK(sevens == 800);
}

TEST_CASE("a trapping start function fails instantiation with the trap") {
  Engine engine = tiny_engine();
  Store store(engine);
  Module m = compile_text(engine, "(module (func $s (unreachable)) (start $s))");
  auto inst = Instance::create(store, m, {});
  REQUIRE_FALSE(inst.ok());
  CHECK(trap_kind(inst.error()) == TrapKind::kUnreachable);
  CHECK(m.stats().functions == 1);
}
