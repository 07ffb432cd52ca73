// Lowering of calls (docs/abi.md): direct calls and call_indirect through VMFuncRef entry
// slots, runtime library calls (libcalls.h) and C helpers by absolute address.
//
// Every call evicts the caller-saved registers first (live values are stored, dirty cached
// locals written back; values in rbx/r12/r13 stay), then places the arguments: stack
// arguments, then one parallel move into the argument registers (the call_indirect index
// joins it, bound for rax), then loads rdi (callee vmctx) and, for several results, rsi
// (the results area in this frame). In explicit-bounds mode memory 0's base is reloaded
// afterwards, since the callee may have grown the memory.
#include "emit/x64/codegen.h"
#include "runtime/libcalls.h"

// The runtime provides these; weak so that a build without the runtime still links (a call
// to a missing one is a compile-time bailout, never a jump to address 0).
#pragma weak wr_memory_grow
#pragma weak wr_memory_fill
#pragma weak wr_memory_copy
#pragma weak wr_memory_init
#pragma weak wr_data_drop
#pragma weak wr_table_get
#pragma weak wr_table_set
#pragma weak wr_table_grow
#pragma weak wr_table_fill
#pragma weak wr_table_copy
#pragma weak wr_table_init
#pragma weak wr_elem_drop

namespace wasmrust::x64 {

namespace {
constexpr Reg kArgRegs[6] = {kRdi, kRsi, kRdx, kRcx, kR8, kR9};
}

void CodeGen::store_loc(Reg base, int32_t disp, const Loc& src) {
  Asm& as = *a_;
  uint32_t size = type_size(src.type);
  Mem m{base, ra::kNoReg, 0, disp};
  switch (src.kind) {
    case Loc::kReg:
      if (src.reg < ra::kFirstFpReg) as.store(m, src.reg, size == 4 ? 4 : 8);
      else as.sse_rm(size == 4 ? SseOp::kMovssStore : size == 8 ? SseOp::kMovsdStore : SseOp::kMovdquStore, src.reg, m);
      return;
    case Loc::kSlot:
      if (size == 16) {
        as.sse_rm(SseOp::kMovdquLoad, xmm_reg(14), slot_mem(src.slot));
        as.sse_rm(SseOp::kMovdquStore, xmm_reg(14), m);
      } else {
        as.load(kR10, slot_mem(src.slot), size == 4 ? 4 : 8);
        as.store(m, kR10, size == 4 ? 4 : 8);
      }
      return;
    case Loc::kConst:
      if (size == 16) {
        as.sse_rr(SseOp::kXorps, xmm_reg(14), xmm_reg(14));
        as.sse_rm(SseOp::kMovdquStore, xmm_reg(14), m);
      } else if (size == 4 || static_cast<int64_t>(src.bits) == static_cast<int32_t>(src.bits)) {
        as.store_imm(m, static_cast<uint32_t>(src.bits), size == 4 ? 4 : 8);
      } else {
        as.mov_imm(kR10, src.bits, true);
        as.store(m, kR10, 8);
      }
      return;
    default:
      return;
  }
}

uint32_t CodeGen::place_call_args(const Loc* srcs, uint32_t n, uint32_t first_gp, const Loc* index_src) {
  Asm& as = *a_;
  uint32_t gp = first_gp, fp = 0, stack = 0;
  for (uint32_t k = 0; k < n; ++k) {
    bool in_reg = ra::class_of(srcs[k].type) == RegClass::kGp ? gp++ < 6 : fp++ < 8;
    if (in_reg) continue;
    if (srcs[k].type == Type::kV128) stack = (stack + 15) & ~15u;
    stack += srcs[k].type == Type::kV128 ? 16 : 8;
  }
  uint32_t frame = (stack + 15) & ~15u;
  if (frame) as.alu_ri(AluOp::kSub, kRsp, static_cast<int32_t>(frame), true);
  gp = first_gp, fp = 0, stack = 0;
  pm_.clear();
  for (uint32_t k = 0; k < n; ++k) {
    const Loc& s = srcs[k];
    bool is_gp = ra::class_of(s.type) == RegClass::kGp;
    if (is_gp && gp < 6) {
      pm_.add(Loc::in_reg(kArgRegs[gp++], s.type), s);
    } else if (!is_gp && fp < 8) {
      pm_.add(Loc::in_reg(xmm_reg(static_cast<int>(fp++)), s.type), s);
    } else {
      if (s.type == Type::kV128) stack = (stack + 15) & ~15u;
      store_loc(kRsp, static_cast<int32_t>(stack), s);
      stack += s.type == Type::kV128 ? 16 : 8;
    }
  }
  if (index_src) pm_.add(Loc::in_reg(kRax, Type::kI32), *index_src);
  pm_.emit(*this);
  return frame;
}

// call_indirect checks (docs/abi.md): index in range, entry not null, canonical type id.
void CodeGen::indirect_call_checks(const CallTarget& t) {
  Asm& as = *a_;
  load_vmctx_ptr(kR10, env_->offsets.table(t.table));
  as.alu_rm(AluOp::kCmp, kRax, Mem{kR10, ra::kNoReg, 0, offsetof(rt::VMTable, size)}, false);
  trap_if(kAboveEqual, rt::TrapCode::kIndirectCallOutOfBounds);
  as.load(kR10, Mem{kR10, ra::kNoReg, 0, offsetof(rt::VMTable, elements)}, 8);
  as.load(kR11, Mem{kR10, kRax, 3, 0}, 8);
  as.test_rr(kR11, kR11, true);
  trap_if(kEqual, rt::TrapCode::kIndirectCallNull);
  uint32_t id = env_->canonical_type_ids ? env_->canonical_type_ids[t.index] : t.index;
  as.cmp(as.dword[as.r11 + offsetof(rt::VMFuncRef, type_id)], id);
  trap_if(kNotEqual, rt::TrapCode::kIndirectCallSignature);
}

void CodeGen::emit_call(const CallTarget& t, const Loc* srcs, uint32_t n, int32_t results_area,
                        const Loc* index_src) {
  Asm& as = *a_;
  // Registers that still hold argument bits (dying arguments have no holder left) must not
  // be chosen as a new home for something else before the moves read them.
  for (uint32_t k = 0; k < n; ++k)
    if (srcs[k].kind == Loc::kReg) ra_.pin(srcs[k].reg);
  if (index_src && index_src->kind == Loc::kReg) ra_.pin(index_src->reg);
  ra_.evict_for_call(target_regs().caller_saved & target_regs().allocatable);
  uint32_t first_gp = t.kind == CallKind::kHelper ? 0 : 1;
  if (results_area) ++first_gp;
  uint32_t frame = place_call_args(srcs, n, first_gp, index_src);
  switch (t.kind) {
    case CallKind::kRuntime:
      as.mov_rr(kRdi, kR15, true);
      [[fallthrough]];
    case CallKind::kHelper:
      as.mov_imm(kRax, reinterpret_cast<uint64_t>(t.fn), true);
      as.call_reg(kRax);
      break;
    case CallKind::kDirect:
    case CallKind::kIndirect:
      if (t.kind == CallKind::kDirect) load_vmctx_ptr(kR11, env_->offsets.func_ref(t.index));
      else indirect_call_checks(t);
      as.load(kRdi, Mem{kR11, ra::kNoReg, 0, offsetof(rt::VMFuncRef, vmctx)}, 8);
      if (results_area) as.lea_m(kRsi, slot_mem(results_area), true);
      as.call_mem(Mem{kR11, ra::kNoReg, 0, offsetof(rt::VMFuncRef, code)});
      break;
  }
  record_call();
  if (frame) as.alu_ri(AluOp::kAdd, kRsp, static_cast<int32_t>(frame), true);
  if (env_->explicit_bounds_checks && has_memory_) reload_memory_base();
}

void CodeGen::define_call_results(Inst i, int32_t results_area) {
  uint32_t n = body_->num_results(i);
  if (n == 1) {
    Value v = body_->result(i);
    Type t = body_->value_type(v);
    if (ra::class_of(t) == RegClass::kFp) {
      ra_.define(v, xmm_reg(0));
    } else {
      if (t == Type::kI32) a_->mov_rr(kRax, kRax, false);  // the callee may leave the upper half
      ra_.define(v, kRax);
    }
    return;
  }
  for (uint32_t k = 0; k < n; ++k) ra_.define_slot(body_->result(i, k), results_area + 16 * static_cast<int32_t>(k), 16);
}

void CodeGen::lower_call(Inst i, const InstData& d) {
  ir::ValueList args = body_->call_args(i);
  capture(args, &locs_a_);
  for (Value v : args) ra_.release(v);
  uint32_t nres = body_->num_results(i);
  int32_t area = nres > 1 ? frame_.alloc_area(16 * nres) : 0;
  emit_call({CallKind::kDirect, nullptr, d.c, 0}, locs_a_.data(), args.size(), area, nullptr);
  define_call_results(i, area);
}

void CodeGen::lower_call_indirect(Inst i, const InstData& d) {
  ir::ValueList all = body_->call_args(i);
  ir::ValueList args{all.words, all.count - 1};
  Value index = all[all.count - 1];
  uint32_t table = body_->extra(d.a)[d.b];
  capture(args, &locs_a_);
  Loc index_loc = ra_.loc(index);
  for (Value v : all) ra_.release(v);
  uint32_t nres = body_->num_results(i);
  int32_t area = nres > 1 ? frame_.alloc_area(16 * nres) : 0;
  emit_call({CallKind::kIndirect, nullptr, d.c, table}, locs_a_.data(), args.size(), area, &index_loc);
  define_call_results(i, area);
}

void CodeGen::call_runtime(Inst i, const void* fn, const Loc* args, uint32_t n) {
  if (fn == nullptr) {
    bailout(ErrorCode::kUnsupported, "runtime function not linked into this build");
    return;
  }
  emit_call({CallKind::kRuntime, fn, 0, 0}, args, n, 0, nullptr);
  if (body_->inst(i).type != Type::kVoid) define_call_results(i, 0);
}

void CodeGen::call_helper(Inst i, const void* fn, const Value* args, uint32_t n, bool with_vmctx) {
  locs_b_.clear();
  for (uint32_t k = 0; k < n; ++k) locs_b_.push_back(ra_.loc(args[k]));
  for (uint32_t k = 0; k < n; ++k) ra_.release(args[k]);
  emit_call({with_vmctx ? CallKind::kRuntime : CallKind::kHelper, fn, 0, 0}, locs_b_.data(), n, 0, nullptr);
  define_call_results(i, 0);
}

}  // namespace wasmrust::x64
