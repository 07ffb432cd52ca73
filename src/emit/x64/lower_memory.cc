// Lowering of linear-memory access: loads and stores of every width, memory.size,
// memory.grow and the bulk operations (through libcalls.h).
//
// Guard mode (docs/abi.md): the access is [base + zext(addr) + offset] with no check; an
// i32 address is already zero-extended in its register, offsets below 2^31 go in the
// displacement and larger ones (< 2^32) are added in r11, so the effective address stays
// below base + 8 GiB, inside the reservation. The faulting instruction is recorded as a
// kMemoryOutOfBounds trap site. Explicit mode compares zext(addr) + offset + size with
// VMMemory::size first (64-bit arithmetic, no wrap-around) and traps on the out-of-line
// ud2. Memory 0's base lives in r14; other memories load theirs into r10.
#include "emit/x64/codegen.h"
#include "runtime/libcalls.h"

namespace wasmrust::x64 {

void CodeGen::reload_memory_base() {
  load_vmctx_ptr(kR14, env_->offsets.memory(0));
  a_->load(kR14, Mem{kR14, ra::kNoReg, 0, offsetof(rt::VMMemory, base)}, 8);
}

Mem CodeGen::mem_operand(Inst i, Value addr, uint32_t access_bytes) {
  Asm& as = *a_;
  ir::MemArg m = body_->memarg(i);
  uint64_t bits = 0;
  bool const_addr = ra_.const_bits(addr, &bits);
  Reg ra0 = const_addr ? ra::kNoReg : ra_.use(addr);
  uint64_t cea = const_addr ? (bits & 0xFFFFFFFFu) + m.offset : 0;  // constant effective address
  Reg base = kR14;
  if (env_->explicit_bounds_checks) {
    load_vmctx_ptr(kR10, env_->offsets.memory(m.mem));
    uint64_t end_off = m.offset + access_bytes;
    if (const_addr) {
      as.mov_imm(kR11, cea + access_bytes, true);
    } else if (end_off <= 0x7FFFFFFF) {
      as.lea_m(kR11, Mem{ra0, ra::kNoReg, 0, static_cast<int32_t>(end_off)}, true);
    } else {
      as.mov_imm(kR11, end_off, true);
      as.alu_rr(AluOp::kAdd, kR11, ra0, true);
    }
    as.alu_rm(AluOp::kCmp, kR11, Mem{kR10, ra::kNoReg, 0, offsetof(rt::VMMemory, size)}, true);
    trap_if(kAbove, rt::TrapCode::kMemoryOutOfBounds);
    if (m.mem != 0) {
      as.load(kR10, Mem{kR10, ra::kNoReg, 0, offsetof(rt::VMMemory, base)}, 8);
      base = kR10;
    }
  } else if (m.mem != 0) {
    load_vmctx_ptr(kR10, env_->offsets.memory(m.mem));
    as.load(kR10, Mem{kR10, ra::kNoReg, 0, offsetof(rt::VMMemory, base)}, 8);
    base = kR10;
  }
  Mem out{base, ra::kNoReg, 0, 0};
  if (const_addr) {
    if (cea <= 0x7FFFFFFF) {
      out.disp = static_cast<int32_t>(cea);
    } else {
      as.mov_imm(kR11, cea, true);
      out.index = kR11;
    }
  } else if (m.offset <= 0x7FFFFFFF) {
    out.index = ra0;
    out.disp = static_cast<int32_t>(m.offset);
  } else {
    as.mov_imm(kR11, m.offset, true);
    as.alu_rr(AluOp::kAdd, kR11, ra0, true);
    out.index = kR11;
  }
  if (!env_->explicit_bounds_checks) traps_.push_back({as.pos(), srcloc(), rt::TrapCode::kMemoryOutOfBounds});
  return out;
}

void CodeGen::lower_load(Inst i, const InstData& d) {
  Asm& as = *a_;
  Value addr(d.a);
  uint32_t bytes = 1u << op_info(d.op).mem_log2;
  bool fp = d.op == Opcode::kF32Load || d.op == Opcode::kF64Load;
  // The destination first: its allocation may evict (store) but emits nothing after the
  // trap site is recorded in mem_operand.
  uint64_t bits;
  Reg dst;
  if (fp) dst = ra_.alloc(RegClass::kFp);
  else if (!ra_.const_bits(addr, &bits)) ra_.use(addr), dst = dst_for(addr);
  else dst = ra_.alloc(RegClass::kGp);
  Mem m = mem_operand(i, addr, bytes);
  switch (d.op) {
    case Opcode::kI32Load: case Opcode::kI64Load32U: as.load(dst, m, 4); break;
    case Opcode::kI64Load: as.load(dst, m, 8); break;
    case Opcode::kF32Load: as.sse_rm(SseOp::kMovssLoad, dst, m); break;
    case Opcode::kF64Load: as.sse_rm(SseOp::kMovsdLoad, dst, m); break;
    case Opcode::kI32Load8S: as.movsx_load(dst, m, 1, false); break;
    case Opcode::kI32Load16S: as.movsx_load(dst, m, 2, false); break;
    case Opcode::kI32Load8U: case Opcode::kI64Load8U: as.movzx_load(dst, m, 1); break;
    case Opcode::kI32Load16U: case Opcode::kI64Load16U: as.movzx_load(dst, m, 2); break;
    case Opcode::kI64Load8S: as.movsx_load(dst, m, 1, true); break;
    case Opcode::kI64Load16S: as.movsx_load(dst, m, 2, true); break;
    case Opcode::kI64Load32S: as.movsx_load(dst, m, 4, true); break;
    default: bailout(ErrorCode::kUnsupported, "unexpected load"); break;
  }
  ra_.release(addr);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_store(Inst i, const InstData& d) {
  Asm& as = *a_;
  Value addr(d.a), val(d.b);
  uint32_t bytes = 1u << op_info(d.op).mem_log2;
  Type vt = body_->value_type(val);
  uint64_t bits = 0;
  bool imm = ra_.reg_of(val) == ra::kNoReg && ra_.const_bits(val, &bits) &&
             (bytes < 8 || static_cast<int64_t>(bits) == static_cast<int32_t>(bits));
  Reg rv = imm ? ra::kNoReg : ra_.use(val);
  Mem m = mem_operand(i, addr, bytes);
  if (imm) as.store_imm(m, static_cast<uint32_t>(bits), bytes);  // 8 bytes: sign-extended (checked)
  else if (vt == Type::kF32) as.sse_rm(SseOp::kMovssStore, rv, m);
  else if (vt == Type::kF64) as.sse_rm(SseOp::kMovsdStore, rv, m);
  else as.store(m, rv, bytes);
  ra_.release(addr);
  ra_.release(val);
}

void CodeGen::lower_memory_size(Inst i, const InstData& d) {
  Reg dst = ra_.alloc(RegClass::kGp);
  load_vmctx_ptr(kR11, env_->offsets.memory(d.a));
  a_->load(dst, Mem{kR11, ra::kNoReg, 0, offsetof(rt::VMMemory, size)}, 8);
  a_->shift_ri(ShiftOp::kShr, dst, 16, true);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_memory_grow(Inst i, const InstData& d) {
  Value delta(d.a);
  Loc args[2] = {Loc::constant(d.b, Type::kI32), ra_.loc(delta)};
  ra_.release(delta);
  call_runtime(i, reinterpret_cast<const void*>(&wr_memory_grow), args, 2);
}

// Bulk memory and table operations: three values and up to two immediates in the extra
// pool, passed to the runtime in the order libcalls.h declares.
void CodeGen::lower_bulk(Inst i, const InstData& d) {
  auto imm = [](uint32_t x) { return Loc::constant(x, Type::kI32); };
  const void* fn = nullptr;
  Loc args[5];
  uint32_t n = 0;
  if (d.op == Opcode::kDataDrop || d.op == Opcode::kElemDrop) {
    args[n++] = imm(d.a);
    fn = d.op == Opcode::kDataDrop ? reinterpret_cast<const void*>(&wr_data_drop)
                                   : reinterpret_cast<const void*>(&wr_elem_drop);
    call_runtime(i, fn, args, n);
    return;
  }
  const uint32_t* r = body_->extra(d.a);
  Value x(r[0]), y(r[1]), z(r[2]);
  Loc lx = ra_.loc(x), ly = ra_.loc(y), lz = ra_.loc(z);
  switch (d.op) {
    case Opcode::kMemoryFill:  // (mem, dst, value, len)
      fn = reinterpret_cast<const void*>(&wr_memory_fill);
      args[n++] = imm(r[3]), args[n++] = lx, args[n++] = ly, args[n++] = lz;
      break;
    case Opcode::kMemoryCopy:  // (dst_mem, src_mem, dst, src, len)
      fn = reinterpret_cast<const void*>(&wr_memory_copy);
      args[n++] = imm(r[3]), args[n++] = imm(r[4]), args[n++] = lx, args[n++] = ly, args[n++] = lz;
      break;
    case Opcode::kMemoryInit:  // (mem, data_seg, dst, src, len)
      fn = reinterpret_cast<const void*>(&wr_memory_init);
      args[n++] = imm(r[3]), args[n++] = imm(r[4]), args[n++] = lx, args[n++] = ly, args[n++] = lz;
      break;
    case Opcode::kTableFill:  // (table, dst, value, len)
      fn = reinterpret_cast<const void*>(&wr_table_fill);
      args[n++] = imm(r[3]), args[n++] = lx, args[n++] = ly, args[n++] = lz;
      break;
    case Opcode::kTableCopy:  // (dst_table, src_table, dst, src, len)
      fn = reinterpret_cast<const void*>(&wr_table_copy);
      args[n++] = imm(r[3]), args[n++] = imm(r[4]), args[n++] = lx, args[n++] = ly, args[n++] = lz;
      break;
    default:  // table.init (table, elem_seg, dst, src, len)
      fn = reinterpret_cast<const void*>(&wr_table_init);
      args[n++] = imm(r[3]), args[n++] = imm(r[4]), args[n++] = lx, args[n++] = ly, args[n++] = lz;
      break;
  }
  ra_.release(x);
  ra_.release(y);
  ra_.release(z);
  call_runtime(i, fn, args, n);
}

}  // namespace wasmrust::x64
