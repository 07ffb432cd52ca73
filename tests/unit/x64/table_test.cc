// Globals of every type, tables and references (table.get/set/size/grow/fill/copy/init,
// elem.drop, ref.null/is_null/func), and bulk memory (fill, copy, init, data.drop) through
// the runtime's libcalls.
#include "ops_common.h"

using namespace x64test;
using rt::TrapCode;

namespace {

void ret1(FunctionBody& f, Value v) {
  Value r[] = {v};
  f.ret(r);
}
rt::InitExpr ref_func(uint32_t f) { return {rt::ConstInstr{rt::ConstInstr::kRefFunc, Type::kFuncRef, f, 0}}; }
Value inst_value(Inst i) { return Value::of_inst(i); }

}  // namespace

TEST_CASE("globals of every type: get, set, constants") {
  Harness h;
  h.global(Type::kI32, true, 7);
  h.global(Type::kI64, true, 0x100000000ull);
  h.global(Type::kF32, true, fbits(1.5f));
  h.global(Type::kF64, true, dbits(2.25));
  h.global(Type::kI32, false, 1000);
  uint32_t t = h.type({Type::kI32}, {Type::kF64});
  FunctionBody& f = h.func(t, "g");
  Value x = f.local_get(Local(0));
  f.global_set(0, f.binary(Opcode::kI32Add, Type::kI32, f.global_get(0, Type::kI32), x));
  f.global_set(1, f.binary(Opcode::kI64Add, Type::kI64, f.global_get(1, Type::kI64), f.i64_const(-1)));
  f.global_set(2, f.f32_const(fbits(-4.0f)));
  f.global_set(3, f.binary(Opcode::kF64Mul, Type::kF64, f.global_get(3, Type::kF64), f.f64_const(dbits(2.0))));
  Value s = f.unary(Opcode::kF64ConvertI32S, Type::kF64,
                    f.binary(Opcode::kI32Add, Type::kI32, f.global_get(0, Type::kI32), f.global_get(4, Type::kI32)));
  s = f.binary(Opcode::kF64Add, Type::kF64, s, f.unary(Opcode::kF64ConvertI64U, Type::kF64, f.global_get(1, Type::kI64)));
  s = f.binary(Opcode::kF64Add, Type::kF64, s, f.unary(Opcode::kF64PromoteF32, Type::kF64, f.global_get(2, Type::kF32)));
  s = f.binary(Opcode::kF64Add, Type::kF64, s, f.global_get(3, Type::kF64));
  ret1(f, s);
  // first call: g0 = 10, g1 = 2^32-1, g2 = -4, g3 = 4.5
  CHECK(h.call_ok("g", {rv_i32(3)}).f64 == 10 + 1000 + 4294967295.0 - 4 + 4.5);
  // second: g0 = 13, g1 = 2^32-2, g3 = 9
  CHECK(h.call_ok("g", {rv_i32(3)}).f64 == 13 + 1000 + 4294967294.0 - 4 + 9);
}

