// Runtime functions (libcalls.h) with the spec's bulk-memory and table semantics: bounds
// checked before any write, overlapping copies, zero length at the bound, dropped segments,
// grow limits; and linear memories in both bounds modes.
#include <cstring>

#include <catch2/catch.hpp>

#include "runtime/libcalls.h"
#include "test_module.h"

using namespace wasmrust;
using namespace wasmrust::rt;
using namespace wasmrust::rt::test;
using namespace Xbyak::util;

namespace {

// A wasm function (i32, i32, i32) -> () calling {fn}(vmctx, k0, [k1,] a, b, c).
Gen thunk(const void* fn, int constants) {
  return [fn, constants](Asm& a) {
    a.enter();
    if (constants == 1) {
      a.mov(r8d, ecx);
      a.mov(ecx, edx);
      a.mov(edx, esi);
      a.xor_(esi, esi);
    } else {
      a.mov(r9d, ecx);
      a.mov(r8d, edx);
      a.mov(ecx, esi);
      a.xor_(edx, edx);
      a.xor_(esi, esi);
    }
    a.call_abs(fn, 77);
    a.leave_ret();
  };
}

struct Fixture {
  Env env;
  Instance* inst = nullptr;
  Fixture() {
    TestModule tm;
    uint32_t t = tm.type({Type::kI32, Type::kI32, Type::kI32}, {});
    tm.info->memories.push_back({1, 2});
    tm.info->tables.push_back({Type::kFuncRef, 8, 10, std::nullopt, false});
    DataSegmentInfo d;
    d.mode = SegmentMode::kPassive;
    d.bytes = {1, 2, 3, 4};
    tm.info->datas = {d};
    ElemSegmentInfo e;
    e.mode = SegmentMode::kPassive;
    e.items = {{ConstInstr{ConstInstr::kRefFunc, Type::kFuncRef, 0, 0}},
               {ConstInstr{ConstInstr::kRefNull, Type::kFuncRef, 0, 0}}};
    tm.info->elems = {e};
    const char* names[] = {"fill", "copy", "init", "tcopy", "tinit"};
    const void* fns[] = {reinterpret_cast<const void*>(&wr_memory_fill), reinterpret_cast<const void*>(&wr_memory_copy),
                         reinterpret_cast<const void*>(&wr_memory_init), reinterpret_cast<const void*>(&wr_table_copy),
                         reinterpret_cast<const void*>(&wr_table_init)};
    int consts[] = {1, 2, 2, 2, 2};
    for (uint32_t i = 0; i < 5; ++i) {
      tm.func(t, thunk(fns[i], consts[i]), names[i]);
      tm.export_(names[i], ExternKind::kFunc, i);
    }
    auto r = env.store.instantiate(tm.finish(env.types), {});
    REQUIRE(r.ok());
    inst = *r;
  }
  Status run(const char* name, uint32_t a, uint32_t b, uint32_t c) {
    RawVal args[3] = {i32(a), i32(b), i32(c)};
    return env.store.call(inst->find_export(name)->func(), args, nullptr);
  }
  uint8_t* mem() { return inst->memory(0)->data(); }
};

}  // namespace

TEST_CASE("memory.fill, memory.copy, memory.init: bounds before writes, overlap, zero length") {
  Fixture fx;
  REQUIRE(fx.run("fill", 10, 0xAB, 4).ok());
  CHECK(fx.mem()[13] == 0xAB);
  CHECK(fx.mem()[14] == 0);
  Status st = fx.run("fill", 65530, 0x11, 7);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "out of bounds memory access");
  CHECK(st.error().offset == 77);
  CHECK(fx.mem()[65530] == 0);  // nothing written
  CHECK(fx.run("fill", 65536, 0, 0).ok());
  CHECK_FALSE(fx.run("fill", 65537, 0, 0).ok());

  for (int i = 0; i < 8; ++i) fx.mem()[i] = static_cast<uint8_t>(i);
  REQUIRE(fx.run("copy", 2, 0, 6).ok());  // overlapping, forward
  CHECK(std::memcmp(fx.mem(), "\0\1\0\1\2\3\4\5", 8) == 0);
  REQUIRE(fx.run("copy", 0, 2, 6).ok());  // overlapping, backward
  CHECK(std::memcmp(fx.mem(), "\0\1\2\3\4\5\4\5", 8) == 0);
  CHECK_FALSE(fx.run("copy", 0, 65535, 2).ok());
  CHECK(fx.run("copy", 65536, 0, 0).ok());

  REQUIRE(fx.run("init", 100, 1, 3).ok());
  CHECK(std::memcmp(fx.mem() + 100, "\2\3\4", 3) == 0);
  CHECK_FALSE(fx.run("init", 100, 2, 3).ok());
  CHECK(fx.run("init", 100, 4, 0).ok());
  wr_data_drop(fx.inst->vmctx(), 0);
  CHECK(fx.run("init", 100, 0, 0).ok());
  st = fx.run("init", 100, 0, 1);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "out of bounds memory access");
}

