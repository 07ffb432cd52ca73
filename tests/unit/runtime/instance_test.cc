// Instantiation: imports of all four kinds and their type checks, globals with init
// expressions, active/passive/declarative segments in the spec's order with its failure
// semantics, exports, and the start function.
#include <atomic>
#include <cstring>
#include <thread>

#include <catch2/catch.hpp>

#include "test_module.h"

using namespace wasmrust;
using namespace wasmrust::rt;
using namespace wasmrust::rt::test;
using namespace Xbyak::util;

namespace {

InitExpr i32c(uint32_t v) { return {ConstInstr{ConstInstr::kI32Const, Type::kI32, v, 0}}; }
InitExpr ref_func(uint32_t f) { return {ConstInstr{ConstInstr::kRefFunc, Type::kFuncRef, f, 0}}; }

DataSegmentInfo data(uint32_t offset, std::string bytes) {
  DataSegmentInfo d;
  d.offset = i32c(offset);
  d.bytes.assign(bytes.begin(), bytes.end());
  return d;
}

}  // namespace

TEST_CASE("globals: init expressions, imports, exports share cells") {
  Env env;
  TestModule tm;
  tm.info->globals.push_back({Type::kI32, false, {}, true});
  tm.info->imports.push_back({"env", "base", ExternKind::kGlobal, 0});
  // extended-const: base + 10
  tm.info->globals.push_back({Type::kI32, true,
                              {ConstInstr{ConstInstr::kGlobalGet, Type::kI32, 0, 0},
                               ConstInstr{ConstInstr::kI32Const, Type::kI32, 10, 0},
                               ConstInstr{ConstInstr::kI32Add, Type::kI32, 0, 0}},
                              false});
  tm.export_("g", ExternKind::kGlobal, 1);
  auto mod = tm.finish(env.types);
  RawVal v = i32(32);
  Global* base = env.store.new_global(Type::kI32, false, v);
  auto inst = env.store.instantiate(mod, {{ExternKind::kGlobal, base}});
  REQUIRE(inst.ok());
  Global* g = (*inst)->find_export("g")->global();
  CHECK(g->get().i32 == 42);
  CHECK((*inst)->global(0) == base);

  SECTION("type mismatches fail to link") {
    Global* wrong_mut = env.store.new_global(Type::kI32, true, v);
    auto r = env.store.instantiate(mod, {{ExternKind::kGlobal, wrong_mut}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kLink);
    CHECK(r.error().message.find("incompatible import type") == 0);
    Global* wrong_type = env.store.new_global(Type::kI64, false, v);
    CHECK_FALSE(env.store.instantiate(mod, {{ExternKind::kGlobal, wrong_type}}).ok());
    CHECK_FALSE(env.store.instantiate(mod, {}).ok());
  }
}

TEST_CASE("memory imports: limits subtyping and sharing between instances") {
  Env env;
  TestModule exporter;
  exporter.info->memories.push_back({2, 4});
  exporter.export_("mem", ExternKind::kMemory, 0);
  exporter.info->datas.push_back(data(1, "ab"));
  auto emod = exporter.finish(env.types);
  auto e = env.store.instantiate(emod, {});
  REQUIRE(e.ok());
  Memory* mem = (*e)->find_export("mem")->memory();

  auto importer = [&](uint64_t min, std::optional<uint64_t> max) {
    TestModule tm;
    tm.info->memories.push_back({min, max, true});
    tm.info->imports.push_back({"m", "mem", ExternKind::kMemory, 0});
    tm.info->datas.push_back(data(2, "cd"));
    return tm.finish(env.types);
  };
  CHECK(env.store.instantiate(importer(1, std::nullopt), {{ExternKind::kMemory, mem}}).ok());
  CHECK(env.store.instantiate(importer(2, 4), {{ExternKind::kMemory, mem}}).ok());
  CHECK(env.store.instantiate(importer(1, 5), {{ExternKind::kMemory, mem}}).ok());
  CHECK_FALSE(env.store.instantiate(importer(3, std::nullopt), {{ExternKind::kMemory, mem}}).ok());
  CHECK_FALSE(env.store.instantiate(importer(1, 3), {{ExternKind::kMemory, mem}}).ok());
  CHECK(std::memcmp(mem->data() + 1, "acd", 3) == 0);
  // Growing through one view is seen by all: same VMMemory.
  CHECK(mem->grow(1) == 2);
  CHECK(mem->grow(2) == -1);
  CHECK(mem->pages() == 3);
}

TEST_CASE("segments: spec order, bounds failures keep earlier writes, passive and dropped segments") {
  Env env;
  TestModule tm;
  uint32_t t = tm.type({}, {Type::kI32});
  tm.func(t, [](Asm& a) { a.enter(); a.mov(eax, 1); a.leave_ret(); });
  tm.func(t, [](Asm& a) { a.enter(); a.mov(eax, 2); a.leave_ret(); });
  tm.info->memories.push_back({1, std::nullopt});
  tm.info->tables.push_back({Type::kFuncRef, 4, std::nullopt, std::nullopt, false});
  ElemSegmentInfo active;
  active.offset = i32c(1);
  active.items = {ref_func(1), ref_func(0)};
  ElemSegmentInfo passive = active;
  passive.mode = SegmentMode::kPassive;
  ElemSegmentInfo declarative = active;
  declarative.mode = SegmentMode::kDeclarative;
  tm.info->elems = {active, passive, declarative};
  DataSegmentInfo pd = data(0, "xyz");
  pd.mode = SegmentMode::kPassive;
  tm.info->datas = {data(0, "hello"), pd, data(3, "LO")};
  auto mod = tm.finish(env.types);
  auto r = env.store.instantiate(mod, {});
  REQUIRE(r.ok());
  Instance* inst = *r;
  CHECK(std::memcmp(inst->memory(0)->data(), "helLO", 5) == 0);
  CHECK(inst->table(0)->get(0) == nullptr);
  CHECK(inst->table(0)->get(1) == inst->func(1));
  CHECK(inst->table(0)->get(2) == inst->func(0));
  CHECK(inst->elem_segment(0).empty());       // active: dropped after use
  CHECK(inst->elem_segment(1).size() == 2);   // passive: kept
  CHECK(inst->elem_segment(2).empty());       // declarative: dropped
  CHECK(inst->data_segment(0).empty());
  CHECK(inst->data_segment(1).size() == 3);
  CHECK(inst->func(1)->type_id == mod->type_ids[t]);
  CHECK(inst->func(1)->vmctx == inst->vmctx());

  SECTION("an out-of-bounds data segment fails after the earlier ones were written") {
    TestModule bad;
    bad.info->memories.push_back({1, std::nullopt, true});
    bad.info->imports.push_back({"m", "mem", ExternKind::kMemory, 0});
    bad.info->datas = {data(100, "AB"), data(65535, "CD")};
    auto bmod = bad.finish(env.types);
    auto br = env.store.instantiate(bmod, {{ExternKind::kMemory, inst->memory(0)}});
    REQUIRE_FALSE(br.ok());
    CHECK(br.error().code == ErrorCode::kTrap);
    CHECK(br.error().message == "out of bounds memory access");
    CHECK(std::memcmp(inst->memory(0)->data() + 100, "AB", 2) == 0);
    CHECK(inst->memory(0)->data()[65535] == 0);
  }
  SECTION("an out-of-bounds element segment fails before any data segment is written") {
    TestModule bad;
    bad.info->memories.push_back({1, std::nullopt, true});
    bad.info->imports.push_back({"m", "mem", ExternKind::kMemory, 0});
    bad.info->tables.push_back({Type::kFuncRef, 0, std::nullopt, std::nullopt, false});
    ElemSegmentInfo e;
    e.offset = i32c(0);
    e.items = {{ConstInstr{ConstInstr::kRefNull, Type::kFuncRef, 0, 0}}};
    bad.info->elems = {e};
    bad.info->datas = {data(200, "Q")};
    auto bmod = bad.finish(env.types);
    auto br = env.store.instantiate(bmod, {{ExternKind::kMemory, inst->memory(0)}});
    REQUIRE_FALSE(br.ok());
    CHECK(br.error().message == "out of bounds table access");
    CHECK(inst->memory(0)->data()[200] == 0);
  }
  SECTION("zero-length segments at the very end are in bounds") {
    TestModule ok;
    ok.info->memories.push_back({1, std::nullopt});
    ok.info->datas = {data(65536, "")};
    CHECK(env.store.instantiate(ok.finish(env.types), {}).ok());
    TestModule past;
    past.info->memories.push_back({1, std::nullopt});
    past.info->datas = {data(65537, "")};
    CHECK_FALSE(env.store.instantiate(past.finish(env.types), {}).ok());
  }
}

TEST_CASE("the start function runs after segments; a trapping start fails instantiation") {
  Env env;
  for (bool trap : {false, true}) {
    TestModule tm;
    uint32_t t = tm.type({}, {});
    tm.info->memories.push_back({1, std::nullopt});
    tm.info->datas = {data(0, "\x05")};
    tm.func(t, [trap](Asm& a) {
      a.enter();
      a.memory_base(0);
      a.add(byte[rax], 1);  // sees the data segment's byte
      if (trap) {
        a.site(TrapCode::kUnreachable, 5);
        a.ud2();
      }
      a.leave_ret();
    });
    tm.info->start = 0;
    tm.export_("mem", ExternKind::kMemory, 0);
    auto r = env.store.instantiate(tm.finish(env.types), {});
    if (!trap) {
      REQUIRE(r.ok());
      CHECK((*r)->memory(0)->data()[0] == 6);
    } else {
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message == "unreachable");
    }
  }
}

TEST_CASE("canonical type ids are structural and engine-wide") {
  TypeRegistry types;
  uint32_t a = types.intern({{Type::kI32}, {Type::kI64}});
  uint32_t b = types.intern({{Type::kI32}, {Type::kI64}});
  uint32_t c = types.intern({{Type::kI64}, {Type::kI32}});
  uint32_t d = types.intern({{}, {Type::kI32, Type::kI64}});
  CHECK(a == b);
  CHECK(a != c);
  CHECK(d != a);
  CHECK(types.sig(c).to_string() == "(i64) -> (i32)");
  std::vector<std::thread> ts;
  std::atomic<bool> same{true};
  for (int k = 0; k < 4; ++k)
    ts.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        FuncSig s{{Type::kF32}, std::vector<Type>(i % 7, Type::kF64)};
        uint32_t x = types.intern(s);
        if (types.intern(s) != x || !(types.sig(x) == s)) same = false;
      }
    });
  for (auto& th : ts) th.join();
  CHECK(same);
}
