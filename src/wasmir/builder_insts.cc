// The public builder's instruction emitters: each checks its operands' types (from the
// opcode table and the module: locals, globals, tables, memories, callees) and its
// immediates, then appends through FunctionBody's emit helpers with the inferred type.
#include <bit>
#include <vector>

#include "wasmir/builder_impl.h"
#include "wasmir/typing.h"

namespace wasmrust {

namespace {

using Checker = FunctionBuilder::Checker;

bool has_format(Checker& c, Opcode op, Format f, const char* what) {
  if (!c.ok) return false;
  if (static_cast<uint32_t>(op) < kOpcodeCount && op_format(op) == f) return true;
  c.fail(std::string("not ") + what + " operation");
  return false;
}

Type arg_type(Opcode op, uint32_t k) { return op_fixed_type(op_info(op).args[k]); }
Type result_type(Opcode op) { return op_fixed_type(op_info(op).result); }

const char* name_of(Opcode op) { return static_cast<uint32_t>(op) < kOpcodeCount ? opcode_name(op) : "<invalid opcode>"; }

// Checks a memory immediate for {op}; fills the IR's MemArg.
bool check_memarg(Checker& c, Opcode op, const MemoryArg& m, uint8_t lane, ir::MemArg* out) {
  if (!c.index(m.memory, c.module().memories.size(), "memory")) return false;
  int natural = op_info(op).mem_log2;
  int align = m.align_log2 < 0 ? natural : m.align_log2;
  if (align > natural) {
    c.fail("alignment 2^" + std::to_string(align) + " exceeds the natural alignment 2^" + std::to_string(natural));
    return false;
  }
  if (!c.module().memories[m.memory].is64 && m.offset > 0xFFFFFFFFull) {
    c.fail("the offset does not fit a 32-bit memory");
    return false;
  }
  *out = ir::MemArg{m.memory, m.offset, static_cast<uint8_t>(align), lane};
  return true;
}

}  // namespace

// ---- constants and numeric operations ----

Value FunctionBuilder::i32_const(int32_t v) {
  Checker c(*this, "i32.const");
  return c.ok ? body_->i32_const(static_cast<uint32_t>(v)) : Value();
}

Value FunctionBuilder::i64_const(int64_t v) {
  Checker c(*this, "i64.const");
  return c.ok ? body_->i64_const(static_cast<uint64_t>(v)) : Value();
}

Value FunctionBuilder::f32_const(float v) { return f32_const_bits(std::bit_cast<uint32_t>(v)); }
Value FunctionBuilder::f64_const(double v) { return f64_const_bits(std::bit_cast<uint64_t>(v)); }

Value FunctionBuilder::f32_const_bits(uint32_t bits) {
  Checker c(*this, "f32.const");
  return c.ok ? body_->f32_const(bits) : Value();
}

Value FunctionBuilder::f64_const_bits(uint64_t bits) {
  Checker c(*this, "f64.const");
  return c.ok ? body_->f64_const(bits) : Value();
}

Value FunctionBuilder::v128_const(const uint8_t bytes[16]) {
  Checker c(*this, "v128.const");
  return c.ok ? body_->v128_const(bytes) : Value();
}

Value FunctionBuilder::unary(Opcode op, Value a) {
  Checker c(*this, name_of(op));
  if (!has_format(c, op, Format::Unary, "a unary") || !c.typed(a, 0, arg_type(op, 0))) return Value();
  return body_->unary(op, result_type(op), a);
}

Value FunctionBuilder::binary(Opcode op, Value a, Value b) {
  Checker c(*this, name_of(op));
  if (!has_format(c, op, Format::Binary, "a binary") || !c.typed(a, 0, arg_type(op, 0)) || !c.typed(b, 1, arg_type(op, 1)))
    return Value();
  return body_->binary(op, result_type(op), a, b);
}

Value FunctionBuilder::ternary(Opcode op, Value a, Value b, Value x) {
  Checker c(*this, name_of(op));
  if (!has_format(c, op, Format::Ternary, "a ternary") || !c.typed(a, 0, arg_type(op, 0)) ||
      !c.typed(b, 1, arg_type(op, 1)) || !c.typed(x, 2, arg_type(op, 2)))
    return Value();
  return body_->ternary(op, result_type(op), a, b, x);
}

Value FunctionBuilder::select(Value a, Value b, Value cond) {
  Checker c(*this, "select");
  if (!c.value(a, 0) || !c.typed(b, 1, body_->value_type(a)) || !c.typed(cond, 2, Type::kI32)) return Value();
  return body_->select(body_->value_type(a), a, b, cond);
}

Value FunctionBuilder::extract_lane(Opcode op, Value vec, uint8_t lane) {
  Checker c(*this, name_of(op));
  if (!has_format(c, op, Format::ExtractLane, "an extract_lane") || !c.typed(vec, 0, Type::kV128) ||
      !c.index(lane, ir::lane_count(op), "lane"))
    return Value();
  return body_->extract_lane(op, result_type(op), vec, lane);
}

Value FunctionBuilder::replace_lane(Opcode op, Value vec, Value scalar, uint8_t lane) {
  Checker c(*this, name_of(op));
  if (!has_format(c, op, Format::ReplaceLane, "a replace_lane") || !c.typed(vec, 0, Type::kV128) ||
      !c.typed(scalar, 1, arg_type(op, 1)) || !c.index(lane, ir::lane_count(op), "lane"))
    return Value();
  return body_->replace_lane(op, vec, scalar, lane);
}

Value FunctionBuilder::shuffle(Value a, Value b, const uint8_t lanes[16]) {
  Checker c(*this, "i8x16.shuffle");
  if (!c.typed(a, 0, Type::kV128) || !c.typed(b, 1, Type::kV128)) return Value();
  for (int k = 0; k < 16; ++k)
    if (!c.index(lanes[k], 32, "shuffle lane")) return Value();
  return body_->shuffle(a, b, lanes);
}

// ---- variables ----

Value FunctionBuilder::local_get(Local l) {
  Checker c(*this, "local.get");
  if (!c.index(l.index, body_->num_locals(), "local")) return Value();
  return body_->local_get(l);
}

void FunctionBuilder::local_set(Local l, Value v) {
  Checker c(*this, "local.set");
  if (c.index(l.index, body_->num_locals(), "local") && c.typed(v, 0, body_->local_type(l))) body_->local_set(l, v);
}

Value FunctionBuilder::local_tee(Local l, Value v) {
  Checker c(*this, "local.tee");
  if (!c.index(l.index, body_->num_locals(), "local") || !c.typed(v, 0, body_->local_type(l))) return Value();
  return body_->local_tee(l, v);
}

Value FunctionBuilder::global_get(uint32_t global) {
  Checker c(*this, "global.get");
  if (!c.index(global, c.module().globals.size(), "global")) return Value();
  return body_->global_get(global, c.module().globals[global].type);
}

void FunctionBuilder::global_set(uint32_t global, Value v) {
  Checker c(*this, "global.set");
  if (!c.index(global, c.module().globals.size(), "global")) return;
  const ir::Global& g = c.module().globals[global];
  if (!g.mut) c.fail("global " + std::to_string(global) + " is immutable");
  if (c.typed(v, 0, g.type)) body_->global_set(global, v);
}

// ---- memory ----

Value FunctionBuilder::load(Opcode op, Value addr, const MemoryArg& m) {
  Checker c(*this, name_of(op));
  ir::MemArg ma;
  if (!has_format(c, op, Format::Load, "a load") || !check_memarg(c, op, m, 0, &ma) ||
      !c.typed(addr, 0, ir::address_type(c.module(), m.memory)))
    return Value();
  return body_->load(op, result_type(op), addr, ma);
}

void FunctionBuilder::store(Opcode op, Value addr, Value value, const MemoryArg& m) {
  Checker c(*this, name_of(op));
  ir::MemArg ma;
  if (has_format(c, op, Format::Store, "a store") && check_memarg(c, op, m, 0, &ma) &&
      c.typed(addr, 0, ir::address_type(c.module(), m.memory)) && c.typed(value, 1, arg_type(op, 1)))
    body_->store(op, addr, value, ma);
}

Value FunctionBuilder::load_lane(Opcode op, Value addr, Value vec, uint8_t lane, const MemoryArg& m) {
  Checker c(*this, name_of(op));
  ir::MemArg ma;
  if (!has_format(c, op, Format::LoadLane, "a lane load") || !c.index(lane, 16u >> op_info(op).mem_log2, "lane") ||
      !check_memarg(c, op, m, lane, &ma) || !c.typed(addr, 0, ir::address_type(c.module(), m.memory)) ||
      !c.typed(vec, 1, Type::kV128))
    return Value();
  return Value::of_inst(body_->lane_access(op, Type::kV128, addr, vec, ma));
}

void FunctionBuilder::store_lane(Opcode op, Value addr, Value vec, uint8_t lane, const MemoryArg& m) {
  Checker c(*this, name_of(op));
  ir::MemArg ma;
  if (has_format(c, op, Format::StoreLane, "a lane store") && c.index(lane, 16u >> op_info(op).mem_log2, "lane") &&
      check_memarg(c, op, m, lane, &ma) && c.typed(addr, 0, ir::address_type(c.module(), m.memory)) &&
      c.typed(vec, 1, Type::kV128))
    body_->lane_access(op, Type::kVoid, addr, vec, ma);
}

Value FunctionBuilder::memory_size(uint32_t memory) {
  Checker c(*this, "memory.size");
  if (!c.index(memory, c.module().memories.size(), "memory")) return Value();
  return Value::of_inst(body_->simple(Opcode::kMemorySize, ir::address_type(c.module(), memory), memory));
}

Value FunctionBuilder::memory_grow(Value delta, uint32_t memory) {
  Checker c(*this, "memory.grow");
  if (!c.index(memory, c.module().memories.size(), "memory")) return Value();
  Type at = ir::address_type(c.module(), memory);
  if (!c.typed(delta, 0, at)) return Value();
  return Value::of_inst(body_->simple(Opcode::kMemoryGrow, at, delta.index, memory));
}

void FunctionBuilder::memory_fill(Value dst, Value value, Value len, uint32_t memory) {
  Checker c(*this, "memory.fill");
  if (!c.index(memory, c.module().memories.size(), "memory")) return;
  Type at = ir::address_type(c.module(), memory);
  if (c.typed(dst, 0, at) && c.typed(value, 1, Type::kI32) && c.typed(len, 2, at))
    body_->bulk(Opcode::kMemoryFill, dst, value, len, memory);
}

void FunctionBuilder::memory_copy(Value dst, Value src, Value len, uint32_t dst_memory, uint32_t src_memory) {
  Checker c(*this, "memory.copy");
  const ir::Module& m = c.module();
  if (!c.index(dst_memory, m.memories.size(), "memory") || !c.index(src_memory, m.memories.size(), "memory")) return;
  Type dt = ir::address_type(m, dst_memory), st = ir::address_type(m, src_memory);
  Type lt = dt == Type::kI64 && st == Type::kI64 ? Type::kI64 : Type::kI32;
  if (c.typed(dst, 0, dt) && c.typed(src, 1, st) && c.typed(len, 2, lt))
    body_->bulk(Opcode::kMemoryCopy, dst, src, len, dst_memory, src_memory);
}

void FunctionBuilder::memory_init(Value dst, Value src, Value len, uint32_t data, uint32_t memory) {
  Checker c(*this, "memory.init");
  const ir::Module& m = c.module();
  if (c.index(memory, m.memories.size(), "memory") && c.index(data, m.datas.size(), "data segment") &&
      c.typed(dst, 0, ir::address_type(m, memory)) && c.typed(src, 1, Type::kI32) && c.typed(len, 2, Type::kI32))
    body_->bulk(Opcode::kMemoryInit, dst, src, len, memory, data);
}

void FunctionBuilder::data_drop(uint32_t data) {
  Checker c(*this, "data.drop");
  if (c.index(data, c.module().datas.size(), "data segment")) body_->simple(Opcode::kDataDrop, Type::kVoid, data);
}

// ---- tables and references ----

Value FunctionBuilder::table_get(uint32_t table, Value index) {
  Checker c(*this, "table.get");
  if (!c.index(table, c.module().tables.size(), "table") || !c.typed(index, 0, Type::kI32)) return Value();
  return Value::of_inst(body_->simple(Opcode::kTableGet, c.module().tables[table].elem, index.index, table));
}

void FunctionBuilder::table_set(uint32_t table, Value index, Value ref) {
  Checker c(*this, "table.set");
  if (c.index(table, c.module().tables.size(), "table") && c.typed(index, 0, Type::kI32) &&
      c.typed(ref, 1, c.module().tables[table].elem))
    body_->simple(Opcode::kTableSet, Type::kVoid, index.index, ref.index, table);
}

Value FunctionBuilder::table_size(uint32_t table) {
  Checker c(*this, "table.size");
  if (!c.index(table, c.module().tables.size(), "table")) return Value();
  return Value::of_inst(body_->simple(Opcode::kTableSize, Type::kI32, table));
}

Value FunctionBuilder::table_grow(uint32_t table, Value init, Value delta) {
  Checker c(*this, "table.grow");
  if (!c.index(table, c.module().tables.size(), "table") || !c.typed(init, 0, c.module().tables[table].elem) ||
      !c.typed(delta, 1, Type::kI32))
    return Value();
  return Value::of_inst(body_->simple(Opcode::kTableGrow, Type::kI32, init.index, delta.index, table));
}

void FunctionBuilder::table_fill(uint32_t table, Value index, Value ref, Value len) {
  Checker c(*this, "table.fill");
  if (c.index(table, c.module().tables.size(), "table") && c.typed(index, 0, Type::kI32) &&
      c.typed(ref, 1, c.module().tables[table].elem) && c.typed(len, 2, Type::kI32))
    body_->bulk(Opcode::kTableFill, index, ref, len, table);
}

void FunctionBuilder::table_copy(uint32_t dst_table, uint32_t src_table, Value dst, Value src, Value len) {
  Checker c(*this, "table.copy");
  const ir::Module& m = c.module();
  if (!c.index(dst_table, m.tables.size(), "table") || !c.index(src_table, m.tables.size(), "table")) return;
  if (m.tables[dst_table].elem != m.tables[src_table].elem) c.fail("the tables' element types differ");
  if (c.typed(dst, 0, Type::kI32) && c.typed(src, 1, Type::kI32) && c.typed(len, 2, Type::kI32))
    body_->bulk(Opcode::kTableCopy, dst, src, len, dst_table, src_table);
}

void FunctionBuilder::table_init(uint32_t table, uint32_t elem, Value dst, Value src, Value len) {
  Checker c(*this, "table.init");
  const ir::Module& m = c.module();
  if (!c.index(table, m.tables.size(), "table") || !c.index(elem, m.elems.size(), "element segment")) return;
  if (m.tables[table].elem != m.elems[elem].type) c.fail("the segment's element type differs from the table's");
  if (c.typed(dst, 0, Type::kI32) && c.typed(src, 1, Type::kI32) && c.typed(len, 2, Type::kI32))
    body_->bulk(Opcode::kTableInit, dst, src, len, table, elem);
}

void FunctionBuilder::elem_drop(uint32_t elem) {
  Checker c(*this, "elem.drop");
  if (c.index(elem, c.module().elems.size(), "element segment")) body_->simple(Opcode::kElemDrop, Type::kVoid, elem);
}

Value FunctionBuilder::ref_null(Type t) {
  Checker c(*this, "ref.null");
  if (c.ok && !is_ref(t)) c.fail("not a reference type");
  if (!c.ok) return Value();
  return Value::of_inst(body_->simple(Opcode::kRefNull, t, 0, 0, 0, static_cast<uint8_t>(t)));
}

Value FunctionBuilder::ref_is_null(Value ref) {
  Checker c(*this, "ref.is_null");
  if (c.value(ref, 0) && !is_ref(body_->value_type(ref))) c.fail("operand 0 is not a reference");
  if (!c.ok) return Value();
  return Value::of_inst(body_->simple(Opcode::kRefIsNull, Type::kI32, ref.index));
}

Value FunctionBuilder::ref_func(uint32_t func) {
  Checker c(*this, "ref.func");
  if (!c.index(func, c.module().funcs.size(), "function")) return Value();
  return Value::of_inst(body_->simple(Opcode::kRefFunc, Type::kFuncRef, func));
}

// ---- calls ----

namespace {
bool check_call_args(Checker& c, const ir::FuncType& ft, std::span<const Value> args) {
  if (args.size() != ft.params.size()) {
    c.fail("the callee takes " + std::to_string(ft.params.size()) + " arguments, got " + std::to_string(args.size()));
    return false;
  }
  for (uint32_t k = 0; k < args.size(); ++k)
    if (!c.typed(args[k], k, ft.params[k])) return false;
  return true;
}

Results results_of(ir::FunctionBody& f, Inst i) {
  uint32_t n = f.num_results(i);
  return Results{n == 0 ? Value() : f.result(i, 0), n};
}
}  // namespace

Results FunctionBuilder::call(uint32_t func, std::span<const Value> args) {
  Checker c(*this, "call");
  if (!c.index(func, c.module().funcs.size(), "function")) return Results{};
  const ir::FuncType* ft = ir::callee_type_of(c.module(), func);
  if (ft == nullptr) c.fail("the callee's type is unknown");
  if (!c.ok || !check_call_args(c, *ft, args)) return Results{};
  return results_of(*body_, body_->call(func, args, ft->results));
}

Results FunctionBuilder::call_indirect(uint32_t type_index, uint32_t table, Value index, std::span<const Value> args) {
  Checker c(*this, "call_indirect");
  const ir::Module& m = c.module();
  if (!c.index(type_index, m.types.size(), "type") || !c.index(table, m.tables.size(), "table")) return Results{};
  if (m.tables[table].elem != Type::kFuncRef) c.fail("the table is not a funcref table");
  const ir::FuncType& ft = m.types[type_index];
  if (!check_call_args(c, ft, args) || !c.typed(index, static_cast<uint32_t>(args.size()), Type::kI32)) return Results{};
  std::vector<Value> all(args.begin(), args.end());
  all.push_back(index);
  return results_of(*body_, body_->call_indirect(type_index, table, all, ft.results));
}

// ---- terminators ----

void FunctionBuilder::jump(Block target, std::span<const Value> args) {
  Checker c(*this, "jump");
  if (c.block(target, args)) body_->jump(target, args);
}

void FunctionBuilder::br_if(Value cond, Block then_block, std::span<const Value> then_args, Block else_block,
                            std::span<const Value> else_args) {
  Checker c(*this, "br_if");
  if (c.typed(cond, 0, Type::kI32) && c.block(then_block, then_args) && c.block(else_block, else_args))
    body_->br_if(cond, then_block, then_args, else_block, else_args);
}

void FunctionBuilder::br_table(Value index, std::span<const Block> targets, Block default_target,
                               std::span<const Value> args) {
  Checker c(*this, "br_table");
  if (!c.typed(index, 0, Type::kI32)) return;
  for (Block t : targets)
    if (!c.block(t, args)) return;
  if (c.block(default_target, args)) body_->br_table(index, targets, default_target, args);
}

void FunctionBuilder::ret(std::span<const Value> values) {
  Checker c(*this, "return");
  const std::vector<Type>& want = body_->results;
  if (c.ok && values.size() != want.size())
    c.fail("the function returns " + std::to_string(want.size()) + " values, got " + std::to_string(values.size()));
  for (uint32_t k = 0; c.ok && k < values.size(); ++k) c.typed(values[k], k, want[k]);
  if (c.ok) body_->ret(values);
}

void FunctionBuilder::unreachable() {
  Checker c(*this, "unreachable");
  if (c.ok) body_->unreachable();
}

}  // namespace wasmrust
