// Control flow and register allocation: merges with block parameters, loops whose back
// edges permute their parameters (parallel-move cycles, in registers and in overflow slots),
// br_table with arguments, select, values used blocks after their definition, register
// pressure, 20,000 locals, an entry block that is a loop header.
#include "ops_common.h"

using namespace x64test;

namespace {

void ret1(FunctionBody& f, Value v) {
  Value r[] = {v};
  f.ret(r);
}

}  // namespace

TEST_CASE("if/else merge with a block parameter, fused and unfused conditions") {
  Harness h;
  uint32_t t = h.type({Type::kI32, Type::kI32}, {Type::kI32});
  for (int fused = 0; fused < 2; ++fused) {
    FunctionBody& f = h.func(t, fused ? "max_fused" : "max");
    Type p[] = {Type::kI32};
    Block then_b = f.create_block(), else_b = f.create_block(), merge = f.create_block(p);
    Value a = f.local_get(Local(0)), b = f.local_get(Local(1));
    Value c = f.binary(Opcode::kI32GtS, Type::kI32, a, b);
    if (!fused) f.local_set(f.add_local(Type::kI32), c);  // a second use: no fusion
    f.br_if(c, then_b, {}, else_b, {});
    f.switch_to(then_b);
    Value x[] = {f.local_get(Local(0))};
    f.jump(merge, x);
    f.switch_to(else_b);
    Value y[] = {f.local_get(Local(1))};
    f.jump(merge, y);
    f.switch_to(merge);
    ret1(f, f.binary(Opcode::kI32Mul, Type::kI32, f.block_param(merge, 0), f.i32_const(10)));
  }
  for (const char* n : {"max", "max_fused"}) {
    CHECK(h.call_ok(n, {rv_i32(3), rv_i32(9)}).i32 == 90);
    CHECK(h.call_ok(n, {rv_i32(9), rv_i32(3)}).i32 == 90);
    CHECK(h.call_ok(n, {rv_i32(uint32_t(-5)), rv_i32(2)}).i32 == 20);
  }
}

TEST_CASE("loop back edges that swap parameters (fibonacci)") {
  Harness h;
  uint32_t t = h.type({Type::kI32}, {Type::kI64});
  FunctionBody& f = h.func(t, "fib");
  Type p[] = {Type::kI64, Type::kI64, Type::kI32};
  Block loop = f.create_block(p), body = f.create_block(), exit = f.create_block();
  Value init[] = {f.i64_const(0), f.i64_const(1), f.local_get(Local(0))};
  f.jump(loop, init);
  f.switch_to(loop);
  Value a = f.block_param(loop, 0), b = f.block_param(loop, 1), n = f.block_param(loop, 2);
  f.br_if(f.unary(Opcode::kI32Eqz, Type::kI32, n), exit, {}, body, {});
  f.switch_to(body);
  Value next[] = {b, f.binary(Opcode::kI64Add, Type::kI64, a, b), f.binary(Opcode::kI32Sub, Type::kI32, n, f.i32_const(1))};
  f.jump(loop, next);
  f.switch_to(exit);
  ret1(f, a);
  CHECK(h.call_ok("fib", {rv_i32(0)}).i64 == 0);
  CHECK(h.call_ok("fib", {rv_i32(1)}).i64 == 1);
  CHECK(h.call_ok("fib", {rv_i32(10)}).i64 == 55);
  CHECK(h.call_ok("fib", {rv_i32(90)}).i64 == 2880067194370816120ull);
}

