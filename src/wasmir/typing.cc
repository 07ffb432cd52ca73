// Type rules of WasmIR instructions in their module context.
#include "wasmir/typing.h"

namespace wasmrust::ir {

std::optional<Type> local_type_of(const FunctionBody& f, uint32_t local) {
  if (local >= f.num_locals()) return std::nullopt;
  return f.local_type(Local(local));
}

std::optional<Type> global_type_of(const Module& m, uint32_t global) {
  if (global >= m.globals.size()) return std::nullopt;
  return m.globals[global].type;
}

std::optional<Type> table_type_of(const Module& m, uint32_t table) {
  if (table >= m.tables.size()) return std::nullopt;
  return m.tables[table].elem;
}

const FuncType* type_at(const Module& m, uint32_t type_index) {
  return type_index < m.types.size() ? &m.types[type_index] : nullptr;
}

const FuncType* callee_type_of(const Module& m, uint32_t func) {
  if (func >= m.funcs.size()) return nullptr;
  return type_at(m, m.funcs[func].type_index);
}

Type address_type(const Module& m, uint32_t mem) {
  return mem < m.memories.size() && m.memories[mem].is64 ? Type::kI64 : Type::kI32;
}

std::optional<Type> infer_result_type(const Module& m, const FunctionBody& f, const InstData& d) {
  const OpInfo& info = op_info(d.op);
  switch (info.result) {
    case OpType::V: return Type::kVoid;
    case OpType::Any:
      switch (info.format) {
        case Format::LocalGet: return local_type_of(f, d.a);
        case Format::LocalTee: return local_type_of(f, d.b);
        case Format::GlobalGet: return global_type_of(m, d.a);
        default: return std::nullopt;  // select, calls
      }
    case OpType::Ref:
      if (info.format == Format::TableGet) return table_type_of(m, d.b);
      if (info.format == Format::RefNull) {
        Type t = static_cast<Type>(d.imm8);
        if (is_ref(t)) return t;
      }
      return std::nullopt;
    default:
      break;
  }
  if (info.format == Format::MemorySize) return address_type(m, d.a);
  if (info.format == Format::MemoryGrow) return address_type(m, d.b);
  return op_fixed_type(info.result);
}

namespace {
// Operand types of the bulk formats, whose immediates sit in the extra pool after the
// three value operands.
TypeExpect bulk_operand(const Module& m, const FunctionBody& f, const InstData& d, uint32_t k) {
  const uint32_t* r = f.extra(d.a);
  switch (op_format(d.op)) {
    case Format::MemoryFill:
      return TypeExpect::exact(k == 1 ? Type::kI32 : address_type(m, r[3]));
    case Format::MemoryCopy: {
      Type dst = address_type(m, r[3]), src = address_type(m, r[4]);
      if (k == 0) return TypeExpect::exact(dst);
      if (k == 1) return TypeExpect::exact(src);
      return TypeExpect::exact(dst == Type::kI64 && src == Type::kI64 ? Type::kI64 : Type::kI32);
    }
    case Format::MemoryInit:
      return TypeExpect::exact(k == 0 ? address_type(m, r[3]) : Type::kI32);
    case Format::TableFill:
      return k == 1 ? TypeExpect::maybe(table_type_of(m, r[3])) : TypeExpect::exact(Type::kI32);
    default:  // table.copy, table.init
      return TypeExpect::exact(Type::kI32);
  }
}
}  // namespace

TypeExpect operand_expect(const Module& m, const FunctionBody& f, Inst i, uint32_t k) {
  const InstData& d = f.inst(i);
  const OpInfo& info = op_info(d.op);
  switch (info.format) {
    case Format::Load: case Format::Store: case Format::LoadLane: case Format::StoreLane:
      if (k == 0) return TypeExpect::exact(address_type(m, f.memarg(i).mem));
      break;
    case Format::MemoryGrow:
      return TypeExpect::exact(address_type(m, d.b));
    case Format::MemoryFill: case Format::MemoryCopy: case Format::MemoryInit:
    case Format::TableFill: case Format::TableCopy: case Format::TableInit:
      return bulk_operand(m, f, d, k);
    case Format::LocalSet: case Format::LocalTee:
      return TypeExpect::maybe(local_type_of(f, d.b));
    case Format::GlobalSet:
      return TypeExpect::maybe(global_type_of(m, d.b));
    case Format::Select:
      if (k == 2) return TypeExpect::exact(Type::kI32);
      return d.type == Type::kVoid ? TypeExpect{} : TypeExpect::exact(d.type);
    case Format::TableSet:
      if (k == 1) return TypeExpect::maybe(table_type_of(m, d.c));
      break;
    case Format::TableGrow:
      if (k == 0) return TypeExpect::maybe(table_type_of(m, d.c));
      break;
    case Format::RefIsNull:
      return TypeExpect{TypeExpect::kAnyRef, Type::kVoid};
    default:
      break;
  }
  if (k >= 3) return TypeExpect{};
  Type t = op_fixed_type(info.args[k]);
  return t == Type::kVoid ? TypeExpect{} : TypeExpect::exact(t);
}

uint32_t lane_count(Opcode op) {
  std::string_view name = opcode_name(op);
  if (name.starts_with("i8x16")) return 16;
  if (name.starts_with("i16x8")) return 8;
  if (name.starts_with("i32x4") || name.starts_with("f32x4")) return 4;
  if (name.starts_with("i64x2") || name.starts_with("f64x2")) return 2;
  return 16;
}

MemAccess memory_access(const FunctionBody& f, Inst i) {
  const InstData& d = f.inst(i);
  MemAccess a;
  auto add = [&a](uint32_t mem, bool r, bool w) {
    a.mem[a.count] = mem;
    a.read[a.count] = r;
    a.write[a.count] = w;
    ++a.count;
  };
  switch (op_format(d.op)) {
    case Format::Load: case Format::LoadLane: add(f.memarg(i).mem, true, false); break;
    case Format::Store: case Format::StoreLane: add(f.memarg(i).mem, false, true); break;
    case Format::MemorySize: add(d.a, true, false); break;
    case Format::MemoryGrow: add(d.b, true, true); break;
    case Format::MemoryFill: case Format::MemoryInit: add(f.extra(d.a)[3], false, true); break;
    case Format::MemoryCopy:
      add(f.extra(d.a)[3], false, true);
      add(f.extra(d.a)[4], true, false);
      break;
    default: break;
  }
  return a;
}

}  // namespace wasmrust::ir
