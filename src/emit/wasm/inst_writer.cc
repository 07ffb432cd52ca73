// Instruction and constant-expression encodings.
#include "emit/wasm/inst_writer.h"

namespace wasmrust::emit {

using ir::FunctionBody;
using ir::InstData;

void write_opcode(ByteWriter& w, Opcode op) {
  const OpInfo& info = op_info(op);
  if (info.prefix) {
    w.byte(info.prefix);
    w.u32(info.code);
  } else {
    w.byte(static_cast<uint8_t>(info.code));
  }
}

void write_memarg(ByteWriter& w, const ir::MemArg& m) {
  if (m.mem == 0) {
    w.u32(m.align_log2);
  } else {
    w.u32(m.align_log2 | 0x40u);
    w.u32(m.mem);
  }
  w.u64(m.offset);
}

void write_inst(ByteWriter& w, const FunctionBody& f, Inst i, FuncMap funcs) {
  const InstData& d = f.inst(i);
  switch (op_format(d.op)) {
    case Format::Const32:
      write_opcode(w, d.op);
      if (d.op == Opcode::kI32Const) w.s32(static_cast<int32_t>(d.a));
      else w.fixed32(d.a);
      return;
    case Format::Const64: {
      write_opcode(w, d.op);
      uint64_t bits = d.a | (uint64_t(d.b) << 32);
      if (d.op == Opcode::kI64Const) w.s64(static_cast<int64_t>(bits));
      else w.fixed64(bits);
      return;
    }
    case Format::Const128:
      write_opcode(w, d.op);
      w.bytes(f.extra(d.a), 16);
      return;
    case Format::Select:
      if (is_ref(d.type)) {
        w.byte(0x1C);  // typed select: required for reference types
        w.byte(1);
        w.byte(type_code(d.type));
      } else {
        w.byte(0x1B);
      }
      return;
    case Format::Load: case Format::Store:
      write_opcode(w, d.op);
      write_memarg(w, f.memarg(i));
      return;
    case Format::LoadLane: case Format::StoreLane: {
      ir::MemArg m = f.memarg(i);
      write_opcode(w, d.op);
      write_memarg(w, m);
      w.byte(m.lane);
      return;
    }
    case Format::ExtractLane: case Format::ReplaceLane:
      write_opcode(w, d.op);
      w.byte(d.imm8);
      return;
    case Format::Shuffle:
      write_opcode(w, d.op);
      w.bytes(f.extra(d.c), 16);
      return;
    case Format::LocalGet: case Format::GlobalGet: case Format::MemorySize: case Format::TableSize:
    case Format::DataDrop: case Format::ElemDrop:
      write_opcode(w, d.op);
      w.u32(d.a);
      return;
    case Format::LocalSet: case Format::LocalTee: case Format::GlobalSet: case Format::MemoryGrow:
    case Format::TableGet:
      write_opcode(w, d.op);
      w.u32(d.b);
      return;
    case Format::TableSet: case Format::TableGrow:
      write_opcode(w, d.op);
      w.u32(d.c);
      return;
    case Format::MemoryFill: case Format::TableFill:
      write_opcode(w, d.op);
      w.u32(f.extra(d.a)[3]);
      return;
    case Format::MemoryCopy: case Format::TableCopy:
      write_opcode(w, d.op);
      w.u32(f.extra(d.a)[3]);
      w.u32(f.extra(d.a)[4]);
      return;
    case Format::MemoryInit: case Format::TableInit:
      write_opcode(w, d.op);
      w.u32(f.extra(d.a)[4]);  // segment first, then memory / table
      w.u32(f.extra(d.a)[3]);
      return;
    case Format::RefNull:
      write_opcode(w, d.op);
      w.byte(type_code(static_cast<Type>(d.imm8)));
      return;
    case Format::RefFunc:
      write_opcode(w, d.op);
      w.u32(funcs(d.a));
      return;
    case Format::Call:
      write_opcode(w, d.op);
      w.u32(funcs(d.c));
      return;
    case Format::CallIndirect:
      write_opcode(w, d.op);
      w.u32(d.c);
      w.u32(f.extra(d.a)[d.b]);  // the table follows the arguments
      return;
    case Format::Unary: case Format::Binary: case Format::Ternary: case Format::RefIsNull:
      write_opcode(w, d.op);
      return;
    case Format::Jump: case Format::BrIf: case Format::BrTable: case Format::Return:
    case Format::Unreachable:
      WR_UNREACHABLE();  // terminators are the structurer's
  }
}

void write_zero(ByteWriter& w, Type t) {
  switch (t) {
    case Type::kI32: w.byte(0x41); w.byte(0); return;
    case Type::kI64: w.byte(0x42); w.byte(0); return;
    case Type::kF32: w.byte(0x43); w.fixed32(0); return;
    case Type::kF64: w.byte(0x44); w.fixed64(0); return;
    case Type::kV128: {
      uint8_t zero[16] = {};
      w.byte(0xFD);
      w.u32(12);
      w.bytes(zero, 16);
      return;
    }
    case Type::kFuncRef: case Type::kExternRef:
      w.byte(0xD0);
      w.byte(type_code(t));
      return;
    case Type::kVoid:
      return;
  }
}

void write_const_expr(ByteWriter& w, const ir::ConstExpr& e, FuncMap funcs) {
  for (const ir::ConstOp& op : e.ops) {
    switch (op.kind) {
      case ir::ConstOp::kI32Const: w.byte(0x41); w.s32(static_cast<int32_t>(op.lo)); break;
      case ir::ConstOp::kI64Const: w.byte(0x42); w.s64(static_cast<int64_t>(op.lo)); break;
      case ir::ConstOp::kF32Const: w.byte(0x43); w.fixed32(static_cast<uint32_t>(op.lo)); break;
      case ir::ConstOp::kF64Const: w.byte(0x44); w.fixed64(op.lo); break;
      case ir::ConstOp::kV128Const:
        w.byte(0xFD);
        w.u32(12);
        w.fixed64(op.lo);
        w.fixed64(op.hi);
        break;
      case ir::ConstOp::kRefNull: w.byte(0xD0); w.byte(type_code(op.type)); break;
      case ir::ConstOp::kRefFunc: w.byte(0xD2); w.u32(funcs(static_cast<uint32_t>(op.lo))); break;
      case ir::ConstOp::kGlobalGet: w.byte(0x23); w.u32(static_cast<uint32_t>(op.lo)); break;
      case ir::ConstOp::kI32Add: w.byte(0x6A); break;
      case ir::ConstOp::kI32Sub: w.byte(0x6B); break;
      case ir::ConstOp::kI32Mul: w.byte(0x6C); break;
      case ir::ConstOp::kI64Add: w.byte(0x7C); break;
      case ir::ConstOp::kI64Sub: w.byte(0x7D); break;
      case ir::ConstOp::kI64Mul: w.byte(0x7E); break;
    }
  }
  w.byte(0x0B);
}

}  // namespace wasmrust::emit
