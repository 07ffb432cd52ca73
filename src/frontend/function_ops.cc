// Function bodies, continued: calls, variables, memory, tables, references, the 0xFC
// (saturating conversions, bulk memory, tables) and 0xFD (SIMD) prefixes.
//
// Depends on: function_decoder.h, op_tables.h. Each handler reads its immediates,
// validates them against the module, types the operand stack and, while a WasmIR block is
// open (reachable code), emits the instruction.
#include <string>

#include "frontend/function_decoder.h"
#include "frontend/op_tables.h"

namespace wasmrust::frontend {


namespace {
std::string unknown(const char* what, uint32_t index) { return std::string("unknown ") + what + " " + std::to_string(index); }
}  // namespace

// ---- calls ----

bool FunctionDecoder::op_call() {
  uint32_t f = 0;
  if (!rd_.read_u32(&f)) return false;
  if (f >= m_->funcs.size()) return invalid(unknown("function", f));
  const ir::FuncType& type = m_->types[m_->funcs[f].type_index];
  if (!check_top(type.params)) return false;
  uint32_t n = static_cast<uint32_t>(type.params.size());
  uint32_t r = static_cast<uint32_t>(type.results.size());
  Inst call;
  if (emitting()) call = body_->call(f, top_values(n), type.results);
  sp_ -= n;
  if (!ensure(r)) return false;
  for (uint32_t k = 0; k < r; ++k) {
    Value v = !call.valid() ? Value() : r == 1 ? Value::of_inst(call) : body_->result(call, k);
    push_unchecked(v, type.results[k]);
  }
  return true;
}

bool FunctionDecoder::op_call_indirect() {
  uint32_t type_index = 0, table = 0;
  if (!rd_.read_u32(&type_index)) return false;
  if (!rd_.read_u32(&table)) return false;
  if (type_index >= m_->types.size()) return invalid(unknown("type", type_index));
  if (table >= m_->tables.size()) return invalid(unknown("table", table));
  if (m_->tables[table].elem != Type::kFuncRef) return invalid("type mismatch: call_indirect needs a funcref table");
  Value callee;
  if (!pop(Type::kI32, &callee)) return false;
  const ir::FuncType& type = m_->types[type_index];
  if (!check_top(type.params)) return false;
  uint32_t n = static_cast<uint32_t>(type.params.size());
  uint32_t r = static_cast<uint32_t>(type.results.size());
  Inst call;
  // The callee index sits right above the arguments (popped, not yet overwritten).
  if (emitting()) call = body_->call_indirect(type_index, table, {reinterpret_cast<const Value*>(vals_ + sp_ - n), n + 1}, type.results);
  sp_ -= n;
  if (!ensure(r)) return false;
  for (uint32_t k = 0; k < r; ++k) {
    Value v = !call.valid() ? Value() : r == 1 ? Value::of_inst(call) : body_->result(call, k);
    push_unchecked(v, type.results[k]);
  }
  return true;
}

// ---- parametric and variables ----

bool FunctionDecoder::op_select(bool typed) {
  Type t = kBot;
  if (typed) {
    uint32_t count = 0;
    if (!rd_.read_u32(&count)) return false;
    if (count != 1) return invalid("invalid result arity");
    uint8_t code = 0;
    if (!rd_.read_u8(&code)) return false;
    t = value_type_from_byte(code);
    if (t == kBot) return malformed("malformed value type");
  }
  Value cond, v1, v2;
  if (!pop(Type::kI32, &cond)) return false;
  if (typed) {
    if (!pop(t, &v2) || !pop(t, &v1)) return false;
  } else {
    Type t1, t2;
    if (!pop_any(&v2, &t2) || !pop_any(&v1, &t1)) return false;
    if (is_ref(t1) || is_ref(t2)) return invalid("type mismatch: select without a type needs numeric or vector operands");
    if (t1 != t2 && t1 != kBot && t2 != kBot) return type_mismatch(t1, t2);
    t = t1 == kBot ? t2 : t1;
  }
  if (!ensure(1)) return false;
  push_unchecked(emitting() ? body_->select(t, v1, v2, cond) : Value(), t);
  return true;
}

bool FunctionDecoder::op_global(uint8_t op) {
  uint32_t x = 0;
  if (!rd_.read_u32(&x)) return false;
  if (x >= m_->globals.size()) return invalid(unknown("global", x));
  const ir::Global& g = m_->globals[x];
  if (op == 0x23) return push(emitting() ? body_->global_get(x, g.type) : Value(), g.type);
  if (!g.mut) return invalid("global is immutable: global " + std::to_string(x));
  Value v;
  if (!pop(g.type, &v)) return false;
  if (emitting()) body_->global_set(x, v);
  return true;
}

// ---- memory ----

bool FunctionDecoder::read_memory_index(uint32_t* mem) {
  if (env_->options.multi_memory) {
    if (!rd_.read_u32(mem)) return false;
  } else {
    uint8_t b = 0;
    if (!rd_.read_u8(&b)) return false;
    if (b != 0) return rd_.fail_at(rd_.pos() - 1, ErrorCode::kMalformed, "zero byte expected");
    *mem = 0;
  }
  if (*mem >= m_->memories.size()) return invalid(unknown("memory", *mem));
  return true;
}

bool FunctionDecoder::op_memory_size_grow(uint8_t op) {
  uint32_t mem = 0;
  if (!read_memory_index(&mem)) return false;
  if (op == 0x3F) return push(emitting() ? Value::of_inst(body_->simple(Opcode::kMemorySize, Type::kI32, mem)) : Value(), Type::kI32);
  Value delta;
  if (!pop(Type::kI32, &delta)) return false;
  if (!ensure(1)) return false;
  push_unchecked(emitting() ? Value::of_inst(body_->simple(Opcode::kMemoryGrow, Type::kI32, delta.index, mem)) : Value(),
                 Type::kI32);
  return true;
}

// ---- references and tables ----

bool FunctionDecoder::read_table_index(uint32_t* table) {
  if (!rd_.read_u32(table)) return false;
  if (*table >= m_->tables.size()) return invalid(unknown("table", *table));
  return true;
}

bool FunctionDecoder::op_ref(uint8_t op) {
  if (op == 0xD0) {
    uint8_t code = 0;
    if (!rd_.read_u8(&code)) return false;
    Type t = value_type_from_byte(code);
    if (!is_ref(t)) return rd_.fail_at(rd_.pos() - 1, ErrorCode::kMalformed, "malformed reference type");
    Value v = emitting() ? Value::of_inst(body_->simple(Opcode::kRefNull, t, 0, 0, 0, static_cast<uint8_t>(t))) : Value();
    return push(v, t);
  }
  if (op == 0xD1) {
    Value v;
    Type t;
    if (!pop_any(&v, &t)) return false;
    if (!is_ref(t) && t != kBot) return invalid(std::string("type mismatch: expected a reference, got ") + stack_type_name(t));
    if (!ensure(1)) return false;
    push_unchecked(emitting() ? Value::of_inst(body_->simple(Opcode::kRefIsNull, Type::kI32, v.index)) : Value(), Type::kI32);
    return true;
  }
  uint32_t f = 0;
  if (!rd_.read_u32(&f)) return false;
  if (f >= m_->funcs.size()) return invalid(unknown("function", f));
  if (!env_->declared_refs[f]) return invalid("undeclared function reference " + std::to_string(f));
  return push(emitting() ? Value::of_inst(body_->simple(Opcode::kRefFunc, Type::kFuncRef, f)) : Value(), Type::kFuncRef);
}

bool FunctionDecoder::op_table_get_set(uint8_t op) {
  uint32_t table = 0;
  if (!read_table_index(&table)) return false;
  Type t = m_->tables[table].elem;
  Value index, v;
  if (op == 0x25) {
    if (!pop(Type::kI32, &index)) return false;
    if (!ensure(1)) return false;
    push_unchecked(emitting() ? Value::of_inst(body_->simple(Opcode::kTableGet, t, index.index, table)) : Value(), t);
    return true;
  }
  if (!pop(t, &v) || !pop(Type::kI32, &index)) return false;
  if (emitting()) body_->simple(Opcode::kTableSet, Type::kVoid, index.index, v.index, table);
  return true;
}

// ---- 0xFC: saturating conversions, bulk memory, tables ----

bool FunctionDecoder::op_prefix_fc() {
  uint32_t code = 0;
  if (!rd_.read_u32(&code)) return false;
  if (code >= 32 || !kOpTables.fc[code].valid()) return malformed("illegal opcode");
  const OpDesc& d = kOpTables.fc[code];
  if (code <= 7) return unary(d.op, d.result, d.args[0]);
  uint32_t x = 0, y = 0;
  Value a, b, c;
  auto pop3 = [&](Type tb) { return pop(Type::kI32, &c) && pop(tb, &b) && pop(Type::kI32, &a); };
  switch (code) {
    case 8:  // memory.init data mem
    case 9:  // data.drop data
      if (!rd_.read_u32(&x)) return false;
      if (code == 8 && !read_memory_index(&y)) return false;
      if (!env_->has_data_count) return malformed("data count section required");
      if (x >= env_->data_count) return invalid(unknown("data segment", x));
      if (code == 9) {
        if (emitting()) body_->simple(Opcode::kDataDrop, Type::kVoid, x);
        return true;
      }
      if (!pop3(Type::kI32)) return false;
      if (emitting()) body_->bulk(Opcode::kMemoryInit, a, b, c, y, x);
      return true;
    case 10:  // memory.copy dst src
      if (!read_memory_index(&x) || !read_memory_index(&y) || !pop3(Type::kI32)) return false;
      if (emitting()) body_->bulk(Opcode::kMemoryCopy, a, b, c, x, y);
      return true;
    case 11:  // memory.fill mem
      if (!read_memory_index(&x) || !pop3(Type::kI32)) return false;
      if (emitting()) body_->bulk(Opcode::kMemoryFill, a, b, c, x);
      return true;
    case 12:  // table.init elem table
    case 13:  // elem.drop elem
      if (!rd_.read_u32(&x)) return false;
      if (code == 12 && !read_table_index(&y)) return false;
      if (x >= m_->elems.size()) return invalid(unknown("elem segment", x));
      if (code == 13) {
        if (emitting()) body_->simple(Opcode::kElemDrop, Type::kVoid, x);
        return true;
      }
      if (m_->elems[x].type != m_->tables[y].elem) return invalid("type mismatch: element segment and table types differ");
      if (!pop3(Type::kI32)) return false;
      if (emitting()) body_->bulk(Opcode::kTableInit, a, b, c, y, x);
      return true;
    case 14:  // table.copy dst src
      if (!read_table_index(&x) || !read_table_index(&y)) return false;
      if (m_->tables[x].elem != m_->tables[y].elem) return invalid("type mismatch: tables of different types");
      if (!pop3(Type::kI32)) return false;
      if (emitting()) body_->bulk(Opcode::kTableCopy, a, b, c, x, y);
      return true;
    case 15: {  // table.grow
      if (!read_table_index(&x)) return false;
      Type t = m_->tables[x].elem;
      if (!pop(Type::kI32, &b) || !pop(t, &a)) return false;
      if (!ensure(1)) return false;
      push_unchecked(emitting() ? Value::of_inst(body_->simple(Opcode::kTableGrow, Type::kI32, a.index, b.index, x)) : Value(),
                     Type::kI32);
      return true;
    }
    case 16:  // table.size
      if (!read_table_index(&x)) return false;
      return push(emitting() ? Value::of_inst(body_->simple(Opcode::kTableSize, Type::kI32, x)) : Value(), Type::kI32);
    case 17:  // table.fill
      if (!read_table_index(&x) || !pop3(m_->tables[x].elem)) return false;
      if (emitting()) body_->bulk(Opcode::kTableFill, a, b, c, x);
      return true;
    default:
      return malformed("illegal opcode");
  }
}

// ---- 0xFD: SIMD ----

namespace {
/// Lanes of the extract/replace_lane instructions, by 0xFD sub-opcode.
uint32_t lane_count(uint32_t code) {
  if (code <= 0x17) return 16;
  if (code <= 0x1A) return 8;
  if (code <= 0x1C) return 4;
  if (code <= 0x1E) return 2;
  if (code <= 0x20) return 4;
  return 2;
}
}  // namespace

bool FunctionDecoder::op_prefix_fd() {
  uint32_t code = 0;
  if (!rd_.read_u32(&code)) return false;
  if (code >= 256 || !kOpTables.fd[code].valid()) return malformed("illegal opcode");
  const OpDesc& d = kOpTables.fd[code];
  switch (d.format) {
    case Format::Unary: return unary(d.op, d.result, d.args[0]);
    case Format::Binary: return binary(d.op, d.result, d.args[0], d.args[1]);
    case Format::Ternary: return ternary(d.op, d.result, d.args[0], d.args[1], d.args[2]);
    case Format::Load: case Format::Store: case Format::LoadLane: case Format::StoreLane:
      return op_simd_mem(d.op);
    case Format::ExtractLane: case Format::ReplaceLane:
      return op_simd_lane(d.op, code);
    case Format::Const128: {
      const uint8_t* bytes = nullptr;
      if (!rd_.read_bytes(16, &bytes)) return false;
      return push(emitting() ? body_->v128_const(bytes) : Value(), Type::kV128);
    }
    case Format::Shuffle: {
      const uint8_t* lanes = nullptr;
      if (!rd_.read_bytes(16, &lanes)) return false;
      for (int k = 0; k < 16; ++k) {
        if (lanes[k] >= 32) return invalid("invalid lane index " + std::to_string(lanes[k]));
      }
      Value a, b;
      if (!pop(Type::kV128, &b) || !pop(Type::kV128, &a)) return false;
      if (!ensure(1)) return false;
      push_unchecked(emitting() ? body_->shuffle(a, b, lanes) : Value(), Type::kV128);
      return true;
    }
    default:
      return malformed("illegal opcode");
  }
}

bool FunctionDecoder::op_simd_lane(Opcode op, uint32_t code) {
  const OpDesc& d = kOpTables.fd[code];
  uint8_t lane = 0;
  if (!rd_.read_u8(&lane)) return false;
  if (lane >= lane_count(code)) return invalid("invalid lane index " + std::to_string(lane));
  Value vec, x;
  if (d.format == Format::ExtractLane) {
    if (!pop(Type::kV128, &vec)) return false;
    if (!ensure(1)) return false;
    push_unchecked(emitting() ? body_->extract_lane(op, d.result, vec, lane) : Value(), d.result);
    return true;
  }
  if (!pop(d.args[1], &x) || !pop(Type::kV128, &vec)) return false;
  if (!ensure(1)) return false;
  push_unchecked(emitting() ? body_->replace_lane(op, vec, x, lane) : Value(), Type::kV128);
  return true;
}

bool FunctionDecoder::op_simd_mem(Opcode op) {
  const OpInfo& info = op_info(op);
  ir::MemArg m;
  if (!read_memarg(info.mem_log2, &m)) return false;
  Format f = info.format;
  if (f == Format::LoadLane || f == Format::StoreLane) {
    uint8_t lane = 0;
    if (!rd_.read_u8(&lane)) return false;
    if (lane >= (16u >> info.mem_log2)) return invalid("invalid lane index " + std::to_string(lane));
    m.lane = lane;
  }
  Value addr, v;
  if (f == Format::Load) {
    if (!pop(Type::kI32, &addr)) return false;
    if (!ensure(1)) return false;
    push_unchecked(emitting() ? body_->load(op, Type::kV128, addr, m) : Value(), Type::kV128);
    return true;
  }
  if (!pop(Type::kV128, &v) || !pop(Type::kI32, &addr)) return false;
  if (f == Format::Store) {
    if (emitting()) body_->store(op, addr, v, m);
    return true;
  }
  if (f == Format::StoreLane) {
    if (emitting()) body_->lane_access(op, Type::kVoid, addr, v, m);
    return true;
  }
  if (!ensure(1)) return false;
  push_unchecked(emitting() ? Value::of_inst(body_->lane_access(op, Type::kV128, addr, v, m)) : Value(), Type::kV128);
  return true;
}

}  // namespace wasmrust::frontend
