// How wasm maps to WasmIR (the shape tier-1 relies on), per construct.
#include <catch2/catch.hpp>

#include "ir_shape.h"
#include "wasm_builder.h"

using namespace wasmrust;
using namespace wasmrust::testing;

namespace {

const ir::FunctionBody& body(const ir::Module& m, uint32_t f = 0) {
  REQUIRE(m.funcs.size() > f);
  REQUIRE(m.funcs[f].body);
  std::string problem = check_ir_shape(*m.funcs[f].body);
  INFO(problem);
  REQUIRE(problem.empty());
  return *m.funcs[f].body;
}

/// The opcodes of block {b}, in order.
std::vector<Opcode> ops(const ir::FunctionBody& f, Block b) {
  std::vector<Opcode> out;
  for (Inst i : f.block_insts(b)) out.push_back(f.inst(i).op);
  return out;
}

using O = Opcode;

}  // namespace

TEST_CASE("straight-line code: locals stay slots, stack values are SSA values") {
  ir::Module m = decode_wat(R"((module (func (param i32 i32) (result i32) (local i64)
      local.get 0 local.get 1 i32.add local.tee 0 drop local.get 0)))");
  const ir::FunctionBody& f = body(m);
  CHECK(f.num_params == 2);
  CHECK(f.num_locals() == 3);
  CHECK(f.local_type(Local(2)) == Type::kI64);
  REQUIRE(f.layout().size() == 1);
  CHECK(ops(f, f.entry_block()) == std::vector<Opcode>{O::kLocalGet, O::kLocalGet, O::kI32Add, O::kLocalTee,
                                                       O::kLocalGet, O::kReturn});
  // drop emits nothing: the tee's value simply has no use.
  CHECK(f.value_uses(Value::of_inst(Inst(3))) == 0);
  CHECK(f.value_uses(Value::of_inst(Inst(2))) == 1);
  CHECK(f.return_values(Inst(5)).size() == 1);
}

TEST_CASE("srclocs are module offsets of each instruction's opcode") {
  std::vector<uint8_t> bytes = wat("(module (func (result i32) i32.const 7 i32.const 8 i32.add))");
  ir::Module m;
  REQUIRE(decode_wasm(bytes, &m).ok());
  const ir::FunctionBody& f = body(m);
  uint32_t at = f.srcloc(Inst(0));
  CHECK(bytes[at] == 0x41);
  CHECK(bytes[f.srcloc(Inst(1))] == 0x41);
  CHECK(bytes[f.srcloc(Inst(2))] == 0x6A);
  CHECK(bytes[f.srcloc(Inst(3))] == 0x0B);  // the function's end returns
  CHECK(m.funcs[0].code_offset > 0);
}

TEST_CASE("a block nobody branches to continues in the same WasmIR block") {
  ir::Module m = decode_wat("(module (func (result i32) (block (result i32) i32.const 1) i32.const 2 i32.add))");
  const ir::FunctionBody& f = body(m);
  CHECK(f.layout().size() == 1);
  CHECK(ops(f, f.entry_block()) == std::vector<Opcode>{O::kI32Const, O::kI32Const, O::kI32Add, O::kReturn});
}

TEST_CASE("br_if: BrIf to the continuation (params = results) and a fall-through block") {
  ir::Module m = decode_wat(R"((module (func (param i32) (result i32)
      (block (result i32) i32.const 5 local.get 0 br_if 0 drop i32.const 6))))");
  const ir::FunctionBody& f = body(m);
  REQUIRE(f.layout().size() == 3);
  Block entry = f.layout()[0], fall = f.layout()[1], cont = f.layout()[2];
  CHECK(ops(f, entry) == std::vector<Opcode>{O::kI32Const, O::kLocalGet, O::kBrIf});
  CHECK(ops(f, fall) == std::vector<Opcode>{O::kI32Const, O::kJump});
  CHECK(ops(f, cont) == std::vector<Opcode>{O::kReturn});
  CHECK(f.block(cont).num_params == 1);
  CHECK(f.block(cont).num_preds == 2);
  int n = 0;
  f.for_each_successor(f.terminator(entry), [&](const ir::BlockCall& bc) {
    if (n++ == 0) {
      CHECK(bc.block == cont);
      CHECK(bc.args.size() == 1);
    } else {
      CHECK(bc.block == fall);
      CHECK(bc.args.size() == 0);
    }
  });
  // The continuation's parameter is what the function returns.
  CHECK(f.return_values(f.terminator(cont))[0] == f.block_param(cont, 0));
}

