// Lowering of locals, select and control flow: jumps and conditional branches with block
// arguments (one parallel move per edge into the target's parameter homes; cycles broken
// through a scratch register), br_table through a jump table of 32-bit offsets (edge stubs
// for targets whose arguments must move), and return (one result in rax/xmm0, several
// through the caller's results area).
//
// Before leaving a block for a target that starts with a fresh register state, every live
// value is stored to its slot and every dirty local written back (stores only: the flags of
// a fused compare survive them, and so does the register state when the branch falls
// through into a block that keeps it).
#include "emit/x64/codegen.h"

namespace wasmrust::x64 {

void CodeGen::lower_local_get(Inst i, const InstData& d) { ra_.local_get(Value::of_inst(i), Local(d.a)); }
void CodeGen::lower_local_set(Inst, const InstData& d) { ra_.local_set(Local(d.b), Value(d.a)); }
void CodeGen::lower_local_tee(Inst i, const InstData& d) { ra_.local_tee(Value::of_inst(i), Local(d.b), Value(d.a)); }

void CodeGen::lower_select(Inst i, const InstData& d) {
  Asm& as = *a_;
  Value v1(d.a), v2(d.b), cond(d.c);
  bool fused = flags_live_ && pending_cc_value_ == cond;
  Reg rc = fused ? ra::kNoReg : ra_.use(cond);
  Reg r2 = ra_.use(v2);
  ra_.use(v1);
  Reg dst = ra_.reuse_or_copy(v1);
  Cond cc = kNotEqual;
  if (fused) {
    cc = pending_cc_;
  } else {
    as.test_rr(rc, rc, false);
  }
  Type t = d.type;
  if (ra::class_of(t) == RegClass::kGp) {
    as.cmovcc(negate(cc), dst, r2, t != Type::kI32);
  } else {
    uint32_t skip = as.jcc_short(cc);
    as.sse_rr(SseOp::kMovaps, dst, r2);
    as.bind_short(skip);
  }
  flags_live_ = false;
  pending_cc_value_ = Value();
  ra_.release(v1);
  ra_.release(v2);
  ra_.release(cond);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::capture(ir::ValueList vals, std::vector<Loc>* out) {
  out->clear();
  for (Value v : vals) out->push_back(ra_.loc(v));
}

bool CodeGen::edge_needs_moves(Block target, const Loc* srcs, uint32_t n) {
  if (n == 0) return false;
  ra_.param_homes(target, &homes_);
  for (uint32_t k = 0; k < n; ++k)
    if (!homes_[k].same_place(srcs[k])) return true;
  return false;
}

void CodeGen::edge_moves(Block target, const Loc* srcs, uint32_t n) {
  if (n == 0) return;
  ra_.param_homes(target, &homes_);
  pm_.clear();
  for (uint32_t k = 0; k < n && k < homes_.size(); ++k) {
    if (srcs[k].kind == Loc::kNone) continue;
    pm_.add(homes_[k], srcs[k]);
  }
  pm_.emit(*this);
}

// The next block keeps this register state: its parameters simply take over the
// arguments' registers (or constants).
void CodeGen::alias_into_params(Block target, ir::ValueList args) {
  for (uint32_t k = 0; k < args.size(); ++k) {
    Value p = body_->block_param(target, k);
    uint64_t bits;
    if (ra_.reg_of(args[k]) == ra::kNoReg && ra_.const_bits(args[k], &bits)) ra_.define_const_alias(p, args[k]);
    else ra_.define(p, ra_.use(args[k]));
  }
  for (Value v : args) ra_.release(v);
}

void CodeGen::lower_jump(Inst i, const InstData& d) {
  Block target(d.a);
  ir::ValueList args{body_->extra(d.b), d.c};
  if (target == next_block_ && next_kept_) {
    alias_into_params(target, args);
    ra_.note_edges(i);
    return;
  }
  capture(args, &locs_a_);
  for (Value v : args) ra_.release(v);
  ra_.spill_live();
  ra_.writeback_locals();
  edge_moves(target, locs_a_.data(), args.size());
  ra_.note_edges(i);
  if (target != next_block_) jump_to_block(target);
}

void CodeGen::lower_br_if(Inst i, const InstData& d) {
  Asm& as = *a_;
  Value cond(d.a);
  const uint32_t* r = body_->extra(d.b);
  Block then_b(r[0]);
  ir::ValueList then_args{r + 2, r[1]};
  const uint32_t* e = r + 2 + r[1];
  Block else_b(e[0]);
  ir::ValueList else_args{e + 2, e[1]};
  bool fused = flags_live_ && pending_cc_value_ == cond;
  Cond cc = fused ? pending_cc_ : kNotEqual;
  Reg rc = fused ? ra::kNoReg : ra_.use(cond);
  // Which edge (if any) falls through into a block that keeps the register state.
  bool keep_else = else_b == next_block_ && next_kept_ && then_b != else_b;
  bool keep_then = !keep_else && then_b == next_block_ && next_kept_ && then_b != else_b;
  if (keep_then) {
    std::swap(then_b, else_b);
    std::swap(then_args, else_args);
    cc = negate(cc);
  }
  bool kept = keep_else || keep_then;
  capture(then_args, &locs_a_);
  capture(else_args, &locs_b_);
  ra_.release(cond);
  for (Value v : then_args) ra_.release(v);
  if (!kept)
    for (Value v : else_args) ra_.release(v);
  ra_.spill_live();
  ra_.writeback_locals();
  if (!fused) as.test_rr(rc, rc, false);
  flags_live_ = false;
  pending_cc_value_ = Value();
  // The "then" edge (taken when cc holds).
  if (edge_needs_moves(then_b, locs_a_.data(), then_args.size())) {
    uint32_t skip = as.jcc_fwd(negate(cc));
    edge_moves(then_b, locs_a_.data(), then_args.size());
    jump_to_block(then_b);
    as.patch_rel32(skip, as.pos());
  } else {
    jcc_to_block(cc, then_b);
  }
  // The "else" edge: falls through with the state kept, or moves and jumps.
  if (kept) {
    alias_into_params(else_b, else_args);
  } else {
    edge_moves(else_b, locs_b_.data(), else_args.size());
    if (else_b != next_block_) jump_to_block(else_b);
  }
  ra_.note_edges(i);
}

// br_table: bounds check to the default edge, then an indirect jump through a table of
// offsets relative to the table. Targets whose arguments must move get one stub each.
void CodeGen::lower_br_table(Inst i, const InstData& d) {
  Asm& as = *a_;
  Value index(d.a);
  const uint32_t* r = body_->extra(d.b);
  uint32_t n = r[0];
  ir::ValueList args{r + 2, r[1]};
  const uint32_t* targets = r + 2 + r[1];
  capture(args, &locs_a_);
  Reg ri = ra_.use(index);
  ra_.release(index);
  for (Value v : args) ra_.release(v);
  ra_.spill_live();
  ra_.writeback_locals();
  as.alu_ri(AluOp::kCmp, ri, static_cast<int32_t>(n), false);
  uint32_t to_default = as.jcc_fwd(kAboveEqual);
  // lea r11, [rip + table]
  as.db(0x4C);
  as.db(0x8D);
  as.db(0x1D);
  uint32_t lea_at = as.pos();
  as.dd(0);
  as.movsxd(as.r10, as.dword[as.r11 + Asm::r64(ri) * 4]);
  as.add(as.r11, as.r10);
  as.jmp(as.r11);
  uint32_t table = as.pos();
  as.patch_u32(lea_at, table - (lea_at + 4));
  for (uint32_t k = 0; k < n; ++k) as.dd(0);
  if (debug_) debug_->data.push_back({table, as.pos()});
  // Stubs (one per distinct target that needs moves), then patch the entries.
  for (uint32_t k = 0; k <= n; ++k) {
    Block t(targets[k]);
    uint32_t dest_stub = ~uint32_t{0};
    if (edge_needs_moves(t, locs_a_.data(), args.size())) {
      if (stub_of_block_[t.index] == ~uint32_t{0}) {
        stub_of_block_[t.index] = as.pos();
        edge_moves(t, locs_a_.data(), args.size());
        jump_to_block(t);
      }
      dest_stub = stub_of_block_[t.index];
    }
    if (k == n) {
      if (dest_stub != ~uint32_t{0}) as.patch_rel32(to_default, dest_stub);
      else fixups_.push_back({to_default, t.index});
    } else if (dest_stub != ~uint32_t{0}) {
      table_entries_.push_back({table + 4 * k, table, dest_stub, true});
    } else {
      table_entries_.push_back({table + 4 * k, table, t.index, false});
    }
  }
  for (uint32_t k = 0; k <= n; ++k) stub_of_block_[targets[k]] = ~uint32_t{0};
  ra_.note_edges(i);
}

void CodeGen::lower_return(Inst i, const InstData& d) {
  (void)d;
  Asm& as = *a_;
  ir::ValueList vals = body_->return_values(i);
  if (vals.size() == 1) {
    Loc src = ra_.loc(vals[0]);
    Reg dst = ra::class_of(src.type) == RegClass::kFp ? xmm_reg(0) : kRax;
    if (src.kind != Loc::kNone) emit_move(Loc::in_reg(dst, src.type), src);
  } else if (vals.size() > 1) {
    as.load(kR11, slot_mem(-48), 8);
    for (uint32_t k = 0; k < vals.size(); ++k) store_loc(kR11, static_cast<int32_t>(16 * k), ra_.loc(vals[k]));
  }
  for (Value v : vals) ra_.release(v);
  epilogue();
}

}  // namespace wasmrust::x64
