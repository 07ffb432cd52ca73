// Calls: direct calls with many mixed arguments (registers and stack), several results,
// values and dirty locals that must survive a call, recursion and stack exhaustion,
// call_indirect with its three checks.
#include "ops_common.h"

using namespace x64test;
using rt::TrapCode;

namespace {

void ret1(FunctionBody& f, Value v) {
  Value r[] = {v};
  f.ret(r);
}

rt::InitExpr ref_func(uint32_t f) { return {rt::ConstInstr{rt::ConstInstr::kRefFunc, Type::kFuncRef, f, 0}}; }
rt::InitExpr i32c(uint32_t v) { return {rt::ConstInstr{rt::ConstInstr::kI32Const, Type::kI32, v, 0}}; }

}  // namespace

TEST_CASE("direct call with 10 integer and 10 float arguments") {
  Harness h;
  std::vector<Type> params;
  for (int k = 0; k < 10; ++k) params.push_back(Type::kI64), params.push_back(Type::kF64);
  uint32_t tc = h.type(params, {Type::kF64});
  uint32_t tm = h.type({Type::kI64}, {Type::kF64});
  // callee: sum of i_k * 2^k + f_k * 3^k (order-sensitive)
  FunctionBody& callee = h.func(tc, "callee");
  Value acc = callee.f64_const(0);
  double w = 1, v = 1;
  for (int k = 0; k < 10; ++k) {
    Value i = callee.unary(Opcode::kF64ConvertI64S, Type::kF64, callee.local_get(Local(2 * k)));
    Value f = callee.local_get(Local(2 * k + 1));
    acc = callee.binary(Opcode::kF64Add, Type::kF64, acc, callee.binary(Opcode::kF64Mul, Type::kF64, i, callee.f64_const(dbits(w))));
    acc = callee.binary(Opcode::kF64Add, Type::kF64, acc, callee.binary(Opcode::kF64Mul, Type::kF64, f, callee.f64_const(dbits(v))));
    w *= 2, v *= 3;
  }
  ret1(callee, acc);
  FunctionBody& caller = h.func(tm, "caller");
  Local keep = caller.add_local(Type::kI64);
  caller.local_set(keep, caller.binary(Opcode::kI64Mul, Type::kI64, caller.local_get(Local(0)), caller.i64_const(3)));
  Value live = caller.binary(Opcode::kI64Add, Type::kI64, caller.local_get(Local(0)), caller.i64_const(1));
  std::vector<Value> args;
  for (int k = 0; k < 10; ++k) {
    args.push_back(caller.binary(Opcode::kI64Add, Type::kI64, caller.local_get(Local(0)), caller.i64_const(k)));
    args.push_back(caller.f64_const(dbits(0.5 * k)));
  }
  Type rt1[] = {Type::kF64};
  Inst c = caller.call(0, args, rt1);
  // after the call: the cached local and the live value must be intact
  Value extra = caller.unary(Opcode::kF64ConvertI64S, Type::kF64,
                             caller.binary(Opcode::kI64Add, Type::kI64, caller.local_get(keep), live));
  ret1(caller, caller.binary(Opcode::kF64Add, Type::kF64, caller.result(c), extra));
  auto model = [](int64_t x) {
    double acc = 0, w = 1, v = 1;
    for (int k = 0; k < 10; ++k) {
      acc += double(x + k) * w;
      acc += 0.5 * k * v;
      w *= 2, v *= 3;
    }
    return acc + double(3 * x + x + 1);
  };
  for (int64_t x : {0, 1, -7, 1000000}) CHECK(h.call_ok("caller", {rv_i64(uint64_t(x))}).f64 == model(x));
}