TEST_CASE("tables and references") {
  Harness h;
  h.table(4, 10);
  h.table(2, std::nullopt, Type::kExternRef);
  uint32_t tv = h.type({}, {Type::kI32});
  uint32_t ti = h.type({Type::kI32}, {Type::kI32});
  uint32_t tii = h.type({Type::kI32, Type::kI32}, {Type::kI32});
  FunctionBody& f0 = h.func(tv, "seven");  // func 0
  ret1(f0, f0.i32_const(7));
  // set(i): table0[i] = ref.func 0; returns ref.is_null(table0[i])
  FunctionBody& set = h.func(ti, "set");
  Value rf = inst_value(set.simple(Opcode::kRefFunc, Type::kFuncRef, 0));
  set.simple(Opcode::kTableSet, Type::kVoid, set.local_get(Local(0)).index, rf.index, 0);
  Value got = inst_value(set.simple(Opcode::kTableGet, Type::kFuncRef, set.local_get(Local(0)).index, 0));
  ret1(set, inst_value(set.simple(Opcode::kRefIsNull, Type::kI32, got.index)));
  // isnull(i): ref.is_null(table0[i])
  FunctionBody& isnull = h.func(ti, "isnull");
  Value g2 = inst_value(isnull.simple(Opcode::kTableGet, Type::kFuncRef, isnull.local_get(Local(0)).index, 0));
  ret1(isnull, inst_value(isnull.simple(Opcode::kRefIsNull, Type::kI32, g2.index)));
  // clear(i): table0[i] = ref.null
  FunctionBody& clear = h.func(ti, "clear");
  Value null = inst_value(clear.simple(Opcode::kRefNull, Type::kFuncRef, 0, 0, 0, static_cast<uint8_t>(Type::kFuncRef)));
  clear.simple(Opcode::kTableSet, Type::kVoid, clear.local_get(Local(0)).index, null.index, 0);
  ret1(clear, clear.i32_const(0));
  // size and grow(n) of table 0; grow of the externref table
  FunctionBody& size = h.func(tv, "size");
  ret1(size, inst_value(size.simple(Opcode::kTableSize, Type::kI32, 0)));
  FunctionBody& grow = h.func(tii, "grow");
  Value n2 = inst_value(grow.simple(Opcode::kRefNull, Type::kFuncRef, 0, 0, 0, static_cast<uint8_t>(Type::kFuncRef)));
  ret1(grow, inst_value(grow.simple(Opcode::kTableGrow, Type::kI32, n2.index, grow.local_get(Local(0)).index, 0)));
  // fill(i, n) with ref.func 0; copy within table 0 (dst, src, len=1)
  FunctionBody& fill = h.func(tii, "fill");
  Value rf2 = inst_value(fill.simple(Opcode::kRefFunc, Type::kFuncRef, 0));
  fill.bulk(Opcode::kTableFill, fill.local_get(Local(0)), rf2, fill.local_get(Local(1)), 0);
  ret1(fill, fill.i32_const(0));
  FunctionBody& copy = h.func(tii, "copy");
  copy.bulk(Opcode::kTableCopy, copy.local_get(Local(0)), copy.local_get(Local(1)), copy.i32_const(1), 0, 0);
  ret1(copy, copy.i32_const(0));
  CHECK(h.call_ok("isnull", {rv_i32(1)}).i32 == 1);
  CHECK(h.call_ok("set", {rv_i32(1)}).i32 == 0);
  CHECK(h.call_ok("isnull", {rv_i32(1)}).i32 == 0);
  CHECK(h.call_ok("clear", {rv_i32(1)}).i32 == 0);
  CHECK(h.call_ok("isnull", {rv_i32(1)}).i32 == 1);
  CHECK(int(h.call_trap("set", {rv_i32(4)})) == int(TrapCode::kTableOutOfBounds));
  CHECK(int(h.call_trap("isnull", {rv_i32(0xFFFFFFFF)})) == int(TrapCode::kTableOutOfBounds));
  CHECK(h.call_ok("size", {}).i32 == 4);
  CHECK(h.call_ok("grow", {rv_i32(3), rv_i32(0)}).i32 == 4);
  CHECK(h.call_ok("size", {}).i32 == 7);
  CHECK(h.call_ok("grow", {rv_i32(4), rv_i32(0)}).i32 == 0xFFFFFFFFu);
  CHECK(h.call_ok("set", {rv_i32(6)}).i32 == 0);
  CHECK(h.call_ok("fill", {rv_i32(2), rv_i32(2)}).i32 == 0);
  CHECK(h.call_ok("isnull", {rv_i32(3)}).i32 == 0);
  CHECK(h.call_ok("isnull", {rv_i32(4)}).i32 == 1);
  CHECK(h.call_ok("copy", {rv_i32(4), rv_i32(3)}).i32 == 0);
  CHECK(h.call_ok("isnull", {rv_i32(4)}).i32 == 0);
  CHECK(int(h.call_trap("fill", {rv_i32(6), rv_i32(2)})) == int(TrapCode::kTableOutOfBounds));
}

