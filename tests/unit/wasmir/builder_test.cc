// The public builder: a module with a loop, memory, globals, calls and attributes built,
// inferred, verified and printed; and every misuse path reported without corrupting state.
#include <catch2/catch.hpp>

#include <string>

#include "wasmir/module.h"
#include "wasmir/parser.h"
#include "wasmir/printer.h"
#include "wasmrust/builder.h"

using namespace wasmrust;

namespace {

// The value of a Result that must succeed.
template <typename T>
T ok(Result<T> r) {
  REQUIRE(r.ok());
  return std::move(r).value();
}

// A module with one memory, a mutable global and a function `sum(ptr, len)`.
struct Fixture {
  ModuleBuilder mb;
  uint32_t sig = 0, mem = 0, counter = 0;
  FunctionBuilder* fb = nullptr;
  Fixture() {
    sig = ok(mb.add_type({Type::kI32, Type::kI32}, {Type::kI32}));
    mem = ok(mb.add_memory(Limits{1, 16}, "heap"));
    counter = ok(mb.add_global(Type::kI32, true, ConstInit::i32(0)));
    fb = ok(mb.add_function(sig, {.name = "sum"}));
  }
  // The last recorded misuse's message ("" if none).
  std::string last_error() const { return mb.errors().empty() ? "" : mb.errors().back().message; }
};

}  // namespace

TEST_CASE("builder: a loop over memory builds, verifies, prints and round-trips") {
  Fixture t;
  FunctionBuilder& f = *t.fb;
  Local end = f.add_local(Type::kI32, false, "end");
  Block entry = f.create_block();
  Block loop = f.create_block({Type::kI32, Type::kI32});
  Block body = f.create_block();
  Block exit = f.create_block({Type::kI32});
  REQUIRE(f.switch_to(entry));
  Value ptr = f.local_get(f.param(0));
  Value len = f.local_get(f.param(1));
  Value bytes = f.binary(Opcode::kI32Shl, len, f.i32_const(2));
  f.local_set(end, f.binary(Opcode::kI32Add, ptr, bytes));
  Value zero = f.i32_const(0);
  Value args0[] = {ptr, zero};
  f.jump(loop, args0);
  REQUIRE(f.switch_to(loop));
  Value p = f.block_param(loop, 0), acc = f.block_param(loop, 1);
  Value more = f.binary(Opcode::kI32LtU, p, f.local_get(end));
  Value exit_args[] = {acc};
  f.br_if(more, body, {}, exit, exit_args);
  REQUIRE(f.switch_to(body));
  Value x = f.load(Opcode::kI32Load, p);
  Value next[] = {f.binary(Opcode::kI32Add, p, f.i32_const(4)), f.binary(Opcode::kI32Add, acc, x)};
  f.jump(loop, next);
  REQUIRE(f.switch_to(exit));
  Value g = f.global_get(t.counter);
  f.global_set(t.counter, f.binary(Opcode::kI32Add, g, f.i32_const(1)));
  f.ret({f.block_param(exit, 0)});
  REQUIRE(t.mb.add_export("sum", ExternKind::kFunc, f.index()).ok());

  CHECK(f.value_type(x) == Type::kI32);
  CHECK(f.value_type(g) == Type::kI32);
  REQUIRE(t.mb.errors().empty());
  auto m = t.mb.finish();
  REQUIRE(m.ok());
  std::string text = print_wasmir(**m);
  INFO(text);
  CHECK(text.find("v10 = i32.load v6") != std::string::npos);
  CHECK(text.find("br_if v9, block2, block3(v7)") != std::string::npos);
  CHECK(text.find("export \"sum\" func0") != std::string::npos);
  auto again = ir::parse_module(text);
  REQUIRE(again.ok());
  CHECK(ir::print_module(**again) == text);
}

TEST_CASE("builder: types are inferred from locals, globals, tables and callees") {
  ModuleBuilder mb;
  uint32_t multi = ok(mb.add_type({}, {Type::kI64, Type::kF32}));
  uint32_t unit = ok(mb.add_type({}, {}));
  uint32_t table = ok(mb.add_table(Type::kExternRef, Limits{1, std::nullopt}));
  uint32_t g = ok(mb.add_global(Type::kF64, false, ConstInit::f64_bits(0)));
  FunctionBuilder& callee = *ok(mb.add_function(multi));
  callee.switch_to(callee.create_block());
  callee.ret({callee.i64_const(1), callee.f32_const(2.5f)});
  FunctionBuilder& f = *ok(mb.add_function(unit));
  f.switch_to(f.create_block());
  Local l = f.add_local(Type::kV128);
  CHECK(f.value_type(f.local_get(l)) == Type::kV128);
  CHECK(f.value_type(f.global_get(g)) == Type::kF64);
  CHECK(f.value_type(f.table_get(table, f.i32_const(0))) == Type::kExternRef);
  Results r = f.call(callee.index(), {});
  REQUIRE(r.count == 2);
  CHECK(f.value_type(r[0]) == Type::kI64);
  CHECK(f.value_type(r[1]) == Type::kF32);
  CHECK(f.value_type(f.select(r[1], r[1], f.i32_const(1))) == Type::kF32);
  CHECK(f.value_type(f.unary(Opcode::kI32WrapI64, r[0])) == Type::kI32);
  f.ret();
  CHECK(mb.finish().ok());
}

