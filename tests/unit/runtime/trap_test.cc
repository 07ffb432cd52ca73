// Traps: every TrapCode from a trap site, hardware faults (guard pages, idiv), stack
// exhaustion, runtime-raised traps, backtraces, faults outside wasm code, instances staying
// usable after a trap, and threads that trap at the same time.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <thread>

#include <catch2/catch.hpp>

#include <cstring>

#include "runtime/libcalls.h"
#include "runtime/trap_handler.h"
#include "test_module.h"

using namespace wasmrust;
using namespace wasmrust::rt;
using namespace wasmrust::rt::test;
using namespace Xbyak::util;

namespace {

std::string fname(int c) {
  std::string s = "f";
  s += std::to_string(c);
  return s;
}

Status call0(Env& env, Instance* inst, const char* name, RawVal* args = nullptr, RawVal* results = nullptr) {
  auto ext = inst->find_export(name);
  REQUIRE(ext);
  RawVal dummy[4];
  return env.store.call(ext->func(), args ? args : dummy, results ? results : dummy);
}

Instance* instantiate(Env& env, TestModule& tm) {
  auto mod = tm.finish(env.types);
  REQUIRE(mod);
  auto inst = env.store.instantiate(mod, {});
  REQUIRE(inst.ok());
  return *inst;
}

}  // namespace

TEST_CASE("every trap code raised at a trap site comes back with its message") {
  Env env;
  TestModule tm;
  uint32_t t = tm.type({}, {});
  for (uint8_t c = 1; c <= static_cast<uint8_t>(TrapCode::kHostTrap); ++c) {
    tm.func(t, [c](Asm& a) {
      a.enter();
      a.nop();
      a.site(static_cast<TrapCode>(c), 100 + c);
      a.ud2();
    }, fname(c));
    tm.export_(fname(c), ExternKind::kFunc, c - 1);
  }
  Instance* inst = instantiate(env, tm);
  for (uint8_t c = 1; c <= static_cast<uint8_t>(TrapCode::kHostTrap); ++c) {
    Status st = call0(env, inst, (fname(c)).c_str());
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == ErrorCode::kTrap);
    CHECK(st.error().trap == c);
    CHECK(st.error().message == trap_message(static_cast<TrapCode>(c)));
    CHECK(st.error().func == uint32_t(c - 1));
    CHECK(st.error().offset == uint64_t(100 + c));
    REQUIRE(st.error().backtrace.size() == 1);
    CHECK(st.error().backtrace[0].name == fname(c));
  }
}

TEST_CASE("hardware faults: divide by zero, overflow, guard page") {
  {
    Env env;
    TestModule tm;
    tm.info->memories.push_back({1, std::nullopt});
    uint32_t div = tm.type({Type::kI32, Type::kI32}, {Type::kI32});
    tm.func(div, [](Asm& a) {
      a.enter();
      a.mov(r8d, edx);
      a.mov(eax, esi);
      a.cdq();
      a.site(TrapCode::kIntegerDivideByZero, 7);
      a.idiv(r8d);
      a.leave_ret();
    });
    uint32_t load = tm.type({Type::kI32}, {Type::kI32});
    tm.func(load, [](Asm& a) {
      a.enter();
      a.memory_base(0);
      a.mov(esi, esi);
      a.site(TrapCode::kMemoryOutOfBounds, 9);
      a.mov(eax, ptr[rax + rsi + 16]);
      a.leave_ret();
    });
    tm.export_("div", ExternKind::kFunc, 0);
    tm.export_("load", ExternKind::kFunc, 1);
    Instance* inst = instantiate(env, tm);
    RawVal args[2] = {i32(7), i32(0)}, res[1];
    Status st = call0(env, inst, "div", args, res);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message == "integer divide by zero");
    args[0] = i32(0x80000000u);
    args[1] = i32(0xFFFFFFFFu);
    st = call0(env, inst, "div", args, res);
    REQUIRE_FALSE(st.ok());  // the site says divide by zero: the code generator checks overflow itself
    args[0] = i32(7);
    args[1] = i32(2);
    REQUIRE(call0(env, inst, "div", args, res).ok());
    CHECK(res[0].i32 == 3);

    args[0] = i32(65536 - 16 - 4);
    REQUIRE(call0(env, inst, "load", args, res).ok());
    for (uint32_t addr : {65536u - 16u - 3u, 65536u, 0x7FFFFFFFu, 0xFFFFFFFFu}) {
      args[0] = i32(addr);
      st = call0(env, inst, "load", args, res);
      REQUIRE_FALSE(st.ok());
      CHECK(st.error().message == "out of bounds memory access");
      CHECK(st.error().offset == 9);
    }
    // The instance is still usable.
    args[0] = i32(0);
    REQUIRE(call0(env, inst, "load", args, res).ok());
  }
}

