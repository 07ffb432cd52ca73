// FunctionBody: appending, use counts, block ranges, operands, multi-result calls.
#include <catch2/catch.hpp>

#include "wasmir/function.h"
#include "wasmir/module.h"

using namespace wasmrust;
using namespace wasmrust::ir;

TEST_CASE("instructions append into contiguous block ranges with use counts") {
  FunctionBody f;
  f.num_params = 2;
  f.add_locals(2, Type::kI32);
  f.results = {Type::kI32};
  Block entry = f.create_block();
  Type p[] = {Type::kI32};
  Block exit = f.create_block(p);
  f.switch_to(entry);
  Value a = f.local_get(Local(0));
  Value b = f.local_get(Local(1));
  Value sum = f.binary(Opcode::kI32Add, Type::kI32, a, b);
  Value args[] = {sum};
  f.jump(exit, args);
  CHECK_FALSE(f.in_block());
  f.switch_to(exit);
  Value r[] = {f.block_param(exit, 0)};
  f.ret(r);

  CHECK(f.layout().size() == 2);
  CHECK(f.block_insts(entry).size() == 4);
  CHECK(f.block_insts(exit).size() == 1);
  CHECK(f.value_uses(a) == 1);
  CHECK(f.value_uses(sum) == 1);
  CHECK(f.value_uses(f.block_param(exit, 0)) == 1);
  CHECK(f.block(exit).num_preds == 1);
  CHECK(f.value_type(f.block_param(exit, 0)) == Type::kI32);
  CHECK(f.terminator(entry).valid());
  int n = 0;
  f.for_each_successor(f.terminator(entry), [&](const BlockCall& bc) {
    CHECK(bc.block == exit);
    CHECK(bc.args.size() == 1);
    CHECK(bc.args[0] == sum);
    ++n;
  });
  CHECK(n == 1);
}

TEST_CASE("multi-result calls get aux result values") {
  FunctionBody f;
  Block entry = f.create_block();
  f.switch_to(entry);
  Value x = f.i32_const(7);
  Value args[] = {x};
  Type res[] = {Type::kI32, Type::kF64};
  Inst c = f.call(3, args, res);
  CHECK(f.num_results(c) == 2);
  CHECK(f.value_type(f.result(c, 0)) == Type::kI32);
  CHECK(f.value_type(f.result(c, 1)) == Type::kF64);
  CHECK(f.call_args(c).size() == 1);
  CHECK(f.value_uses(x) == 1);
  Type one[] = {Type::kI64};
  Inst c1 = f.call(4, {}, one);
  CHECK(f.num_results(c1) == 1);
  CHECK(f.result(c1) == Value::of_inst(c1));
}

TEST_CASE("memargs stay inline for memory 0 and go out of line otherwise") {
  FunctionBody f;
  f.switch_to(f.create_block());
  Value addr = f.i32_const(16);
  Value l0 = f.load(Opcode::kI32Load, Type::kI32, addr, MemArg{0, 8, 2, 0});
  Value l1 = f.load(Opcode::kI64Load, Type::kI64, addr, MemArg{3, 0x100000000ull, 3, 0});
  MemArg m0 = f.memarg(l0.inst());
  MemArg m1 = f.memarg(l1.inst());
  CHECK(m0.mem == 0);
  CHECK(m0.offset == 8);
  CHECK(m0.align_log2 == 2);
  CHECK(m1.mem == 3);
  CHECK(m1.offset == 0x100000000ull);
  CHECK(m1.align_log2 == 3);
  CHECK(f.value_uses(addr) == 2);
}

TEST_CASE("br_table shares its arguments among targets") {
  FunctionBody f;
  Type p[] = {Type::kI64};
  Block b0 = f.create_block(), b1 = f.create_block(p), b2 = f.create_block(p);
  f.switch_to(b0);
  Value idx = f.i32_const(1);
  Value v = f.i64_const(5);
  Block targets[] = {b1, b2, b1};
  Value args[] = {v};
  Inst t = f.br_table(idx, targets, b2, args);
  CHECK(f.br_table_size(t) == 3);
  int succ = 0;
  f.for_each_successor(t, [&](const BlockCall& bc) {
    CHECK(bc.args.size() == 1);
    ++succ;
  });
  CHECK(succ == 4);
  CHECK(f.value_uses(v) == 1);
  CHECK(f.block(b1).num_preds == 2);
  CHECK(f.block(b2).num_preds == 2);
}

TEST_CASE("clear keeps a body reusable") {
  FunctionBody f;
  f.switch_to(f.create_block());
  f.i32_const(1);
  f.unreachable();
  f.clear();
  CHECK(f.num_insts() == 0);
  CHECK(f.layout().empty());
  f.switch_to(f.create_block());
  Value c = f.i32_const(2);
  CHECK(c.index == 0);
}

TEST_CASE("opcode table names round-trip") {
  for (uint32_t i = 0; i < kOpcodeCount; ++i) {
    Opcode op = static_cast<Opcode>(i);
    Opcode back;
    REQUIRE(opcode_from_name(opcode_name(op), &back));
    // select and a few others share no names; every name is unique in the table
    CHECK(back == op);
  }
  CHECK(op_info(Opcode::kI32Add).code == 0x6A);
  CHECK(op_format(Opcode::kI8X16Shuffle) == Format::Shuffle);
  CHECK(op_has(Opcode::kI32DivS, kMayTrap));
}