TEST_CASE("builder: attributes reach the module") {
  ModuleBuilder mb;
  uint32_t mem = ok(mb.add_memory(Limits{1, std::nullopt}, "gpu"));
  uint32_t sig = ok(mb.add_type({Type::kI32}, {Type::kI32}));
  FunctionAttrs attrs;
  attrs.name = "f";
  attrs.effects = Effects{.mem_read = {mem}, .trap = true};
  attrs.tier = CompileTier::kOptimized;
  attrs.critical = true;
  attrs.region = "gpu";
  attrs.linear_params = {true};
  attrs.linear_results = {true};
  FunctionBuilder& f = *ok(mb.add_function(sig, attrs));
  f.switch_to(f.create_block());
  Value v = f.load(Opcode::kI32Load, f.local_get(f.param(0)), MemoryArg{mem, 8, 1});
  REQUIRE(f.mark_linear(v));
  f.ret({v});
  auto m = mb.finish();
  REQUIRE(m.ok());
  std::string text = print_wasmir(**m);
  CHECK(text.find("(local0: i32 linear) -> (i32 linear) effects(read mem0, trap) tier optimized critical region \"gpu\"") !=
        std::string::npos);
  CHECK(text.find("v1 linear = i32.load offset=8 align=2 v0") != std::string::npos);
}

TEST_CASE("builder: operand misuse is reported and nothing is emitted") {
  Fixture t;
  FunctionBuilder& f = *t.fb;
  f.switch_to(f.create_block());
  Value i = f.i32_const(1);
  Value d = f.f64_const(1.0);
  uint32_t before = static_cast<uint32_t>(ir::print_module(t.mb.module()).size());

  CHECK_FALSE(f.binary(Opcode::kI32Add, i, d).valid());
  CHECK(t.last_error() == "func0: i32.add: operand 1 has type f64, expected i32");
  CHECK_FALSE(f.binary(Opcode::kI32Add, i, Value(12345)).valid());
  CHECK(t.last_error() == "func0: i32.add: operand 1 is not a value of this function");
  CHECK_FALSE(f.unary(Opcode::kI32Add, i).valid());
  CHECK(t.last_error() == "func0: i32.add: not a unary operation");
  CHECK_FALSE(f.unary(Opcode::kI32Eqz, Value()).valid());
  CHECK(t.last_error() == "func0: i32.eqz: operand 0 is not a value of this function");
  CHECK_FALSE(f.select(i, d, i).valid());
  CHECK(t.last_error() == "func0: select: operand 1 has type f64, expected i32");
  CHECK_FALSE(f.ref_is_null(i).valid());
  CHECK(t.last_error() == "func0: ref.is_null: operand 0 is not a reference");
  CHECK_FALSE(f.ref_null(Type::kI32).valid());
  CHECK_FALSE(f.extract_lane(Opcode::kI32X4ExtractLane, i, 0).valid());
  CHECK(t.last_error() == "func0: i32x4.extract_lane: operand 0 has type i32, expected v128");
  uint8_t zeros[16] = {};
  Value vec = f.v128_const(zeros);
  CHECK_FALSE(f.extract_lane(Opcode::kI32X4ExtractLane, vec, 4).valid());
  CHECK(t.last_error() == "func0: i32x4.extract_lane: unknown lane 4");
  uint8_t lanes[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 32};
  CHECK_FALSE(f.shuffle(vec, vec, lanes).valid());
  CHECK(t.last_error() == "func0: i8x16.shuffle: unknown shuffle lane 32");
  // Nothing was appended by the failed calls (only the v128.const).
  std::string now = ir::print_module(t.mb.module());
  CHECK(now.find("i32.add") == std::string::npos);
  CHECK(now.size() > before);
  // The builder keeps working after misuse.
  Value ok = f.binary(Opcode::kI32Add, i, i);
  CHECK(f.value_type(ok) == Type::kI32);
  CHECK(t.mb.errors().size() == 10);
}