TEST_CASE("rotating 12 loop parameters: cycles through registers and overflow slots") {
  Harness h;
  uint32_t t = h.type({Type::kI32}, {Type::kI64});
  for (Type ty : {Type::kI64, Type::kF64}) {
    FunctionBody& f = h.func(t, ty == Type::kI64 ? "rot_i" : "rot_f");
    std::vector<Type> p(12, ty);
    p.push_back(Type::kI32);
    Block loop = f.create_block(p), body = f.create_block(), exit = f.create_block();
    std::vector<Value> init;
    for (int k = 0; k < 12; ++k) init.push_back(ty == Type::kI64 ? f.i64_const(k + 1) : f.f64_const(dbits(k + 1)));
    init.push_back(f.local_get(Local(0)));
    f.jump(loop, init);
    f.switch_to(loop);
    Value n = f.block_param(loop, 12);
    f.br_if(f.unary(Opcode::kI32Eqz, Type::kI32, n), exit, {}, body, {});
    f.switch_to(body);
    std::vector<Value> next;
    for (int k = 0; k < 12; ++k) next.push_back(f.block_param(loop, (k + 1) % 12));
    // swap two as well: a second cycle
    std::swap(next[0], next[5]);
    next.push_back(f.binary(Opcode::kI32Sub, Type::kI32, n, f.i32_const(1)));
    f.jump(loop, next);
    f.switch_to(exit);
    // weighted sum identifies the permutation
    Value acc = ty == Type::kI64 ? f.i64_const(0) : f.f64_const(0);
    for (int k = 0; k < 12; ++k) {
      Value w = ty == Type::kI64 ? f.i64_const(uint64_t(1) << (4 * k)) : f.f64_const(dbits(double(uint64_t(1) << (4 * k))));
      Opcode mul = ty == Type::kI64 ? Opcode::kI64Mul : Opcode::kF64Mul;
      Opcode add = ty == Type::kI64 ? Opcode::kI64Add : Opcode::kF64Add;
      acc = f.binary(add, ty, acc, f.binary(mul, ty, f.block_param(loop, k), w));
    }
    if (ty == Type::kF64) acc = f.unary(Opcode::kI64TruncF64U, Type::kI64, acc);
    ret1(f, acc);
  }
  auto model = [](int iters) {
    std::vector<uint64_t> v(12);
    for (int k = 0; k < 12; ++k) v[k] = k + 1;
    for (int i = 0; i < iters; ++i) {
      std::vector<uint64_t> n(12);
      for (int k = 0; k < 12; ++k) n[k] = v[(k + 1) % 12];
      std::swap(n[0], n[5]);
      v = n;
    }
    uint64_t acc = 0;
    for (int k = 0; k < 12; ++k) acc += v[k] << (4 * k);
    return acc;
  };
  for (int iters : {0, 1, 2, 7, 13}) {
    CHECK(h.call_ok("rot_i", {rv_i32(iters)}).i64 == model(iters));
    CHECK(h.call_ok("rot_f", {rv_i32(iters)}).i64 == model(iters));
  }
}

TEST_CASE("br_table with arguments, default and repeated targets") {
  Harness h;
  uint32_t t = h.type({Type::kI32, Type::kI32}, {Type::kI32});
  FunctionBody& f = h.func(t, "sw");
  Type p[] = {Type::kI32};
  Block b0 = f.create_block(p), b1 = f.create_block(p), b2 = f.create_block(), dflt = f.create_block(p);
  (void)b2;
  Value x = f.binary(Opcode::kI32Add, Type::kI32, f.local_get(Local(1)), f.i32_const(1000));
  Block targets[] = {b0, b1, b1, b0};
  Value args[] = {x};
  f.br_table(f.local_get(Local(0)), targets, dflt, args);
  f.switch_to(b0);
  ret1(f, f.binary(Opcode::kI32Add, Type::kI32, f.block_param(b0, 0), f.i32_const(1)));
  f.switch_to(b1);
  ret1(f, f.binary(Opcode::kI32Add, Type::kI32, f.block_param(b1, 0), f.i32_const(2)));
  f.switch_to(dflt);
  ret1(f, f.binary(Opcode::kI32Add, Type::kI32, f.block_param(dflt, 0), f.i32_const(3)));
  const uint32_t expect[] = {1, 2, 2, 1, 3, 3};
  for (uint32_t k = 0; k < 6; ++k) CHECK(h.call_ok("sw", {rv_i32(k), rv_i32(5)}).i32 == 1005 + expect[k]);
  CHECK(h.call_ok("sw", {rv_i32(0xFFFFFFFF), rv_i32(5)}).i32 == 1008);
}

