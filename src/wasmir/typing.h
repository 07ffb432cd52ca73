// Type rules of WasmIR instructions, derived from the opcode table plus the module context
// (local, global and table types, memory address widths, callee signatures).
//
// Depends on: module.h, function.h, opcode table. One place answers "what type does this
// instruction produce / expect", so the parser's inference, the printer's annotations, the
// builder's checks and the verifier can never disagree. Every function here is total: an
// index out of range gives "unknown", never an out-of-bounds read.
#pragma once

#include <cstdint>
#include <optional>

#include "wasmir/function.h"
#include "wasmir/module.h"

namespace wasmrust::ir {

/// What an operand position accepts.
struct TypeExpect {
  enum Kind : uint8_t {
    kExact,    ///< exactly {type}
    kAnyRef,   ///< any reference type
    kUnknown,  ///< nothing can be said (an index out of range, an untyped select)
  };
  Kind kind = kUnknown;
  Type type = Type::kVoid;
  static TypeExpect exact(Type t) { return {kExact, t}; }
  static TypeExpect maybe(std::optional<Type> t) { return t ? TypeExpect{kExact, *t} : TypeExpect{}; }
  bool accepts(Type t) const {
    return kind == kUnknown || (kind == kExact ? t == type : is_ref(t));
  }
};

/// True if {t} is a value type (not kVoid, not out of the enum's range).
inline bool is_value_type(Type t) {
  return t != Type::kVoid && static_cast<uint8_t>(t) <= static_cast<uint8_t>(Type::kExternRef);
}

std::optional<Type> local_type_of(const FunctionBody& f, uint32_t local);
std::optional<Type> global_type_of(const Module& m, uint32_t global);
std::optional<Type> table_type_of(const Module& m, uint32_t table);
/// The function type of function {func}, or null if the function or its type is unknown.
const FuncType* callee_type_of(const Module& m, uint32_t func);
const FuncType* type_at(const Module& m, uint32_t type_index);
/// Address type of memory {mem}: i64 for a 64-bit memory, i32 otherwise (and if unknown).
Type address_type(const Module& m, uint32_t mem);

/// The result type of a non-call instruction {d} of {f}: the opcode table's fixed type, or
/// the type its local, global, table or immediate gives; kVoid for instructions without a
/// result. nullopt if it cannot be inferred (select; an index out of range). Reads only the
/// fields of {d} (not the extra pool), so it works before the instruction is appended.
std::optional<Type> infer_result_type(const Module& m, const FunctionBody& f, const InstData& d);

/// What fixed operand {k} (in FunctionBody::fixed_operands order) of non-call,
/// non-terminator instruction {i} accepts.
TypeExpect operand_expect(const Module& m, const FunctionBody& f, Inst i, uint32_t k);

/// Number of lanes of the vector shape an extract_lane/replace_lane opcode works on.
uint32_t lane_count(Opcode op);
/// The memories an instruction touches (at most two: memory.copy) and how.
struct MemAccess {
  uint32_t mem[2];
  bool read[2];
  bool write[2];
  uint32_t count = 0;
};
MemAccess memory_access(const FunctionBody& f, Inst i);

}  // namespace wasmrust::ir