TEST_CASE("builder: unknown indexes are reported") {
  Fixture t;
  FunctionBuilder& f = *t.fb;
  f.switch_to(f.create_block());
  Value i = f.i32_const(0);
  CHECK_FALSE(f.local_get(Local(99)).valid());
  CHECK(t.last_error() == "func0: local.get: unknown local 99");
  CHECK_FALSE(f.param(2).valid());
  CHECK(t.last_error() == "func0: param: unknown parameter 2");
  CHECK_FALSE(f.global_get(5).valid());
  CHECK(t.last_error() == "func0: global.get: unknown global 5");
  CHECK_FALSE(f.load(Opcode::kI32Load, i, MemoryArg{3}).valid());
  CHECK(t.last_error() == "func0: i32.load: unknown memory 3");
  CHECK_FALSE(f.memory_size(7).valid());
  CHECK_FALSE(f.table_size(0).valid());
  CHECK(t.last_error() == "func0: table.size: unknown table 0");
  f.data_drop(0);
  CHECK(t.last_error() == "func0: data.drop: unknown data segment 0");
  f.elem_drop(2);
  CHECK(t.last_error() == "func0: elem.drop: unknown element segment 2");
  CHECK(f.call(42, {}).count == 0);
  CHECK(t.last_error() == "func0: call: unknown function 42");
  CHECK(f.call_indirect(9, 0, i, {}).count == 0);
  CHECK(t.last_error() == "func0: call_indirect: unknown type 9");
  CHECK_FALSE(f.ref_func(8).valid());
  CHECK(t.last_error() == "func0: ref.func: unknown function 8");
  f.jump(Block(77));
  CHECK(t.last_error() == "func0: jump: unknown block 77");
  CHECK_FALSE(f.block_param(Block(3), 0).valid());
  CHECK(t.last_error() == "func0: block_param: unknown block 3");
  CHECK_FALSE(f.switch_to(Block(50)));
  CHECK(t.mb.errors().size() == 14);
}

TEST_CASE("builder: block and terminator misuse is reported") {
  Fixture t;
  FunctionBuilder& f = *t.fb;
  Value early = f.i32_const(1);
  CHECK_FALSE(early.valid());
  CHECK(t.last_error() == "func0: i32.const: no open block (call switch_to first)");
  Block with_param = f.create_block({Type::kI32});
  CHECK_FALSE(f.switch_to(with_param));
  CHECK(t.last_error() == "func0: switch_to: the entry block cannot have parameters");
  Block entry = f.create_block();
  Block next = f.create_block({Type::kI64});
  REQUIRE(f.switch_to(entry));
  Value i = f.i32_const(1);
  f.jump(next, {});
  CHECK(t.last_error() == "func0: jump: block 2 takes 1 arguments, got 0");
  Value wrong[] = {i};
  f.jump(next, wrong);
  CHECK(t.last_error() == "func0: jump: operand 0 has type i32, expected i64");
  f.jump(entry, {});
  CHECK(t.last_error() == "func0: jump: branch to the entry block");
  f.br_if(f.f32_const(0), next, {}, next, {});
  CHECK(t.last_error() == "func0: br_if: operand 0 has type f32, expected i32");
  Block targets[] = {next};
  f.br_table(i, targets, next, {});
  CHECK(t.last_error() == "func0: br_table: block 2 takes 1 arguments, got 0");
  f.ret({});
  CHECK(t.last_error() == "func0: return: the function returns 1 values, got 0");
  f.ret({i});  // correct: closes the block
  CHECK_FALSE(f.current_block().valid());
  CHECK_FALSE(f.i32_const(2).valid());
  CHECK(t.last_error() == "func0: i32.const: no open block: the last block was terminated (switch_to a new block)");
  f.unreachable();
  CHECK(t.last_error() == "func0: unreachable: no open block: the last block was terminated (switch_to a new block)");
  CHECK_FALSE(f.switch_to(entry));
  CHECK(t.last_error() == "func0: switch_to: block 1 was already filled");
  CHECK_FALSE(f.create_block({Type::kVoid}).valid());
  CHECK(t.last_error() == "func0: create_block: a parameter is not a value type");
}