TEST_CASE("select on every type, fused and unfused") {
  Harness h;
  for (Type ty : {Type::kI32, Type::kI64, Type::kF32, Type::kF64}) {
    uint32_t t = h.type({ty, ty, Type::kI32}, {ty});
    FunctionBody& f = h.func(t, std::string("sel_") + type_name(ty));
    ret1(f, f.select(ty, f.local_get(Local(0)), f.local_get(Local(1)), f.local_get(Local(2))));
    FunctionBody& g = h.func(t, std::string("selcmp_") + type_name(ty));
    Value c = g.binary(Opcode::kI32LtU, Type::kI32, g.local_get(Local(2)), g.i32_const(10));
    ret1(g, g.select(ty, g.local_get(Local(0)), g.local_get(Local(1)), c));
  }
  for (Type ty : {Type::kI32, Type::kI64, Type::kF32, Type::kF64}) {
    uint64_t a = 0x4000000000000001ull, b = 0x3FF0000000000000ull;
    if (ty == Type::kI32 || ty == Type::kF32) a &= 0xFFFFFFFF, b = 0x3F800000;
    std::string n = type_name(ty);
    CHECK(bits_from(ty, h.call_ok("sel_" + n, {raw_of(ty, a), raw_of(ty, b), rv_i32(1)})) == a);
    CHECK(bits_from(ty, h.call_ok("sel_" + n, {raw_of(ty, a), raw_of(ty, b), rv_i32(0)})) == b);
    CHECK(bits_from(ty, h.call_ok("selcmp_" + n, {raw_of(ty, a), raw_of(ty, b), rv_i32(3)})) == a);
    CHECK(bits_from(ty, h.call_ok("selcmp_" + n, {raw_of(ty, a), raw_of(ty, b), rv_i32(30)})) == b);
  }
}

TEST_CASE("values used in later blocks, across branches") {
  Harness h;
  uint32_t t = h.type({Type::kI32}, {Type::kI32});
  FunctionBody& f = h.func(t, "f");
  // v1..v3 defined in the entry block, used after an if/else diamond.
  Value v1 = f.binary(Opcode::kI32Mul, Type::kI32, f.local_get(Local(0)), f.i32_const(3));
  Value v2 = f.binary(Opcode::kI32Add, Type::kI32, f.local_get(Local(0)), f.i32_const(7));
  Value v3 = f.f64_const(dbits(2.5));
  Block a = f.create_block(), b = f.create_block(), m = f.create_block();
  f.br_if(f.local_get(Local(0)), a, {}, b, {});
  f.switch_to(a);
  f.local_set(Local(0), f.binary(Opcode::kI32Add, Type::kI32, v1, f.i32_const(1)));
  f.jump(m, {});
  f.switch_to(b);
  f.local_set(Local(0), f.i32_const(100));
  f.jump(m, {});
  f.switch_to(m);
  Value w = f.unary(Opcode::kI32TruncF64S, Type::kI32, f.binary(Opcode::kF64Mul, Type::kF64, v3, f.f64_const(dbits(4.0))));
  Value s = f.binary(Opcode::kI32Add, Type::kI32, f.binary(Opcode::kI32Add, Type::kI32, v1, v2), f.local_get(Local(0)));
  ret1(f, f.binary(Opcode::kI32Add, Type::kI32, s, w));
  // x=5: v1=15 v2=12 local=16 w=10 -> 53; x=0: v1=0 v2=7 local=100 w=10 -> 117
  CHECK(h.call_ok("f", {rv_i32(5)}).i32 == 53);
  CHECK(h.call_ok("f", {rv_i32(0)}).i32 == 117);
}

