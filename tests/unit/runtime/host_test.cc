// Host functions and entries: every value type through registers and the stack, several
// results, wasm calling host functions, host errors becoming traps, and nested entries
// (wasm -> host -> wasm -> trap) unwinding only to the innermost entry.
#include <cstring>

#include <catch2/catch.hpp>

#include "test_module.h"

using namespace wasmrust;
using namespace wasmrust::rt;
using namespace wasmrust::rt::test;
using namespace Xbyak::util;

namespace {

RawVal f32v(float f) {
  RawVal r{};
  r.i64 = 0;
  r.f32 = f;
  return r;
}
RawVal f64v(double f) {
  RawVal r{};
  r.f64 = f;
  return r;
}
RawVal v128v(uint8_t seed) {
  RawVal r{};
  for (int i = 0; i < 16; ++i) r.v128[i] = static_cast<uint8_t>(seed + i);
  return r;
}
RawVal refv(uintptr_t p) {
  RawVal r{};
  r.ref = reinterpret_cast<void*>(p);
  return r;
}

// A signature with more arguments of each class than there are registers.
FuncSig wide_sig() {
  FuncSig s;
  for (int i = 0; i < 7; ++i) s.params.push_back(i % 2 ? Type::kI64 : Type::kI32);
  for (int i = 0; i < 9; ++i) s.params.push_back(i % 2 ? Type::kF64 : Type::kF32);
  s.params.push_back(Type::kV128);
  s.params.push_back(Type::kExternRef);
  s.params.push_back(Type::kV128);
  s.params.push_back(Type::kFuncRef);
  s.results = {Type::kI32, Type::kI64, Type::kF32, Type::kF64, Type::kV128, Type::kExternRef};
  return s;
}

std::vector<RawVal> wide_args() {
  std::vector<RawVal> a;
  for (int i = 0; i < 7; ++i) a.push_back(i % 2 ? i64(0x1000000000ull + i) : i32(100 + i));
  for (int i = 0; i < 9; ++i) a.push_back(i % 2 ? f64v(i + 0.5) : f32v(i + 0.25f));
  a.push_back(v128v(1));
  a.push_back(refv(0x1234));
  a.push_back(v128v(50));
  a.push_back(refv(0));
  return a;
}

}  // namespace

TEST_CASE("host function called from the host: every value type, stack arguments, several results") {
  Env env;
  std::vector<RawVal> seen;
  VMFuncRef* f = env.store.new_host_func(wide_sig(), [&](const RawVal* args, RawVal* results) -> Status {
    seen.assign(args, args + wide_sig().params.size());
    results[0] = i32(args[0].i32 + 1);
    results[1] = i64(args[1].i64 + 1);
    results[2] = f32v(args[7].f32 * 2);
    results[3] = f64v(args[8].f64 * 2);
    results[4] = args[18];
    results[5] = args[17];
    return {};
  });
  std::vector<RawVal> args = wide_args(), res(6);
  REQUIRE(env.store.call(f, args.data(), res.data()).ok());
  REQUIRE(seen.size() == args.size());
  FuncSig sig = wide_sig();
  for (size_t i = 0; i < args.size(); ++i) {
    size_t n = type_size(sig.params[i]);
    INFO("argument " << i);
    CHECK(std::memcmp(seen[i].v128, args[i].v128, n) == 0);
  }
  CHECK(res[0].i32 == 101);
  CHECK(res[1].i64 == 0x1000000002ull);
  CHECK(res[2].f32 == 0.5f);
  CHECK(res[3].f64 == 3.0);
  CHECK(std::memcmp(res[4].v128, v128v(50).v128, 16) == 0);
  CHECK(res[5].ref == reinterpret_cast<void*>(0x1234));
}