TEST_CASE("builder: immediate, global and call misuse is reported") {
  Fixture t;
  FunctionBuilder& f = *t.fb;
  uint32_t konst = ok(t.mb.add_global(Type::kI32, false, ConstInit::i32(3)));
  uint32_t ext = ok(t.mb.add_table(Type::kExternRef, Limits{1, std::nullopt}));
  f.switch_to(f.create_block());
  Value i = f.i32_const(0);
  f.global_set(konst, i);
  CHECK(t.last_error() == "func0: global.set: global 1 is immutable");
  CHECK_FALSE(f.load(Opcode::kI32Load, i, MemoryArg{0, 0, 3}).valid());
  CHECK(t.last_error() == "func0: i32.load: alignment 2^3 exceeds the natural alignment 2^2");
  CHECK_FALSE(f.load(Opcode::kI32Load, i, MemoryArg{0, 0x100000000ull}).valid());
  CHECK(t.last_error() == "func0: i32.load: the offset does not fit a 32-bit memory");
  f.store(Opcode::kI64Store, i, i);
  CHECK(t.last_error() == "func0: i64.store: operand 1 has type i32, expected i64");
  CHECK_FALSE(f.load(Opcode::kI32Store, i).valid());
  CHECK(t.last_error() == "func0: i32.store: not a load operation");
  uint8_t zeros[16] = {};
  CHECK_FALSE(f.load_lane(Opcode::kV128Load32Lane, i, f.v128_const(zeros), 4).valid());
  CHECK(t.last_error() == "func0: v128.load32_lane: unknown lane 4");
  Value one[] = {i};
  CHECK(f.call(t.fb->index(), one).count == 0);
  CHECK(t.last_error() == "func0: call: the callee takes 2 arguments, got 1");
  Value two[] = {i, f.f32_const(1)};
  CHECK(f.call(t.fb->index(), two).count == 0);
  CHECK(t.last_error() == "func0: call: operand 1 has type f32, expected i32");
  CHECK(f.call_indirect(t.sig, ext, i, {}).count == 0);
  CHECK(t.last_error() == "func0: call_indirect: the table is not a funcref table");
  f.local_set(f.param(0), f.i64_const(1));
  CHECK(t.last_error() == "func0: local.set: operand 0 has type i64, expected i32");
  CHECK_FALSE(f.mark_linear(Value(999)));
  CHECK(t.last_error() == "func0: mark_linear: operand 0 is not a value of this function");
  CHECK_FALSE(f.add_local(Type::kVoid).valid());
  CHECK(t.last_error() == "func0: add_local: not a value type");
}

TEST_CASE("builder: module-level misuse is reported") {
  ModuleBuilder mb;
  CHECK_FALSE(mb.add_type({Type::kVoid}, {}).ok());
  uint32_t sig = ok(mb.add_type({}, {}));
  uint32_t isig = ok(mb.add_type({Type::kI32}, {}));
  CHECK_FALSE(mb.add_function(7).ok());
  FunctionBuilder& f = *ok(mb.add_function(sig));
  auto late = mb.import_function("env", "f", sig);
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().message == "import_function: imports must come before defined functions");
  CHECK(late.error().code == ErrorCode::kBuilder);
  CHECK_FALSE(mb.add_table(Type::kI32, Limits{}).ok());
  CHECK_FALSE(mb.add_global(Type::kI64, false, ConstInit::i32(1)).ok());
  CHECK(mb.errors().back().message == "add_global: the initializer has type i32, expected i64");
  CHECK_FALSE(mb.add_global(Type::kI32, false, ConstInit::global_get(4)).ok());
  REQUIRE(mb.add_export("f", ExternKind::kFunc, f.index()).ok());
  CHECK_FALSE(mb.add_export("f", ExternKind::kFunc, f.index()).ok());
  CHECK_FALSE(mb.add_export("g", ExternKind::kMemory, 0).ok());
  CHECK_FALSE(mb.set_start(9).ok());
  FunctionBuilder& g = *ok(mb.add_function(isig));
  CHECK_FALSE(mb.set_start(g.index()).ok());
  CHECK_FALSE(mb.add_data(0, ConstInit::i32(0), {}).ok());
  CHECK_FALSE(mb.add_elem(0, ConstInit::i32(0), {}).ok());
  uint32_t funcs[] = {99};
  CHECK_FALSE(mb.add_passive_elem(funcs).ok());
  FunctionAttrs too_many;
  too_many.linear_params = {true, true};
  CHECK_FALSE(mb.add_function(isig, too_many).ok());

  f.switch_to(f.create_block());
  f.ret();
  g.switch_to(g.create_block());
  g.ret();
  size_t misuses = mb.errors().size();
  CHECK(misuses == 14);
  auto m = mb.finish();
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == ErrorCode::kBuilder);
  CHECK(m.error().message.find("14 builder misuse(s):") == 0);
  CHECK(m.error().message.find("set_start: the start function must take no parameters") != std::string::npos);
}

TEST_CASE("builder: finish verifies and then the builder is spent") {
  ModuleBuilder mb;
  uint32_t sig = ok(mb.add_type({}, {}));
  FunctionBuilder& f = *ok(mb.add_function(sig));
  f.switch_to(f.create_block());
  f.i32_const(1);  // no terminator
  auto m = mb.finish();
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == ErrorCode::kVerify);
  CHECK(m.error().message.find("the block does not end with a terminator") != std::string::npos);
  // Unverified finish hands the module over; afterwards every call is misuse.
  auto raw = mb.finish(false);
  REQUIRE(raw.ok());
  CHECK((*raw)->funcs.size() == 1);
  CHECK_FALSE(mb.add_type({}, {}).ok());
  CHECK(mb.errors().back().message == "the module was already finished");
  CHECK_FALSE(mb.finish().ok());
}