TEST_CASE("loop: the header's params are the loop's params; br jumps back with arguments") {
  ir::Module m = decode_wat(R"((module (func (param i32) (result i32)
      local.get 0
      (loop (param i32) (result i32) i32.const 1 i32.sub local.tee 0 local.get 0 br_if 0))))");
  const ir::FunctionBody& f = body(m);
  REQUIRE(f.layout().size() == 3);
  Block entry = f.layout()[0], header = f.layout()[1], after = f.layout()[2];
  CHECK(ops(f, entry) == std::vector<Opcode>{O::kLocalGet, O::kJump});
  CHECK(f.block(header).num_params == 1);
  CHECK(f.block(header).num_preds == 2);
  CHECK(ops(f, header) == std::vector<Opcode>{O::kI32Const, O::kI32Sub, O::kLocalTee, O::kLocalGet, O::kBrIf});
  // The header parameter feeds the subtraction.
  CHECK(f.inst(Inst(f.block_insts(header).first + 1)).a == f.block_param(header, 0).index);
  // After the loop's end, code continues in the fall-through block of the br_if.
  CHECK(ops(f, after) == std::vector<Opcode>{O::kReturn});
}

TEST_CASE("if/else: BrIf to then and else blocks, both jump to the continuation") {
  ir::Module m = decode_wat(R"((module (func (param i32) (result i32)
      (if (result i32) (local.get 0) (then i32.const 1) (else i32.const 2)))))");
  const ir::FunctionBody& f = body(m);
  REQUIRE(f.layout().size() == 4);
  Block entry = f.layout()[0], then_b = f.layout()[1], else_b = f.layout()[2], cont = f.layout()[3];
  CHECK(ops(f, entry) == std::vector<Opcode>{O::kLocalGet, O::kBrIf});
  CHECK(ops(f, then_b) == std::vector<Opcode>{O::kI32Const, O::kJump});
  CHECK(ops(f, else_b) == std::vector<Opcode>{O::kI32Const, O::kJump});
  CHECK(f.block(cont).num_params == 1);
  CHECK(ops(f, cont) == std::vector<Opcode>{O::kReturn});
}

TEST_CASE("if without else and without results continues in the else block") {
  ir::Module m = decode_wat(R"((module (global (mut i32) (i32.const 0)) (func (param i32)
      (if (local.get 0) (then i32.const 1 global.set 0)) i32.const 2 global.set 0)))");
  const ir::FunctionBody& f = body(m);
  REQUIRE(f.layout().size() == 3);
  Block then_b = f.layout()[1], else_b = f.layout()[2];
  CHECK(ops(f, then_b) == std::vector<Opcode>{O::kI32Const, O::kGlobalSet, O::kJump});
  CHECK(ops(f, else_b) == std::vector<Opcode>{O::kI32Const, O::kGlobalSet, O::kReturn});
  CHECK(f.block(else_b).num_preds == 2);
}

TEST_CASE("if with parameters and no else passes them through as results") {
  ir::Module m = decode_wat(R"((module (func (param i32 i32) (result i32)
      local.get 0 (if (param i32) (result i32) (local.get 1) (then i32.const 3 i32.add)))))");
  const ir::FunctionBody& f = body(m);
  REQUIRE(f.layout().size() == 4);
  Block else_b = f.layout()[2], cont = f.layout()[3];
  CHECK(ops(f, else_b) == std::vector<Opcode>{O::kJump});
  f.for_each_successor(f.terminator(else_b), [&](const ir::BlockCall& bc) {
    CHECK(bc.block == cont);
    REQUIRE(bc.args.size() == 1);
    CHECK(bc.args[0] == Value::of_inst(Inst(0)));  // the local.get 0 before the if
  });
}

TEST_CASE("br_table and br_if to the function label go through a return block") {
  ir::Module m = decode_wat(R"((module (func (param i32) (result i32)
      (block (result i32) i32.const 7 local.get 0 br_table 0 1 1))))");
  const ir::FunctionBody& f = body(m);
  Inst t = f.terminator(f.entry_block());
  REQUIRE(f.inst(t).op == O::kBrTable);
  CHECK(f.br_table_size(t) == 2);
  std::vector<Block> targets;
  f.for_each_successor(t, [&](const ir::BlockCall& bc) { targets.push_back(bc.block); });
  REQUIRE(targets.size() == 3);
  CHECK(targets[1] == targets[2]);
  CHECK(f.block(targets[1]).num_params == 1);
  CHECK(ops(f, targets[1]) == std::vector<Opcode>{O::kReturn});
}