TEST_CASE("register pressure: 40 live integer and 40 live float values") {
  Harness h;
  uint32_t t = h.type({Type::kI64, Type::kF64}, {Type::kF64});
  FunctionBody& f = h.func(t, "f");
  std::vector<Value> iv, fv;
  for (int k = 0; k < 40; ++k) {
    iv.push_back(f.binary(Opcode::kI64Mul, Type::kI64, f.local_get(Local(0)), f.i64_const(k + 1)));
    fv.push_back(f.binary(Opcode::kF64Mul, Type::kF64, f.local_get(Local(1)), f.f64_const(dbits(k + 1))));
  }
  Value isum = f.i64_const(0), fsum = f.f64_const(0);
  for (int k = 39; k >= 0; --k) {
    isum = f.binary(Opcode::kI64Add, Type::kI64, isum, iv[k]);
    fsum = f.binary(Opcode::kF64Add, Type::kF64, fsum, fv[k]);
  }
  ret1(f, f.binary(Opcode::kF64Add, Type::kF64, fsum, f.unary(Opcode::kF64ConvertI64S, Type::kF64, isum)));
  // sum(1..40) = 820
  CHECK(h.call_ok("f", {rv_i64(2), rv_f64(0.5)}).f64 == 820.0 * 2 + 820.0 * 0.5);
}

TEST_CASE("20,000 locals start zeroed and stay independent") {
  Harness h;
  uint32_t t = h.type({Type::kI32}, {Type::kI64});
  FunctionBody& f = h.func(t, "many");
  f.add_locals(10000, Type::kI64);
  f.add_locals(10000, Type::kF64);
  // sum of every 997th local (all zero) + local[k] after setting two
  f.local_set(Local(1 + 1234), f.i64_const(7));
  f.local_set(Local(1 + 10000 + 4321), f.f64_const(dbits(3.0)));
  Value acc = f.i64_const(0);
  for (uint32_t k = 1; k <= 20000; k += 997) {
    Value v = f.local_get(Local(k));
    if (k > 10000) v = f.unary(Opcode::kI64TruncF64S, Type::kI64, v);
    acc = f.binary(Opcode::kI64Add, Type::kI64, acc, v);
  }
  acc = f.binary(Opcode::kI64Add, Type::kI64, acc, f.local_get(Local(1 + 1234)));
  acc = f.binary(Opcode::kI64Add, Type::kI64, acc,
                 f.unary(Opcode::kI64TruncF64S, Type::kI64, f.local_get(Local(1 + 10000 + 4321))));
  Value last = f.local_get(Local(20000));
  acc = f.binary(Opcode::kI64Add, Type::kI64, acc, f.unary(Opcode::kI64TruncF64S, Type::kI64, last));
  // dirty the frame for the next call: a second call must see zeros again
  f.local_set(Local(1 + 1), f.i64_const(99));
  ret1(f, acc);
  CHECK(h.call_ok("many", {rv_i32(0)}).i64 == 10);
  CHECK(h.call_ok("many", {rv_i32(0)}).i64 == 10);
  CHECK(h.compiled[0].code.size() < 4096);  // zeroing is a loop, not 20,000 stores
}

TEST_CASE("an entry block that is a loop header") {
  Harness h;
  uint32_t t = h.type({Type::kI32}, {Type::kI32});
  FunctionBody& f = h.func(t, "f");
  Block entry = f.current_block();
  Block done = f.create_block();
  Value n = f.local_get(Local(0));
  Value n1 = f.binary(Opcode::kI32Sub, Type::kI32, n, f.i32_const(1));
  f.local_set(Local(0), n1);
  f.br_if(f.binary(Opcode::kI32GtS, Type::kI32, n1, f.i32_const(0)), entry, {}, done, {});
  f.switch_to(done);
  ret1(f, f.binary(Opcode::kI32Add, Type::kI32, f.local_get(Local(0)), f.i32_const(42)));
  CHECK(h.call_ok("f", {rv_i32(10)}).i32 == 42);
  CHECK(h.call_ok("f", {rv_i32(uint32_t(-3))}).i32 == 38);
}

TEST_CASE("unreachable traps") {
  Harness h;
  uint32_t t = h.type({}, {});
  FunctionBody& f = h.func(t, "f");
  f.unreachable();
  CHECK(int(h.call_trap("f", {})) == int(rt::TrapCode::kUnreachable));
}
