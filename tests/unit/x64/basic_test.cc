// Basic tier-1 execution: arithmetic on parameters, locals, control flow, calls.
#include "harness.h"

using namespace x64test;

TEST_CASE("i32.add of two parameters") {
  Harness h;
  uint32_t t = h.type({Type::kI32, Type::kI32}, {Type::kI32});
  FunctionBody& f = h.func(t, "add");
  Value a = f.local_get(Local(0)), b = f.local_get(Local(1));
  Value s = f.binary(Opcode::kI32Add, Type::kI32, a, b);
  Value r[] = {s};
  f.ret(r);
  CHECK(h.call_ok("add", {rv_i32(2), rv_i32(40)}).i32 == 42);
  CHECK(h.call_ok("add", {rv_i32(0xFFFFFFFF), rv_i32(1)}).i32 == 0);
}

TEST_CASE("a loop summing 1..n with locals and br_if") {
  Harness h;
  uint32_t t = h.type({Type::kI32}, {Type::kI64});
  FunctionBody& f = h.func(t, "sum");
  Local acc = f.add_local(Type::kI64);
  Block loop = f.create_block(), body = f.create_block(), exit = f.create_block();
  f.jump(loop, {});
  f.switch_to(loop);
  Value n = f.local_get(Local(0));
  Value nz = f.unary(Opcode::kI32Eqz, Type::kI32, n);
  f.br_if(nz, exit, {}, body, {});
  f.switch_to(body);
  Value a = f.local_get(acc);
  Value n2 = f.local_get(Local(0));
  Value n64 = f.unary(Opcode::kI64ExtendI32U, Type::kI64, n2);
  f.local_set(acc, f.binary(Opcode::kI64Add, Type::kI64, a, n64));
  Value n3 = f.local_get(Local(0));
  f.local_set(Local(0), f.binary(Opcode::kI32Sub, Type::kI32, n3, f.i32_const(1)));
  f.jump(loop, {});
  f.switch_to(exit);
  Value r[] = {f.local_get(acc)};
  f.ret(r);
  CHECK(h.call_ok("sum", {rv_i32(0)}).i64 == 0);
  CHECK(h.call_ok("sum", {rv_i32(10)}).i64 == 55);
  CHECK(h.call_ok("sum", {rv_i32(100000)}).i64 == 5000050000ull);
}