TEST_CASE("table.copy, table.init, table.fill/get/set/grow") {
  Fixture fx;
  VMContext* vm = fx.inst->vmctx();
  Table* t = fx.inst->table(0);
  REQUIRE(fx.run("tinit", 0, 0, 2).ok());
  CHECK(t->get(0) == fx.inst->func(0));
  CHECK(t->get(1) == nullptr);
  CHECK_FALSE(fx.run("tinit", 7, 0, 2).ok());
  CHECK(t->get(7) == nullptr);
  REQUIRE(fx.run("tcopy", 1, 0, 3).ok());  // overlapping
  CHECK(t->get(1) == fx.inst->func(0));
  Status st = fx.run("tcopy", 0, 6, 3);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message == "out of bounds table access");
  CHECK(fx.run("tcopy", 8, 8, 0).ok());
  CHECK_FALSE(fx.run("tcopy", 9, 0, 0).ok());
  wr_elem_drop(vm, 0);
  CHECK(fx.run("tinit", 0, 0, 0).ok());
  CHECK_FALSE(fx.run("tinit", 0, 0, 1).ok());

  wr_table_fill(vm, 0, 2, fx.inst->func(1), 3);
  CHECK(t->get(4) == fx.inst->func(1));
  CHECK(wr_table_get(vm, 0, 4) == fx.inst->func(1));
  wr_table_set(vm, 0, 4, nullptr);
  CHECK(t->get(4) == nullptr);
  CHECK(wr_table_grow(vm, 0, fx.inst->func(0), 2) == 8);
  CHECK(t->get(9) == fx.inst->func(0));
  CHECK(wr_table_grow(vm, 0, nullptr, 1) == 0xFFFFFFFFu);  // max 10
  CHECK(wr_table_grow(vm, 0, nullptr, 0) == 10);
}

TEST_CASE("memory.grow respects the maximum; new pages are zero") {
  Fixture fx;
  VMContext* vm = fx.inst->vmctx();
  CHECK(wr_memory_grow(vm, 0, 0) == 1);
  CHECK(wr_memory_grow(vm, 0, 2) == 0xFFFFFFFFu);
  CHECK(wr_memory_grow(vm, 0, 1) == 1);
  CHECK(fx.inst->memory(0)->size_bytes() == 2 * kPageSize);
  CHECK(fx.mem()[2 * kPageSize - 1] == 0);
  CHECK(wr_memory_grow(vm, 0, 0xFFFFFFFFu) == 0xFFFFFFFFu);
}

TEST_CASE("linear memories in guard and explicit-check modes") {
  for (BoundsMode mode : {BoundsMode::kGuard, BoundsMode::kExplicit}) {
    auto r = Memory::create(0, std::nullopt, mode);
    REQUIRE(r.ok());
    Memory& m = **r;
    CHECK(m.size_bytes() == 0);
    CHECK(m.data() != nullptr);
    CHECK(m.max_pages() == kMaxPages32);
    CHECK(m.grow(1) == 0);
    m.data()[100] = 7;
    uint8_t* before = m.data();
    CHECK(m.grow(100) == 1);
    CHECK(m.data()[100] == 7);
    CHECK(m.data()[101 * kPageSize - 1] == 0);
    if (mode == BoundsMode::kGuard) CHECK(m.data() == before);  // base never moves
    CHECK(m.grow(kMaxPages32) == -1);
    CHECK(m.pages() == 101);
  }
  CHECK_FALSE(Memory::create(kMaxPages32 + 1, std::nullopt, BoundsMode::kGuard).ok());
  auto big = Memory::create(kMaxPages32, std::nullopt, BoundsMode::kGuard);  // 4 GiB, lazily committed
  REQUIRE(big.ok());
  (*big)->data()[(uint64_t{4} << 30) - 1] = 1;
  CHECK((*big)->grow(1) == -1);
}
