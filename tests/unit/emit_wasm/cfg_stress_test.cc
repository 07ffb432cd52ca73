// Random CFGs (mostly irreducible) checked against a C++ model of the same walk, and CFGs
// nested thousands deep (no recursion in the emitter; wabt validates and runs the output).
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

enum class Kind { kJump, kBrIf, kBrTable };
struct Node {
  Kind kind;
  uint32_t t[4];
};
constexpr uint32_t kSteps = 40;

// The walk: acc = acc*31 + k at each visit of block k; stop after kSteps visits.
uint32_t model(const std::vector<Node>& g, uint32_t x) {
  uint32_t acc = x, k = 0;
  for (uint32_t steps = kSteps;;) {
    acc = acc * 31 + k;
    if (--steps == 0) return acc;
    const Node& n = g[k];
    switch (n.kind) {
      case Kind::kJump: k = n.t[0]; break;
      case Kind::kBrIf: k = ((acc >> 3) & 1) ? n.t[0] : n.t[1]; break;
      case Kind::kBrTable: {
        uint32_t i = (acc >> 5) & 3;
        k = n.t[i];
        break;
      }
    }
  }
}

// Block k(acc, steps): acc' = acc*31 + k; steps' = steps - 1; br_if steps', choose_k, exit(acc')
// choose_k: the node's terminator, passing (acc', steps') (defined in block k: SSA across blocks).
void build(FunctionBody& f, const std::vector<Node>& g) {
  Type two[] = {Type::kI32, Type::kI32};
  Type one[] = {Type::kI32};
  uint32_t n = static_cast<uint32_t>(g.size());
  Block entry = f.create_block();
  std::vector<Block> visit, choose;
  for (uint32_t k = 0; k < n; ++k) {
    visit.push_back(f.create_block(two));
    choose.push_back(f.create_block());
  }
  Block exit = f.create_block(one);
  f.switch_to(entry);
  Value start[] = {f.local_get(Local(0)), f.i32_const(kSteps)};
  f.jump(visit[0], start);
  for (uint32_t k = 0; k < n; ++k) {
    f.switch_to(visit[k]);
    Value acc = f.binary(Opcode::kI32Mul, Type::kI32, f.block_param(visit[k], 0), f.i32_const(31));
    acc = f.binary(Opcode::kI32Add, Type::kI32, acc, f.i32_const(k));
    Value steps = f.binary(Opcode::kI32Sub, Type::kI32, f.block_param(visit[k], 1), f.i32_const(1));
    Value done[] = {acc};
    f.br_if(steps, choose[k], {}, exit, done);
    f.switch_to(choose[k]);
    Value args[] = {acc, steps};
    const Node& nd = g[k];
    if (nd.kind == Kind::kJump) {
      f.jump(visit[nd.t[0]], args);
    } else if (nd.kind == Kind::kBrIf) {
      Value c = f.binary(Opcode::kI32And, Type::kI32, f.binary(Opcode::kI32ShrU, Type::kI32, acc, f.i32_const(3)), f.i32_const(1));
      f.br_if(c, visit[nd.t[0]], args, visit[nd.t[1]], args);
    } else {
      Value i = f.binary(Opcode::kI32And, Type::kI32, f.binary(Opcode::kI32ShrU, Type::kI32, acc, f.i32_const(5)), f.i32_const(3));
      Block targets[] = {visit[nd.t[0]], visit[nd.t[1]], visit[nd.t[2]]};
      f.br_table(i, targets, visit[nd.t[3]], args);
    }
  }
  f.switch_to(exit);
  Value r[] = {f.block_param(exit, 0)};
  f.ret(r);
}

std::string result_line(const std::string& fn, uint32_t v) {
  std::ostringstream s;
  s << fn << "() => i32:" << v << "\n";
  return s.str();
}

}  // namespace

TEST_CASE("random CFGs run like their model") {
  std::mt19937 rng(12345);
  Module m;
  std::string expected;
  emit::EmitStats stats;
  for (int fi = 0; fi < 60; ++fi) {
    uint32_t n = 1 + rng() % 10;
    std::vector<Node> g(n);
    for (Node& nd : g) {
      uint32_t r = rng() % 3;
      nd.kind = r == 0 ? Kind::kJump : r == 1 ? Kind::kBrIf : Kind::kBrTable;
      for (uint32_t& t : nd.t) t = rng() % n;
    }
    FunctionBody& f = add_func(m, {Type::kI32}, {Type::kI32});
    uint32_t idx = f.func_index;
    build(f, g);
    for (uint32_t x : {0u, 7u}) {
      std::ostringstream name;
      name << "f" << fi << "_" << x;
      add_caller(m, name.str(), idx, {x});
      expected += result_line(name.str(), model(g, x));
    }
  }
  auto bytes = emit::emit_wasm(m, {}, &stats);
  REQUIRE(bytes.ok());
  auto r = test::validate_and_run(bytes.value(), "random");
  INFO(r.output);
  REQUIRE(r.valid);
  CHECK(r.output == expected);
  CHECK(stats.irreducible > 0);  // the sample covers both kinds
  CHECK(stats.irreducible < stats.functions);
}

