// Wasm encodings of single WasmIR instructions and constant expressions, driven by the
// opcode table (wasmrust/opcodes.def: prefix byte and LEB128 code per opcode).
//
// Depends on: byte_writer.h, wasmir. Guarantees: every non-terminator Format is encoded
// with its immediates; memory indexes other than 0 use the multi-memory memarg form (bit 6
// of the alignment flags, then the memory index); function indexes go through {func_map}.
#pragma once

#include <cstdint>

#include "emit/wasm/byte_writer.h"
#include "wasmir/function.h"
#include "wasmir/module.h"

namespace wasmrust::emit {

/// Maps a function index of the IR to the index written (identity when {map} is null).
struct FuncMap {
  const uint32_t* map = nullptr;
  uint32_t operator()(uint32_t f) const { return map ? map[f] : f; }
};

void write_opcode(ByteWriter& w, Opcode op);
void write_memarg(ByteWriter& w, const ir::MemArg& m);
/// Instruction {i} with its immediates (its operands are already on the stack).
void write_inst(ByteWriter& w, const ir::FunctionBody& f, Inst i, FuncMap funcs);
/// A constant expression followed by `end`.
void write_const_expr(ByteWriter& w, const ir::ConstExpr& e, FuncMap funcs);
/// A zero of type {t} (i32.const 0, ..., ref.null): stands in for values the IR never defines.
void write_zero(ByteWriter& w, Type t);

}  // namespace wasmrust::emit
