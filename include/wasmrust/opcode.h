// WasmIR opcodes and their properties, all generated from opcodes.def (one source of truth:
// the enum, names, formats, operand/result types, effect flags and wasm encodings).
#pragma once

#include <cstdint>
#include <string_view>

#include "wasmrust/types.h"

namespace wasmrust {

enum class Opcode : uint16_t {
#define WR_OP(Name, text, Format, Result, A0, A1, A2, Flags, Prefix, Code, MemLog2) k##Name,
#include "wasmrust/opcodes.def"
#undef WR_OP
  kCount
};

inline constexpr uint32_t kOpcodeCount = static_cast<uint32_t>(Opcode::kCount);

/// How an instruction's operands and immediates are laid out in InstData (see
/// src/wasmir/function.h for the field use of each format).
enum class Format : uint8_t {
  Const32, Const64, Const128,
  Unary, Binary, Ternary, Select,
  Load, Store, LoadLane, StoreLane,
  ExtractLane, ReplaceLane, Shuffle,
  LocalGet, LocalSet, LocalTee, GlobalGet, GlobalSet,
  MemorySize, MemoryGrow, MemoryInit, DataDrop, MemoryCopy, MemoryFill,
  TableGet, TableSet, TableInit, ElemDrop, TableCopy, TableGrow, TableSize, TableFill,
  RefNull, RefIsNull, RefFunc,
  Call, CallIndirect,
  Jump, BrIf, BrTable, Return, Unreachable,
};

/// Operand/result type classes used in the opcode table.
enum class OpType : uint8_t {
  V,     ///< none
  I32, I64, F32, F64, V128,
  FRef,  ///< funcref
  Any,   ///< given by the instruction (its type field, the local, global or callee)
  Ref,   ///< a reference type given by the instruction (immediate or table)
};

/// Effect and property flags of an opcode.
enum OpFlag : uint16_t {
  kPure = 0,
  kMayTrap = 1 << 0,
  kMemRead = 1 << 1,
  kMemWrite = 1 << 2,
  kGlobalRead = 1 << 3,
  kGlobalWrite = 1 << 4,
  kTableRead = 1 << 5,
  kTableWrite = 1 << 6,
  kCall = 1 << 7,
  kTerminator = 1 << 8,
  kLocalWrite = 1 << 9,
  kCommutative = 1 << 10,
  kSegmentDrop = 1 << 11,
};

struct OpInfo {
  const char* name;      ///< text name, e.g. "i32.add"
  Format format;
  OpType result;
  OpType args[3];
  uint16_t flags;        ///< OpFlag bits
  uint8_t prefix;        ///< wasm prefix byte, 0 if none
  uint16_t code;         ///< wasm opcode (after the prefix)
  uint8_t mem_log2;      ///< log2 of the access size for memory ops
};

extern const OpInfo kOpInfo[kOpcodeCount];

inline const OpInfo& op_info(Opcode op) { return kOpInfo[static_cast<uint32_t>(op)]; }
inline const char* opcode_name(Opcode op) { return op_info(op).name; }
inline Format op_format(Opcode op) { return op_info(op).format; }
inline bool op_has(Opcode op, OpFlag f) { return (op_info(op).flags & f) != 0; }
inline bool is_terminator(Opcode op) { return op_has(op, kTerminator); }
/// Number of value operands the table gives (not counting variadic call/branch operands).
uint32_t op_fixed_arity(Opcode op);
/// Look up an opcode by its text name; false if none.
bool opcode_from_name(std::string_view name, Opcode* out);
/// Fixed result type of {op} or kVoid when the table says V or the type depends on the
/// instruction (Any/Ref).
Type op_fixed_type(OpType t);

}  // namespace wasmrust