TEST_CASE("several results, returned and consumed") {
  Harness h;
  uint32_t t3 = h.type({Type::kI32}, {Type::kI32, Type::kF64, Type::kI64});
  uint32_t tm = h.type({Type::kI32}, {Type::kI64});
  FunctionBody& f = h.func(t3, "three");
  Value x = f.local_get(Local(0));
  Value rs[] = {f.binary(Opcode::kI32Add, Type::kI32, x, f.i32_const(1)),
                f.unary(Opcode::kF64ConvertI32S, Type::kF64, x),
                f.unary(Opcode::kI64ExtendI32S, Type::kI64, f.binary(Opcode::kI32Mul, Type::kI32, x, f.i32_const(-2)))};
  f.ret(rs);
  FunctionBody& g = h.func(tm, "use");
  Value a[] = {g.local_get(Local(0))};
  Type res[] = {Type::kI32, Type::kF64, Type::kI64};
  Inst c = g.call(0, a, res);
  Inst c2 = g.call(0, a, res);  // a second area while the first results are live
  Value s = g.binary(Opcode::kI64Add, Type::kI64, g.unary(Opcode::kI64ExtendI32U, Type::kI64, g.result(c, 0)),
                     g.unary(Opcode::kI64TruncF64S, Type::kI64, g.result(c, 1)));
  s = g.binary(Opcode::kI64Add, Type::kI64, s, g.result(c, 2));
  s = g.binary(Opcode::kI64Add, Type::kI64, s, g.result(c2, 2));
  ret1(g, s);
  RawVal out[3];
  REQUIRE(h.call("three", {rv_i32(5)}, out).ok());
  CHECK(out[0].i32 == 6);
  CHECK(out[1].f64 == 5.0);
  CHECK(out[2].i64 == uint64_t(-10));
  CHECK(h.call_ok("use", {rv_i32(5)}).i64 == uint64_t(6 + 5 - 10 - 10));
}

TEST_CASE("recursion and stack exhaustion") {
  Harness h;
  uint32_t t = h.type({Type::kI64}, {Type::kI64});
  FunctionBody& f = h.func(t, "fact");
  Block rec = f.create_block(), base = f.create_block();
  Value n = f.local_get(Local(0));
  f.br_if(f.unary(Opcode::kI64Eqz, Type::kI32, n), base, {}, rec, {});
  f.switch_to(rec);
  Value a[] = {f.binary(Opcode::kI64Sub, Type::kI64, f.local_get(Local(0)), f.i64_const(1))};
  Type r[] = {Type::kI64};
  Inst c = f.call(0, a, r);
  ret1(f, f.binary(Opcode::kI64Mul, Type::kI64, f.local_get(Local(0)), f.result(c)));
  f.switch_to(base);
  ret1(f, f.i64_const(1));
  CHECK(h.call_ok("fact", {rv_i64(20)}).i64 == 2432902008176640000ull);
  CHECK(int(h.call_trap("fact", {rv_i64(100000000)})) == int(TrapCode::kStackOverflow));
  CHECK(h.call_ok("fact", {rv_i64(5)}).i64 == 120);  // still usable after the trap
}

TEST_CASE("call_indirect: success, out of bounds, null, signature mismatch") {
  Harness h;
  uint32_t tii = h.type({Type::kI32}, {Type::kI32});
  uint32_t tff = h.type({Type::kF32}, {Type::kF32});
  uint32_t tcall = h.type({Type::kI32, Type::kI32}, {Type::kI32});
  FunctionBody& dbl = h.func(tii, "dbl");
  ret1(dbl, dbl.binary(Opcode::kI32Mul, Type::kI32, dbl.local_get(Local(0)), dbl.i32_const(2)));
  FunctionBody& inc = h.func(tii, "inc");
  ret1(inc, inc.binary(Opcode::kI32Add, Type::kI32, inc.local_get(Local(0)), inc.i32_const(1)));
  FunctionBody& fneg = h.func(tff, "fneg");
  ret1(fneg, fneg.unary(Opcode::kF32Neg, Type::kF32, fneg.local_get(Local(0))));
  FunctionBody& ci = h.func(tcall, "ci");
  Value args[] = {ci.local_get(Local(1)), ci.local_get(Local(0))};
  Type r[] = {Type::kI32};
  Inst c = ci.call_indirect(tii, 0, args, r);
  ret1(ci, ci.result(c));
  h.table(5);
  h.info->elems.push_back({rt::SegmentMode::kActive, Type::kFuncRef, 0, i32c(0), {ref_func(0), ref_func(1), ref_func(2)}});
  CHECK(h.call_ok("ci", {rv_i32(0), rv_i32(21)}).i32 == 42);
  CHECK(h.call_ok("ci", {rv_i32(1), rv_i32(21)}).i32 == 22);
  CHECK(int(h.call_trap("ci", {rv_i32(2), rv_i32(1)})) == int(TrapCode::kIndirectCallSignature));
  CHECK(int(h.call_trap("ci", {rv_i32(3), rv_i32(1)})) == int(TrapCode::kIndirectCallNull));
  CHECK(int(h.call_trap("ci", {rv_i32(5), rv_i32(1)})) == int(TrapCode::kIndirectCallOutOfBounds));
  CHECK(int(h.call_trap("ci", {rv_i32(0xFFFFFFFF), rv_i32(1)})) == int(TrapCode::kIndirectCallOutOfBounds));
}