TEST_CASE("deep recursion traps with call stack exhausted, never crashes") {
  Env env;
  TestModule tm;
  uint32_t t = tm.type({}, {});
  tm.func(t, [](Asm& a) {
    a.enter();
    a.stack_check(1);
    a.sub(rsp, 48);
    a.mov(ptr[rsp], rdi);
    a.call_func(0, 2);
    a.leave_ret();
  }, "runaway");
  tm.export_("runaway", ExternKind::kFunc, 0);
  Instance* inst = instantiate(env, tm);
  for (int i = 0; i < 3; ++i) {
    Status st = call0(env, inst, "runaway");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message == "call stack exhausted");
    CHECK(st.error().backtrace.size() == TrapRecord::kMaxFrames);
    CHECK(env.store.vm()->stack_limit == 0);  // restored after the outermost entry
  }
}

TEST_CASE("backtraces walk the wasm frames with call-site offsets") {
  Env env;
  TestModule tm;
  uint32_t t = tm.type({}, {});
  tm.func(t, [](Asm& a) { a.enter(); a.call_func(1, 10); a.leave_ret(); }, "outer");
  tm.func(t, [](Asm& a) { a.enter(); a.call_func(2, 20); a.leave_ret(); }, "middle");
  tm.func(t, [](Asm& a) { a.enter(); a.site(TrapCode::kUnreachable, 30); a.ud2(); }, "inner");
  tm.export_("outer", ExternKind::kFunc, 0);
  Instance* inst = instantiate(env, tm);
  Status st = call0(env, inst, "outer");
  REQUIRE_FALSE(st.ok());
  const auto& bt = st.error().backtrace;
  REQUIRE(bt.size() == 3);
  CHECK(bt[0].name == "inner");
  CHECK(bt[0].offset == 30);
  CHECK(bt[1].name == "middle");
  CHECK(bt[1].offset == 20);
  CHECK(bt[2].name == "outer");
  CHECK(bt[2].offset == 10);
}

TEST_CASE("runtime functions raise traps with the calling wasm frame") {
  Env env;
  TestModule tm;
  tm.info->tables.push_back({Type::kFuncRef, 2, std::nullopt, std::nullopt, false});
  uint32_t t = tm.type({Type::kI32}, {Type::kFuncRef});
  tm.func(t, [](Asm& a) {
    a.enter();
    a.mov(edx, esi);
    a.xor_(esi, esi);
    a.call_abs(reinterpret_cast<const void*>(&wr_table_get), 55);
    a.leave_ret();
  }, "get");
  tm.export_("get", ExternKind::kFunc, 0);
  Instance* inst = instantiate(env, tm);
  RawVal args[1] = {i32(1)}, res[1];
  REQUIRE(call0(env, inst, "get", args, res).ok());
  CHECK(res[0].ref == nullptr);
  args[0] = i32(2);
  Status st = call0(env, inst, "get", args, res);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "out of bounds table access");
  CHECK(st.error().trap == uint8_t(TrapCode::kTableOutOfBounds));
  REQUIRE(st.error().backtrace.size() == 1);
  CHECK(st.error().backtrace[0].name == "get");
  CHECK(st.error().offset == 55);
}

TEST_CASE("a fault outside wasm code goes to the previously installed handler") {
  Env env;
  TestModule tm;
  uint32_t t = tm.type({}, {});
  tm.func(t, [](Asm& a) { a.enter(); a.leave_ret(); });
  tm.export_("f", ExternKind::kFunc, 0);
  Instance* inst = instantiate(env, tm);
  REQUIRE(call0(env, inst, "f").ok());
  pid_t pid = fork();
  if (pid == 0) {
    // A handler of the embedder's, installed before ours: it must see the fault.
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = [](int) { _exit(42); };
    sigaction(SIGSEGV, &sa, nullptr);
    ensure_signal_handlers();
    // An inaccessible page, not null: sanitizers report a null store before it faults.
    void* page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *static_cast<volatile int*>(page) = 1;
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 42);
  REQUIRE(call0(env, inst, "f").ok());
}

TEST_CASE("threads trap concurrently without harming each other") {
  TypeRegistry types;
  TestModule tm;
  tm.info->memories.push_back({1, std::nullopt});
  uint32_t t = tm.type({Type::kI32}, {Type::kI32});
  tm.func(t, [](Asm& a) {  // load i32 at addr: traps out of bounds
    a.enter();
    a.memory_base(0);
    a.mov(esi, esi);
    a.site(TrapCode::kMemoryOutOfBounds, 3);
    a.mov(eax, ptr[rax + rsi]);
    a.leave_ret();
  });
  tm.export_("load", ExternKind::kFunc, 0);
  auto mod = tm.finish(types);
  REQUIRE(mod);
  std::atomic<int> traps{0}, oks{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      Store store(&types, {});
      auto inst = store.instantiate(mod, {});
      if (!inst.ok()) return;
      VMFuncRef* f = (*inst)->find_export("load")->func();
      std::memcpy((*inst)->memory(0)->data(), &k, 4);
      for (int i = 0; i < 300; ++i) {
        RawVal arg = i32(i % 2 ? 0x10000u + i : 0), res;
        Status st = store.call(f, &arg, &res);
        if (!st.ok() && st.error().message == "out of bounds memory access") traps++;
        if (st.ok() && res.i32 == uint32_t(k)) oks++;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(traps == 4 * 150);
  CHECK(oks == 4 * 150);
}