TEST_CASE("ifs nested 5000 deep") {
  // x_i: br_if (p & 1), x_{i+1}, m_i; ... x_d: jump m_d(1); m_i(v): jump m_{i-1}(v + 1); m_0(v): return v
  constexpr uint32_t kDepth = 5000;
  Module m;
  FunctionBody& f = add_func(m, {Type::kI32}, {Type::kI32});
  Type one[] = {Type::kI32};
  std::vector<Block> x, mg;
  for (uint32_t i = 0; i <= kDepth; ++i) {
    x.push_back(f.create_block());
    mg.push_back(f.create_block(one));
  }
  for (uint32_t i = 0; i < kDepth; ++i) {
    f.switch_to(x[i]);
    Value zero[] = {f.i32_const(0)};
    f.br_if(f.local_get(Local(0)), x[i + 1], {}, mg[i], zero);
  }
  f.switch_to(x[kDepth]);
  Value one_v[] = {f.i32_const(1)};
  f.jump(mg[kDepth], one_v);
  for (uint32_t i = kDepth + 1; i-- > 0;) {
    f.switch_to(mg[i]);
    Value v = f.binary(Opcode::kI32Add, Type::kI32, f.block_param(mg[i], 0), f.i32_const(1));
    if (i == 0) {
      Value r[] = {v};
      f.ret(r);
    } else {
      Value a[] = {v};
      f.jump(mg[i - 1], a);
    }
  }
  add_caller(m, "deep1", 0, {1});
  add_caller(m, "deep0", 0, {0});
  auto bytes = emit::emit_wasm(m);
  REQUIRE(bytes.ok());
  auto r = test::validate_and_run(bytes.value(), "deep_ifs");
  INFO(r.output.substr(0, 2000));
  REQUIRE(r.valid);
  CHECK(r.output == result_line("deep1", kDepth + 2) + result_line("deep0", 1));
}

TEST_CASE("loops nested 3000 deep") {
  // h_i(k): br_if k, pre_i, exit_i;  pre_i: count += 1; jump h_{i+1}(1) (innermost: latch_i)
  // exit_i: jump latch_{i-1} (exit_0: return count);  latch_i: jump h_i(k - 1)
  constexpr uint32_t kDepth = 3000;
  Module m;
  FunctionBody& f = add_func(m, {}, {Type::kI32});
  Local count = f.add_local(Type::kI32);
  Type one[] = {Type::kI32};
  Block entry = f.create_block();
  std::vector<Block> h, pre, ex, latch;
  for (uint32_t i = 0; i < kDepth; ++i) {
    h.push_back(f.create_block(one));
    pre.push_back(f.create_block());
    ex.push_back(f.create_block());
    latch.push_back(f.create_block());
  }
  Value k1[] = {Value()};
  f.switch_to(entry);
  k1[0] = f.i32_const(1);
  f.jump(h[0], k1);
  for (uint32_t i = 0; i < kDepth; ++i) {
    f.switch_to(h[i]);
    f.br_if(f.block_param(h[i], 0), pre[i], {}, ex[i], {});
    f.switch_to(pre[i]);
    f.local_set(count, f.binary(Opcode::kI32Add, Type::kI32, f.local_get(count), f.i32_const(1)));
    if (i + 1 < kDepth) {
      k1[0] = f.i32_const(1);
      f.jump(h[i + 1], k1);
    } else {
      f.jump(latch[i], {});
    }
  }
  for (uint32_t i = 0; i < kDepth; ++i) {
    f.switch_to(ex[i]);
    if (i == 0) {
      Value r[] = {f.local_get(count)};
      f.ret(r);
    } else {
      f.jump(latch[i - 1], {});
    }
    f.switch_to(latch[i]);
    Value next[] = {f.binary(Opcode::kI32Sub, Type::kI32, f.block_param(h[i], 0), f.i32_const(1))};
    f.jump(h[i], next);
  }
  m.exports.push_back({"nested", ExternKind::kFunc, 0});
  auto bytes = emit::emit_wasm(m);
  REQUIRE(bytes.ok());
  auto r = test::validate_and_run(bytes.value(), "deep_loops");
  INFO(r.output.substr(0, 2000));
  REQUIRE(r.valid);
  CHECK(r.output == result_line("nested", kDepth));
}