TEST_CASE("code after br, return and unreachable is validated but emits nothing") {
  ir::Module m = decode_wat(R"((module (func (result i32)
      unreachable i32.add drop (block (result f32) f32.const 1) drop br 0)))");
  const ir::FunctionBody& f = body(m);
  REQUIRE(f.layout().size() == 1);
  CHECK(ops(f, f.entry_block()) == std::vector<Opcode>{O::kUnreachable});
  Error e = decode_error(wat("(module (func unreachable (block (result i32) f32.const 1)))"));
  CHECK(e.code == ErrorCode::kInvalid);
  CHECK(e.message.rfind("type mismatch", 0) == 0);
}

TEST_CASE("select carries its type; calls with several results use aux values") {
  ir::Module m = decode_wat(R"((module
      (func $two (result i32 i64) i32.const 1 i64.const 2)
      (func (result i64) (local f64) call $two
        i64.const 3 local.get 0 f64.const 0 f64.gt select (result i64) return)))");
  const ir::FunctionBody& f = body(m, 1);
  Inst call(0);
  CHECK(f.inst(call).op == O::kCall);
  CHECK(f.num_results(call) == 2);
  CHECK(f.value_type(f.result(call, 1)) == Type::kI64);
  bool saw_select = false;
  for (Inst i : f.block_insts(f.entry_block())) {
    if (f.inst(i).op != O::kSelect) continue;
    saw_select = true;
    CHECK(f.inst(i).type == Type::kI64);
    CHECK(f.inst(i).a == f.result(call, 1).index);
  }
  CHECK(saw_select);
}

TEST_CASE("memory, table and SIMD instructions carry their immediates") {
  ir::Module m = decode_wat(R"((module (memory 1) (memory 2) (table 3 funcref)
      (func (param i32) (result v128)
        local.get 0 i64.load offset=8 align=4 drop
        local.get 0 i32.load8_u 1 offset=3 drop
        memory.size 1 memory.grow 1 drop
        local.get 0 table.get 0 drop
        local.get 0 v128.load64_splat
        f32.const 2 f32x4.replace_lane 3)))");
  const ir::FunctionBody& f = body(m);
  std::vector<Inst> insts;
  for (Inst i : f.block_insts(f.entry_block())) insts.push_back(i);
  ir::MemArg a = f.memarg(insts[1]);
  CHECK(a.offset == 8);
  CHECK(a.align_log2 == 2);
  CHECK(a.mem == 0);
  ir::MemArg b = f.memarg(insts[3]);
  CHECK(b.mem == 1);
  CHECK(b.offset == 3);
  CHECK(f.inst(insts[4]).op == O::kMemorySize);
  CHECK(f.inst(insts[4]).a == 1);
  CHECK(f.inst(insts[5]).op == O::kMemoryGrow);
  CHECK(f.inst(insts[5]).b == 1);
  CHECK(f.inst(insts[7]).type == Type::kFuncRef);
  CHECK(f.inst(insts[11]).op == O::kF32X4ReplaceLane);
  CHECK(f.inst(insts[11]).imm8 == 3);
}

TEST_CASE("validate_wasm keeps no bodies; decode_wasm keeps them") {
  std::vector<uint8_t> bytes = wat("(module (func (import \"a\" \"b\")) (func))");
  CHECK(validate_wasm(bytes).ok());
  ir::Module m;
  REQUIRE(decode_wasm(bytes, &m).ok());
  CHECK(m.funcs.size() == 2);
  CHECK(m.funcs[0].import.has_value());
  CHECK(m.funcs[1].body != nullptr);
  FrontendOptions no_retain;
  no_retain.retain_bodies = false;
  ir::Module m2;
  REQUIRE(decode_wasm(bytes, &m2, no_retain).ok());
  CHECK(m2.funcs[1].body == nullptr);
}

TEST_CASE("signed LEB128 constants at their limits") {
  ir::Module m = decode_wat(R"((module (func
      i32.const -2147483648 drop i32.const 2147483647 drop i32.const -1 drop i32.const -64 drop i32.const 64 drop
      i64.const -9223372036854775808 drop i64.const 9223372036854775807 drop i64.const -65 drop)))");
  const ir::FunctionBody& f = body(m);
  auto c32 = [&](uint32_t i) { return f.inst(Inst(i)).a; };
  auto c64 = [&](uint32_t i) { return uint64_t(f.inst(Inst(i)).a) | (uint64_t(f.inst(Inst(i)).b) << 32); };
  CHECK(c32(0) == 0x80000000u);
  CHECK(c32(1) == 0x7FFFFFFFu);
  CHECK(c32(2) == 0xFFFFFFFFu);
  CHECK(c32(3) == static_cast<uint32_t>(-64));
  CHECK(c32(4) == 64u);
  CHECK(c64(5) == 0x8000000000000000ull);
  CHECK(c64(6) == 0x7FFFFFFFFFFFFFFFull);
  CHECK(c64(7) == static_cast<uint64_t>(-65));
}
