// Decoding tables built at compile time from opcodes.def: for each wasm opcode byte (and
// each 0xFC / 0xFD sub-opcode) the WasmIR opcode, its format and its fixed operand and
// result types, so the plain numeric, load/store and SIMD instructions share one generic
// path in the decoder instead of a case each.
//
// Depends on: wasmrust/opcode.h, wasmrust/opcodes.def.
#pragma once

#include <cstdint>

#include "wasmrust/opcode.h"

namespace wasmrust::frontend {

struct OpDesc {
  Opcode op = Opcode::kCount;  ///< kCount: no such wasm opcode
  Format format = Format::Unreachable;
  Type result = Type::kVoid;
  Type args[3] = {Type::kVoid, Type::kVoid, Type::kVoid};
  uint8_t mem_log2 = 0;
  bool valid() const { return op != Opcode::kCount; }
};

struct OpTables {
  OpDesc plain[256];
  OpDesc fc[32];
  OpDesc fd[256];
};

namespace detail {

/// op_fixed_type() (wasmrust/opcode.h) as a constexpr function, for the tables below.
constexpr Type fixed_type(OpType t) {
  switch (t) {
    case OpType::I32: return Type::kI32;
    case OpType::I64: return Type::kI64;
    case OpType::F32: return Type::kF32;
    case OpType::F64: return Type::kF64;
    case OpType::V128: return Type::kV128;
    case OpType::FRef: return Type::kFuncRef;
    default: return Type::kVoid;
  }
}

constexpr void add(OpTables& t, uint8_t prefix, uint32_t code, Opcode op, Format f, OpType r, OpType a0,
                   OpType a1, OpType a2, uint8_t mem_log2) {
  OpDesc d;
  d.op = op;
  d.format = f;
  d.result = fixed_type(r);
  d.args[0] = fixed_type(a0);
  d.args[1] = fixed_type(a1);
  d.args[2] = fixed_type(a2);
  d.mem_log2 = mem_log2;
  if (prefix == 0) {
    // The WasmIR terminators borrow the codes of the wasm branches; the decoder handles
    // those bytes itself, so they stay out of the table.
    if (f == Format::Jump || f == Format::BrIf || f == Format::BrTable || f == Format::Return ||
        f == Format::Unreachable)
      return;
    t.plain[code] = d;
  } else if (prefix == 0xFC) {
    t.fc[code] = d;
  } else {
    t.fd[code] = d;
  }
}

constexpr OpTables build_tables() {
  OpTables t{};
#define WR_OP(Name, text, Fmt, R, A0, A1, A2, Flags, Prefix, Code, MemLog2) \
  add(t, Prefix, Code, Opcode::k##Name, Format::Fmt, OpType::R, OpType::A0, OpType::A1, OpType::A2, MemLog2);
#include "wasmrust/opcodes.def"
#undef WR_OP
  return t;
}

}  // namespace detail

inline constexpr OpTables kOpTables = detail::build_tables();

}  // namespace wasmrust::frontend