TEST_CASE("wasm calls host functions through their entry slots") {
  Env env;
  TestModule tm;
  uint32_t t1 = tm.type({Type::kI32, Type::kF64}, {Type::kF64});
  uint32_t t2 = tm.type({Type::kI64}, {Type::kI32, Type::kI64, Type::kF32});
  tm.import_func(t1, "host", "scale");
  tm.import_func(t2, "host", "split");
  // Forwarders: arguments are already in place; only rdi changes to the callee's context.
  tm.func(t1, [](Asm& a) { a.enter(); a.call_func(0, 1); a.leave_ret(); }, "call_scale");
  tm.func(t2, [](Asm& a) { a.enter(); a.call_func(1, 2); a.leave_ret(); }, "call_split");
  tm.export_("call_scale", ExternKind::kFunc, 2);
  tm.export_("call_split", ExternKind::kFunc, 3);
  auto mod = tm.finish(env.types);
  REQUIRE(mod);
  Extern scale{ExternKind::kFunc, env.store.new_host_func({{Type::kI32, Type::kF64}, {Type::kF64}},
                                                        [](const RawVal* a, RawVal* r) -> Status {
                                                          r[0] = f64v(a[0].i32 * a[1].f64);
                                                          return {};
                                                        })};
  Extern split{ExternKind::kFunc,
               env.store.new_host_func({{Type::kI64}, {Type::kI32, Type::kI64, Type::kF32}},
                                       [](const RawVal* a, RawVal* r) -> Status {
                                         r[0] = i32(static_cast<uint32_t>(a[0].i64));
                                         r[1] = i64(a[0].i64 >> 32);
                                         r[2] = f32v(1.5f);
                                         return {};
                                       })};
  auto inst = env.store.instantiate(mod, {scale, split});
  REQUIRE(inst.ok());
  RawVal args[2] = {i32(3), f64v(2.5)}, res[3];
  REQUIRE(env.store.call((*inst)->find_export("call_scale")->func(), args, res).ok());
  CHECK(res[0].f64 == 7.5);
  args[0] = i64(0x1122334455667788ull);
  REQUIRE(env.store.call((*inst)->find_export("call_split")->func(), args, res).ok());
  CHECK(res[0].i32 == 0x55667788u);
  CHECK(res[1].i64 == 0x11223344u);
  CHECK(res[2].f32 == 1.5f);
}

TEST_CASE("host errors become traps; nested entries unwind only to the innermost entry") {
  Env env;
  TestModule tm;
  uint32_t t = tm.type({}, {Type::kI32});
  tm.import_func(t, "host", "cb");
  tm.func(t, [](Asm& a) { a.enter(); a.call_func(0, 11); a.leave_ret(); }, "via_host");
  tm.func(t, [](Asm& a) { a.enter(); a.site(TrapCode::kUnreachable, 22); a.ud2(); }, "boom");
  tm.func(t, [](Asm& a) { a.enter(); a.mov(eax, 42); a.leave_ret(); }, "answer");
  tm.export_("via_host", ExternKind::kFunc, 1);
  tm.export_("boom", ExternKind::kFunc, 2);
  tm.export_("answer", ExternKind::kFunc, 3);
  auto mod = tm.finish(env.types);
  REQUIRE(mod);

  enum class Mode { kError, kNestedTrap, kNestedOk } mode = Mode::kError;
  Instance* self = nullptr;
  bool inner_saw_trap = false;
  Extern cb{ExternKind::kFunc, env.store.new_host_func({{}, {Type::kI32}}, [&](const RawVal*, RawVal* r) -> Status {
    if (mode == Mode::kError) return Error{ErrorCode::kTrap, "host said no"};
    const char* name = mode == Mode::kNestedTrap ? "boom" : "answer";
    RawVal inner;
    Status st = env.store.call(self->find_export(name)->func(), nullptr, &inner);
    if (!st.ok()) {
      inner_saw_trap = st.error().message == "unreachable";
      return st;
    }
    r[0] = i32(inner.i32 + 1);
    return {};
  })};
  auto inst = env.store.instantiate(mod, {cb});
  REQUIRE(inst.ok());
  self = *inst;
  VMFuncRef* via = self->find_export("via_host")->func();
  RawVal res;

  Status st = env.store.call(via, nullptr, &res);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "host said no");
  CHECK(st.error().trap == uint8_t(TrapCode::kHostTrap));
  REQUIRE(st.error().backtrace.size() == 1);
  CHECK(st.error().backtrace[0].name == "via_host");
  CHECK(st.error().offset == 11);

  mode = Mode::kNestedTrap;
  st = env.store.call(via, nullptr, &res);
  REQUIRE_FALSE(st.ok());
  CHECK(inner_saw_trap);
  CHECK(st.error().message == "unreachable");
  CHECK(st.error().trap == uint8_t(TrapCode::kUnreachable));
  REQUIRE(st.error().backtrace.size() == 2);  // boom (inner entry), then via_host (outer)
  CHECK(st.error().backtrace[0].name == "boom");
  CHECK(st.error().backtrace[1].name == "via_host");

  mode = Mode::kNestedOk;
  REQUIRE(env.store.call(via, nullptr, &res).ok());
  CHECK(res.i32 == 43);
  CHECK(env.store.vm()->stack_limit == 0);
}

TEST_CASE("an exception thrown by a host function becomes a trap") {
  Env env;
  VMFuncRef* f = env.store.new_host_func({{}, {}}, [](const RawVal*, RawVal*) -> Status {
    throw std::runtime_error("oops");
  });
  Status st = env.store.call(f, nullptr, nullptr);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().code == ErrorCode::kTrap);
  CHECK(st.error().message == "host function threw: oops");
}
