// The tier-1 driver: frame layout, prologue, the walk over blocks and instructions, moves
// for the allocator, and the end of a function (trap stubs, branch fixups, frame size).
#include "emit/x64/codegen.h"

#include <algorithm>
#include <cstdio>

namespace wasmrust::x64 {

namespace {

constexpr int32_t kSavedRegsBytes = 40;  // rbx, r12, r13, r14, r15 below the saved rbp
constexpr int32_t kResultsPtrSlot = -48;
constexpr uint32_t kNotPlaced = ~uint32_t{0};
constexpr size_t kInitialBuffer = 256 * 1024;
constexpr Reg kArgGp[6] = {kRdi, kRsi, kRdx, kRcx, kR8, kR9};
constexpr Reg kSavedRegs[5] = {kRbx, kR12, kR13, kR14, kR15};  // pushed in this order below rbp

ra::TargetRegs make_target() {
  ra::TargetRegs t{};
  const Reg gp[] = {kRax, kRcx, kRdx, kRbx, kRsi, kRdi, kR8, kR9, kR12, kR13};
  for (Reg r : gp) t.allocatable.add(r);
  for (int i = 0; i < 14; ++i) t.allocatable.add(xmm_reg(i));
  for (Reg r : {kRax, kRcx, kRdx, kRsi, kRdi, kR8, kR9, kR10, kR11}) t.caller_saved.add(r);
  for (int i = 0; i < 16; ++i) t.caller_saved.add(xmm_reg(i));
  const Reg pgp[8] = {kRax, kRdx, kRcx, kRsi, kRdi, kR8, kR9, kRbx};
  for (int i = 0; i < 8; ++i) {
    t.param_gp[i] = pgp[i];
    t.param_fp[i] = xmm_reg(i);
  }
  // Callee-saved registers first: values there survive calls without a spill. rcx and rdx
  // last: shifts and divisions want them.
  const std::initializer_list<Reg> groups[] = {{kRbx, kR12, kR13}, {kRsi, kRdi, kR8, kR9}, {kRax}, {kRdx, kRcx}};
  int n = 0;
  for (const auto& g : groups) {
    for (Reg r : g) t.prefer[n].add(r);
    ++n;
  }
  for (int i = 0; i < 14; ++i) t.prefer[n].add(xmm_reg(i));
  t.prefer[++n] = ra::RegSet();
  return t;
}

const ra::TargetRegs kTarget = make_target();

}  // namespace

const ra::TargetRegs& target_regs() { return kTarget; }

CodeGen::CodeGen() : buf_(kInitialBuffer) {}
CodeGen::~CodeGen() = default;

Status CodeGen::compile(const CompileEnv& env, const ir::FunctionBody& body, const Options& opt, DebugInfo* debug,
                        CompiledFunction* out) {
  env_ = &env;
  body_ = &body;
  opt_ = opt;
  debug_ = debug;
  // Size the buffer for the function up front (about 3 bytes of code per byte of wasm,
  // 8-12 per IR instruction on average); a function that still overflows it is compiled
  // again into a buffer twice as large.
  size_t estimate = 4096 + 24 * size_t{body.num_insts()};
  if (estimate > buf_.size()) {
    buf_.resize(std::max(estimate, 2 * buf_.size()));
    asm_.reset();
  }
  for (;;) {
    if (!asm_) asm_ = std::make_unique<Asm>(buf_.size(), buf_.data());
    a_ = asm_.get();
    Pass p = compile_once();
    if (p == Pass::kDone) break;
    buf_.resize(buf_.size() * 2);
    asm_.reset();
  }
  if (failed_) {
    error_.func = body.func_index;
    return error_;
  }
  out->clear();
  out->func_index = body.func_index;
  out->code.assign(a_->getCode(), a_->getCode() + a_->getSize());
  out->traps = traps_;
  out->calls = calls_;
  return Status();
}

void CodeGen::bailout(ErrorCode code, const char* what) {
  if (failed_) return;
  failed_ = true;
  error_ = Error{code, what};
}

void CodeGen::reset_function_state() {
  a_->reset();
  Xbyak::ClearError();
  failed_ = false;
  error_ = Error();
  fixups_.clear();
  trap_stubs_.clear();
  traps_.clear();
  calls_.clear();
  table_entries_.clear();
  block_off_.assign(body_->num_blocks(), kNotPlaced);
  stub_of_block_.assign(body_->num_blocks(), kNotPlaced);
  flags_live_ = false;
  pending_cc_value_ = Value();
  cur_inst_ = 0;  // the prologue's stack check reports the first instruction's offset
  has_memory_ = env_->module && !env_->module->memories.empty();
  if (debug_) {
    debug_->inst_offsets.assign(body_->num_insts(), 0);
    debug_->data.clear();
  }
}

CodeGen::Pass CodeGen::compile_once() {
  reset_function_state();
  if (env_->module) {
    for (const ir::Memory& m : env_->module->memories)
      if (m.is64) bailout(ErrorCode::kUnsupported, "memory64 is not supported by tier-1");
  }
  layout_frame();
  prologue();
  if (debug_) debug_->prologue_end = a_->pos();
  const std::vector<Block>& layout = body_->layout();
  // The entry block continues the prologue's state (parameters cached in their argument
  // registers) unless something branches back to it.
  bool kept = !layout.empty() && body_->block(layout[0]).num_preds == 0;
  if (!layout.empty() && !kept) ra_.writeback_locals();
  for (size_t k = 0; k < layout.size() && !failed_; ++k) {
    Block b = layout[k];
    next_block_ = k + 1 < layout.size() ? layout[k + 1] : Block();
    next_kept_ = next_block_.valid() && ra_.keeps_state(next_block_, b);
    block_off_[b.index] = a_->pos();
    ra_.start_block(b, kept);
    lower_block(b);
    kept = next_kept_;
    if (Xbyak::GetError() == Xbyak::ERR_CODE_IS_TOO_BIG) return Pass::kRetry;
  }
  if (debug_) debug_->body_end = a_->pos();
  if (!failed_) finish();
  int err = Xbyak::GetError();
  if (err == Xbyak::ERR_CODE_IS_TOO_BIG) return Pass::kRetry;
  if (err != 0) {
    char msg[128];
    std::snprintf(msg, sizeof msg, "x64 assembler error: %s", Xbyak::ConvertErrorToString(err));
    bailout(ErrorCode::kUnsupported, msg);
  }
  if (ra_.failed()) bailout(ErrorCode::kInvalid, "value used without a definition reaching it (invalid IR)");
  if (a_->rel_overflow()) bailout(ErrorCode::kUnsupported, "x64 lowering: short branch out of range");
  if (debug_) {
    debug_->block_offsets = block_off_;
  }
  return Pass::kDone;
}

// ---- frame ----

void CodeGen::layout_frame() {
  const std::vector<Type>& types = body_->local_types();
  local_off_.resize(types.size());
  uint32_t gp = 1 + (body_->results.size() > 1 ? 1 : 0), fp = 0;
  int32_t stack_arg = 16;
  int32_t cur = kResultsPtrSlot;
  for (uint32_t l = 0; l < body_->num_params && l < types.size(); ++l) {
    Type t = types[l];
    bool in_reg = ra::class_of(t) == RegClass::kGp ? gp++ < 6 : fp++ < 8;
    int32_t size = t == Type::kV128 ? 16 : 8;
    if (in_reg) {
      cur = (cur - size) & ~(size - 1);
      local_off_[l] = cur;
    } else {
      stack_arg = (stack_arg + size - 1) & ~(size - 1);
      local_off_[l] = stack_arg;
      stack_arg += size;
    }
  }
  for (uint32_t l = body_->num_params; l < types.size(); ++l) {
    int32_t size = types[l] == Type::kV128 ? 16 : 8;
    cur = (cur - size) & ~(size - 1);
    local_off_[l] = cur;
  }
  locals_end_ = cur;
  frame_.reset(cur & ~15);
  ra_.start_function(*body_, kTarget, this, &frame_, local_off_.data(), opt_.policy);
}

// The prologue, the epilogue and zero_locals go through the fast encoder: through xbyak
// they cost several thousand host instructions per function, a tenth of the compile time
// of a debug build's many small functions.
void CodeGen::prologue() {
  Asm& a = *a_;
  a.push_r(kRbp);
  a.mov_rr(kRbp, kRsp, true);
  for (Reg r : kSavedRegs) a.push_r(r);
  a.mov_rr(kR15, kRdi, true);
  // sub rsp, imm32 (the frame size is known at the end)
  a.alu_ri(AluOp::kSub, kRsp, 0x12345678, true);  // the 32-bit form, patched in finish()
  sub_rsp_at_ = a.pos() - 4;
  load_vmctx_ptr(kR11, rt::VMOffsets::kStore);
  a.alu_rm(AluOp::kCmp, kRsp, Mem{kR11, ra::kNoReg, 0, offsetof(rt::VMStoreContext, stack_limit)}, true);
  trap_if(kBelow, rt::TrapCode::kStackOverflow);
  if (body_->results.size() > 1) a.store(slot_mem(kResultsPtrSlot), kRsi, 8);
  if (has_memory_) reload_memory_base();
  // Non-parameter locals: everything between the last register parameter and locals_end_.
  int32_t hi = kResultsPtrSlot;
  for (uint32_t l = 0; l < body_->num_params && l < local_off_.size(); ++l)
    if (local_off_[l] < 0) hi = std::min(hi, local_off_[l]);
  if (body_->num_locals() > body_->num_params) zero_locals(locals_end_, hi);
  // Parameters stay in their argument registers as dirty cached locals.
  uint32_t gp = 1 + (body_->results.size() > 1 ? 1 : 0), fp = 0;
  for (uint32_t l = 0; l < body_->num_params && l < local_off_.size(); ++l) {
    Type t = body_->local_types()[l];
    Reg r = ra::kNoReg;
    if (ra::class_of(t) == RegClass::kGp) {
      if (gp < 6) r = kArgGp[gp++];
    } else if (fp < 8) {
      r = xmm_reg(static_cast<int>(fp++));
    }
    if (r == ra::kNoReg) continue;
    if (t == Type::kI32) a.mov_rr(r, r, false);
    ra_.bind_local(Local(l), r);
  }
}

// Zeroes [lo, hi) below rbp: 16-byte stores, a loop of 64 bytes a round for large frames, so
// 20,000 locals cost a few instructions of code, not 20,000.
void CodeGen::zero_locals(int32_t lo, int32_t hi) {
  Asm& a = *a_;
  int32_t bytes = hi - lo;
  if (bytes <= 0) return;
  const Reg zero = xmm_reg(15);
  a.sse_rr(SseOp::kXorps, zero, zero);
  int32_t at = lo;
  if (bytes > 128) {
    int32_t rounds = bytes / 64;
    a.lea_m(kR11, slot_mem(lo), true);
    a.mov_imm(kR10, static_cast<uint32_t>(rounds), false);
    uint32_t loop = a.pos();
    for (int k = 0; k < 4; ++k) a.sse_rm(SseOp::kMovupsStore, zero, Mem{kR11, ra::kNoReg, 0, 16 * k});
    a.alu_ri(AluOp::kAdd, kR11, 64, true);
    a.alu_ri(AluOp::kSub, kR10, 1, false);
    a.jcc_to(kNotEqual, loop);
    at = lo + rounds * 64;
  }
  for (; at + 16 <= hi; at += 16) a.sse_rm(SseOp::kMovupsStore, zero, slot_mem(at));
  if (at < hi) a.store_imm(slot_mem(at), 0, 8);
}

void CodeGen::epilogue() {
  Asm& a = *a_;
  a.lea_m(kRsp, slot_mem(-kSavedRegsBytes), true);
  for (int k = 4; k >= 0; --k) a.pop_r(kSavedRegs[k]);
  a.pop_r(kRbp);
  a.ret_();
}

void CodeGen::finish() {
  Asm& a = *a_;
  for (const TrapStub& t : trap_stubs_) {
    a.patch_rel32(t.at, a.pos());
    traps_.push_back({a.pos(), t.srcloc, t.code});
    a.ud2();
  }
  for (const Fixup& f : fixups_) {
    uint32_t target = block_off_[f.block];
    if (target == kNotPlaced) {
      bailout(ErrorCode::kInvalid, "branch to a block that is not in the layout");
      return;
    }
    a.patch_rel32(f.at, target);
  }
  for (const TableEntry& e : table_entries_) {
    uint32_t target = e.is_stub ? e.target : block_off_[e.target];
    if (target == kNotPlaced) {
      bailout(ErrorCode::kInvalid, "br_table to a block that is not in the layout");
      return;
    }
    a.patch_u32(e.at, target - e.base);
  }
  // Inline sites were recorded in code order and the stubs follow the body: sorted already.
  WR_DCHECK(std::is_sorted(traps_.begin(), traps_.end(),
                           [](const rt::TrapSite& x, const rt::TrapSite& y) { return x.code_offset < y.code_offset; }));
  uint32_t frame = static_cast<uint32_t>(-frame_.lowest());
  frame = (frame + 15) & ~15u;
  a.patch_u32(sub_rsp_at_, frame - kSavedRegsBytes);
}

// ---- helpers ----

Xbyak::Address CodeGen::mem(Reg base, int32_t disp, uint32_t bytes) const {
  Xbyak::RegExp e = Xbyak::RegExp(Asm::r64(base)) + disp;
  switch (bytes) {
    case 1: return a_->byte[e];
    case 2: return a_->word[e];
    case 4: return a_->dword[e];
    case 8: return a_->qword[e];
    default: return a_->xword[e];
  }
}

void CodeGen::load_vmctx_ptr(Reg dst, uint32_t offset) { a_->load(dst, Mem{kR15, ra::kNoReg, 0, static_cast<int32_t>(offset)}, 8); }

void CodeGen::trap_if(Cond c, rt::TrapCode code) { trap_stubs_.push_back({a_->jcc_fwd(c), srcloc(), code}); }

void CodeGen::trap_here(rt::TrapCode code) {
  traps_.push_back({a_->pos(), srcloc(), code});
  a_->ud2();
}

void CodeGen::jump_to_block(Block b) {
  if (block_off_[b.index] != kNotPlaced) a_->jmp_to(block_off_[b.index]);
  else fixups_.push_back({a_->jmp_fwd(), b.index});
}

void CodeGen::jcc_to_block(Cond c, Block b) {
  if (block_off_[b.index] != kNotPlaced) a_->jcc_to(c, block_off_[b.index]);
  else fixups_.push_back({a_->jcc_fwd(c), b.index});
}

void CodeGen::record_call() { calls_.push_back({a_->pos(), srcloc()}); }

void CodeGen::mov_imm(Reg r, uint64_t bits, bool is64) {
  if (bits == 0 && !flags_live_) a_->alu_rr(AluOp::kXor, r, r, false);
  else a_->mov_imm(r, is64 ? bits : bits & 0xFFFFFFFFu, is64);
}

bool CodeGen::const_i32(Value v, int32_t* imm, bool is64) const {
  uint64_t bits;
  if (!ra_.const_bits(v, &bits)) return false;
  if (!is64) {
    *imm = static_cast<int32_t>(static_cast<uint32_t>(bits));
    return true;
  }
  int64_t s = static_cast<int64_t>(bits);
  if (s < INT32_MIN || s > INT32_MAX) return false;
  *imm = static_cast<int32_t>(s);
  return true;
}

Reg CodeGen::dst_for(Value a) {
  if (ra_.can_clobber(a)) return ra_.reg_of(a);
  return ra_.alloc(ra::class_of(body_->value_type(a)));
}

// ---- moves for the allocator ----

Reg CodeGen::cycle_scratch(RegClass c) const { return c == RegClass::kGp ? kR10 : xmm_reg(15); }

namespace {
SseOp fp_load_op(uint32_t size) {
  return size == 4 ? SseOp::kMovssLoad : size == 8 ? SseOp::kMovsdLoad : SseOp::kMovdquLoad;
}
SseOp fp_store_op(uint32_t size) {
  return size == 4 ? SseOp::kMovssStore : size == 8 ? SseOp::kMovsdStore : SseOp::kMovdquStore;
}
}  // namespace

void CodeGen::emit_store(int32_t slot, Reg src, Type t) {
  uint32_t size = type_size(t);
  if (src < ra::kFirstFpReg) a_->store(slot_mem(slot), src, size == 8 ? 8 : 4);
  else a_->sse_rm(fp_store_op(size), src, slot_mem(slot));
}

void CodeGen::emit_load(Reg dst, int32_t slot, Type t) {
  uint32_t size = type_size(t);
  if (dst < ra::kFirstFpReg) a_->load(dst, slot_mem(slot), size == 8 ? 8 : 4);
  else a_->sse_rm(fp_load_op(size), dst, slot_mem(slot));
}

void CodeGen::emit_move(const Loc& dst, const Loc& src) {
  Asm& a = *a_;
  uint32_t size = type_size(src.type);
  bool w = size == 8;
  if (dst.kind == Loc::kReg) {
    Reg d = dst.reg;
    bool dfp = d >= ra::kFirstFpReg;
    switch (src.kind) {
      case Loc::kReg: {
        Reg r = src.reg;
        bool sfp = r >= ra::kFirstFpReg;
        if (r == d) return;
        if (dfp && sfp) a.sse_rr(SseOp::kMovaps, d, r);
        else if (!dfp && !sfp) a.mov_rr(d, r, w);
        else if (dfp) a.movd_to_xmm(d, r, true);
        else a.movd_from_xmm(d, r, true);
        return;
      }
      case Loc::kSlot:
        if (!dfp) a.load(d, slot_mem(src.slot), w ? 8 : 4);
        else a.sse_rm(fp_load_op(size), d, slot_mem(src.slot));
        return;
      case Loc::kConst:
        if (!dfp) mov_imm(d, src.bits, w);
        else load_fp_const(d, src.bits, w);
        return;
      default:
        return;
    }
  }
  // dst is a slot
  Mem m = slot_mem(dst.slot);
  switch (src.kind) {
    case Loc::kReg:
      if (src.reg < ra::kFirstFpReg) a.store(m, src.reg, w ? 8 : 4);
      else a.sse_rm(fp_store_op(size), src.reg, m);
      return;
    case Loc::kSlot:
      if (size == 16) {
        a.sse_rm(SseOp::kMovdquLoad, xmm_reg(14), slot_mem(src.slot));
        a.sse_rm(SseOp::kMovdquStore, xmm_reg(14), m);
      } else {
        a.load(kR11, slot_mem(src.slot), w ? 8 : 4);
        a.store(m, kR11, w ? 8 : 4);
      }
      return;
    case Loc::kConst:
      if (size == 16) {
        a.sse_rr(SseOp::kXorps, xmm_reg(14), xmm_reg(14));
        a.sse_rm(SseOp::kMovdquStore, xmm_reg(14), m);
      } else if (!w || static_cast<int64_t>(src.bits) == static_cast<int32_t>(src.bits)) {
        a.store_imm(m, static_cast<uint32_t>(src.bits), w ? 8 : 4);
      } else {
        a.mov_imm(kR11, src.bits, true);
        a.store(m, kR11, 8);
      }
      return;
    default:
      return;
  }
}

// ---- dispatch: one table of handlers per opcode, built once ----

void CodeGen::lower_nothing(Inst, const InstData&) {}  // constants: rematerialized at uses

void CodeGen::lower_unsupported(Inst, const InstData& d) {
  char msg[96];
  const char* what = op_info(d.op).prefix == 0xFD ? "SIMD operation" : "operation";
  std::snprintf(msg, sizeof msg, "%s %s is not supported by tier-1", what, opcode_name(d.op));
  bailout(ErrorCode::kUnsupported, msg);
}

void CodeGen::lower_unreachable(Inst, const InstData&) { trap_here(rt::TrapCode::kUnreachable); }

namespace {

bool int_type(OpType t) { return t == OpType::I32 || t == OpType::I64; }

CodeGen::Handler handler_for(Opcode op) {
  const OpInfo& info = op_info(op);
  if (info.prefix == 0xFD) return &CodeGen::lower_unsupported;
  switch (info.format) {
    case Format::Const32: case Format::Const64: case Format::RefNull: return &CodeGen::lower_nothing;
    case Format::Unary:
      if (int_type(info.args[0]) && int_type(info.result)) return &CodeGen::lower_int_unary;
      if (!int_type(info.args[0]) && info.args[0] == info.result) return &CodeGen::lower_float_unary;
      return &CodeGen::lower_convert;
    case Format::Binary:
      if (!int_type(info.args[0])) {
        return info.result == OpType::I32 ? &CodeGen::lower_float_compare : &CodeGen::lower_float_binary;
      }
      switch (op) {
        case Opcode::kI32Add: case Opcode::kI32Sub: case Opcode::kI32And: case Opcode::kI32Or: case Opcode::kI32Xor:
        case Opcode::kI64Add: case Opcode::kI64Sub: case Opcode::kI64And: case Opcode::kI64Or: case Opcode::kI64Xor:
          return &CodeGen::lower_alu;
        case Opcode::kI32Mul: case Opcode::kI64Mul: return &CodeGen::lower_mul;
        case Opcode::kI32DivS: case Opcode::kI32DivU: case Opcode::kI32RemS: case Opcode::kI32RemU:
        case Opcode::kI64DivS: case Opcode::kI64DivU: case Opcode::kI64RemS: case Opcode::kI64RemU:
          return &CodeGen::lower_divrem;
        case Opcode::kI32Shl: case Opcode::kI32ShrS: case Opcode::kI32ShrU: case Opcode::kI32Rotl: case Opcode::kI32Rotr:
        case Opcode::kI64Shl: case Opcode::kI64ShrS: case Opcode::kI64ShrU: case Opcode::kI64Rotl: case Opcode::kI64Rotr:
          return &CodeGen::lower_shift;
        default: return &CodeGen::lower_int_compare;
      }
    case Format::Select: return &CodeGen::lower_select;
    case Format::Load: return &CodeGen::lower_load;
    case Format::Store: return &CodeGen::lower_store;
    case Format::LocalGet: return &CodeGen::lower_local_get;
    case Format::LocalSet: return &CodeGen::lower_local_set;
    case Format::LocalTee: return &CodeGen::lower_local_tee;
    case Format::GlobalGet: return &CodeGen::lower_global_get;
    case Format::GlobalSet: return &CodeGen::lower_global_set;
    case Format::MemorySize: return &CodeGen::lower_memory_size;
    case Format::MemoryGrow: return &CodeGen::lower_memory_grow;
    case Format::MemoryInit: case Format::DataDrop: case Format::MemoryCopy: case Format::MemoryFill:
    case Format::TableInit: case Format::ElemDrop: case Format::TableCopy: case Format::TableFill:
      return &CodeGen::lower_bulk;
    case Format::TableGet: return &CodeGen::lower_table_get;
    case Format::TableSet: return &CodeGen::lower_table_set;
    case Format::TableSize: return &CodeGen::lower_table_size;
    case Format::TableGrow: return &CodeGen::lower_table_grow;
    case Format::RefIsNull: case Format::RefFunc: return &CodeGen::lower_ref;
    case Format::Call: return &CodeGen::lower_call;
    case Format::CallIndirect: return &CodeGen::lower_call_indirect;
    case Format::Jump: return &CodeGen::lower_jump;
    case Format::BrIf: return &CodeGen::lower_br_if;
    case Format::BrTable: return &CodeGen::lower_br_table;
    case Format::Return: return &CodeGen::lower_return;
    case Format::Unreachable: return &CodeGen::lower_unreachable;
    default: return &CodeGen::lower_unsupported;
  }
}

// {kind} lets the loop in lower_block skip or inline the two most frequent cases with one
// byte compare instead of comparing member pointers.
enum : uint8_t { kKindNothing, kKindLocalGet, kKindHandler };
struct HandlerTable {
  CodeGen::Handler h[kOpcodeCount];
  uint8_t kind[kOpcodeCount];
  HandlerTable() {
    for (uint32_t k = 0; k < kOpcodeCount; ++k) {
      h[k] = handler_for(static_cast<Opcode>(k));
      kind[k] = h[k] == &CodeGen::lower_nothing ? kKindNothing
                : static_cast<Opcode>(k) == Opcode::kLocalGet ? kKindLocalGet
                                                              : kKindHandler;
    }
  }
};

}  // namespace

// The loop runs once per IR instruction. Constants (a seventh of a debug build's
// instructions) emit nothing and local.get of a cached local (most of a fifth) only
// records an alias, so both are handled here without the call through the table; the
// source location is looked up only where a trap or call site records it (srcloc()).
void CodeGen::lower_block(Block b) {
  static const HandlerTable table;
  ir::FunctionBody::InstRange range = body_->block_insts(b);
  const InstData* insts = &body_->inst(Inst(range.first)) - range.first;
  for (uint32_t k = range.first; k < range.last; ++k) {
    const InstData& d = insts[k];
    if (debug_) debug_->inst_offsets[k] = a_->pos();
    uint8_t kind = table.kind[static_cast<uint32_t>(d.op)];
    if (kind == kKindNothing) continue;
    ra_.set_pos(k);
    cur_inst_ = k;
    if (kind == kKindLocalGet) ra_.local_get(Value(k), Local(d.a));
    else (this->*table.h[static_cast<uint32_t>(d.op)])(Inst(k), d);
    ra_.end_inst();
    if (failed_) return;
  }
}

}  // namespace wasmrust::x64