TEST_CASE("table.init and elem.drop") {
  Harness h;
  h.table(4);
  uint32_t tv = h.type({}, {Type::kI32});
  uint32_t ti = h.type({Type::kI32}, {Type::kI32});
  FunctionBody& f0 = h.func(tv, "seven");
  ret1(f0, f0.i32_const(7));
  FunctionBody& init = h.func(ti, "init");  // table.init 0 seg 0: dst=arg, src=0, len=2
  init.bulk(Opcode::kTableInit, init.local_get(Local(0)), init.i32_const(0), init.i32_const(2), 0, 0);
  ret1(init, init.i32_const(0));
  FunctionBody& drop = h.func(tv, "drop");
  drop.simple(Opcode::kElemDrop, Type::kVoid, 0);
  ret1(drop, drop.i32_const(0));
  FunctionBody& call = h.func(ti, "call");
  Value a[] = {call.local_get(Local(0))};
  Type r[] = {Type::kI32};
  ret1(call, call.result(call.call_indirect(tv, 0, a, r)));
  h.info->elems.push_back({rt::SegmentMode::kPassive, Type::kFuncRef, 0, {}, {ref_func(0), ref_func(0)}});
  CHECK(h.call_ok("init", {rv_i32(2)}).i32 == 0);
  CHECK(h.call_ok("call", {rv_i32(3)}).i32 == 7);
  CHECK(int(h.call_trap("init", {rv_i32(3)})) == int(TrapCode::kTableOutOfBounds));
  CHECK(h.call_ok("drop", {}).i32 == 0);
  CHECK(int(h.call_trap("init", {rv_i32(0)})) == int(TrapCode::kTableOutOfBounds));
}

TEST_CASE("bulk memory: fill, copy, init, data.drop") {
  for (auto mode : {rt::BoundsMode::kGuard, rt::BoundsMode::kExplicit}) {
    Harness h(mode);
    h.memory(1);
    h.info->datas.push_back({rt::SegmentMode::kPassive, 0, {}, {1, 2, 3, 4, 5}});
    uint32_t t3 = h.type({Type::kI32, Type::kI32, Type::kI32}, {});
    uint32_t t1 = h.type({Type::kI32}, {Type::kI32});
    uint32_t t0 = h.type({}, {});
    FunctionBody& fill = h.func(t3, "fill");
    fill.bulk(Opcode::kMemoryFill, fill.local_get(Local(0)), fill.local_get(Local(1)), fill.local_get(Local(2)), 0);
    fill.ret({});
    FunctionBody& copy = h.func(t3, "copy");
    copy.bulk(Opcode::kMemoryCopy, copy.local_get(Local(0)), copy.local_get(Local(1)), copy.local_get(Local(2)), 0, 0);
    copy.ret({});
    FunctionBody& init = h.func(t3, "init");
    init.bulk(Opcode::kMemoryInit, init.local_get(Local(0)), init.local_get(Local(1)), init.local_get(Local(2)), 0, 0);
    init.ret({});
    FunctionBody& drop = h.func(t0, "drop");
    drop.simple(Opcode::kDataDrop, Type::kVoid, 0);
    drop.ret({});
    FunctionBody& rd = h.func(t1, "rd");
    ret1(rd, rd.load(Opcode::kI32Load8U, Type::kI32, rd.local_get(Local(0)), ir::MemArg{0, 0, 0, 0}));
    h.call_ok("fill", {rv_i32(10), rv_i32(0xAB), rv_i32(4)});
    CHECK(h.call_ok("rd", {rv_i32(13)}).i32 == 0xAB);
    CHECK(h.call_ok("rd", {rv_i32(14)}).i32 == 0);
    h.call_ok("init", {rv_i32(100), rv_i32(1), rv_i32(4)});
    CHECK(h.call_ok("rd", {rv_i32(100)}).i32 == 2);
    CHECK(h.call_ok("rd", {rv_i32(103)}).i32 == 5);
    h.call_ok("copy", {rv_i32(101), rv_i32(100), rv_i32(4)});  // overlapping
    CHECK(h.call_ok("rd", {rv_i32(101)}).i32 == 2);
    CHECK(h.call_ok("rd", {rv_i32(104)}).i32 == 5);
    CHECK(int(h.call_trap("fill", {rv_i32(65535), rv_i32(1), rv_i32(2)})) == int(TrapCode::kMemoryOutOfBounds));
    CHECK(int(h.call_trap("copy", {rv_i32(0), rv_i32(65535), rv_i32(2)})) == int(TrapCode::kMemoryOutOfBounds));
    h.call_ok("drop", {});
    CHECK(int(h.call_trap("init", {rv_i32(0), rv_i32(0), rv_i32(1)})) == int(TrapCode::kMemoryOutOfBounds));
    h.call_ok("init", {rv_i32(0), rv_i32(0), rv_i32(0)});  // zero length after drop is fine
  }
}
