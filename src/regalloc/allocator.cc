// The single-pass register allocator (see allocator.h for the design and its guarantees).
#include "regalloc/allocator.h"

#include <bit>
#include <cstddef>
#include <cstring>

namespace wasmrust::ra {

using ir::FunctionBody;

void Allocator::start_function(const FunctionBody& body, const TargetRegs& target, MoveEmitter* em,
                               FrameSlots* frame, const int32_t* local_offsets, EvictPolicy policy) {
  body_ = &body;
  target_ = target;
  em_ = em;
  frame_ = frame;
  local_offsets_ = local_offsets;
  local_types_ = body.local_types().data();
  policy_ = policy;
  // Per class: its allocatable registers and the preference groups that have any, so
  // alloc() tries no group of the other class.
  for (int k = 0; k < 2; ++k) {
    ClassRegs& cr = class_regs_[k];
    cr.all = target.allocatable & (k == 0 ? RegSet(0xFFFF) : RegSet(0xFFFF0000u));
    int n = 0;
    for (int j = 0; j < kMaxGroups && !target.prefer[j].empty(); ++j)
      if (!(target.prefer[j] & cr.all).empty()) cr.prefer[n++] = target.prefer[j] & cr.all;
    cr.prefer[n] = RegSet();
  }
  num_insts_ = body.num_insts();
  pos_ = 0;
  pinned_ = RegSet();
  used_ = RegSet();
  failed_ = false;
  values_.resize(num_insts_ + body.num_aux());
  // One tight pass (the per-value loop was 6% of the backend's instructions):
  // raw pointers, no per-value branch, the constant flag from a table.
  static const ConstTable kConstOps;
  // Each VState is written as two 64-bit words (field by field, the compiler emits six
  // stores and reloads the bound after each byte store, which may alias anything).
  static_assert(std::endian::native == std::endian::little);
  static_assert(sizeof(VState) == 16 && offsetof(VState, reg) == 0 && offsetof(VState, flags) == 1 &&
                offsetof(VState, slot) == 4 && offsetof(VState, uses) == 8 && offsetof(VState, next) == 12);
  auto* vals = reinterpret_cast<unsigned char*>(values_.data());
  const ir::InstData* insts = num_insts_ ? &body.inst(Inst(0)) : nullptr;
  const uint32_t* uses = num_insts_ ? body.inst_uses() : nullptr;
  const uint32_t n = num_insts_;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t lo = kNoReg | uint64_t{kConstOps.flag[static_cast<uint32_t>(insts[i].op)]} << 8;
    uint64_t hi = uses[i] | uint64_t{kNone} << 32;
    std::memcpy(vals + 16 * size_t{i}, &lo, 8);
    std::memcpy(vals + 16 * size_t{i} + 8, &hi, 8);
  }
  for (uint32_t i = 0; i < body.num_aux(); ++i) {
    values_[num_insts_ + i] = VState();
    values_[num_insts_ + i].uses = body.value_uses(Value::aux(i));
  }
  locals_.assign(body.num_locals(), LState());
  blocks_.assign(body.num_blocks(), BState());
  for (RState& r : regs_) r = RState();
  loops_.clear();
  deferred_.clear();
  dead_slots_.clear();
  if (policy == EvictPolicy::kFurthestEnd) {
    // The linear-scan alternative: one more pass over every operand for interval ends.
    last_use_.assign(values_.size(), 0);
    for (uint32_t i = 0; i < num_insts_; ++i)
      body.for_each_operand(Inst(i), [&](Value v) { last_use_[vid(v)] = i; });
  }
}

// ---- small helpers ----

Allocator::ConstTable::ConstTable() {
  for (Opcode op : {Opcode::kI32Const, Opcode::kI64Const, Opcode::kF32Const, Opcode::kF64Const, Opcode::kRefNull})
    flag[static_cast<uint32_t>(op)] = kIsConst;
}

uint32_t Allocator::def_pos(Value v) const {
  if (!v.is_aux()) return v.index;
  const ir::AuxValue& a = body_->aux(v);
  if (a.kind == ir::AuxKind::kResult) return a.def;
  return body_->block(Block(a.def)).first_inst;
}

bool Allocator::const_bits_slow(Value v, uint64_t* bits) const {
  const VState& s = vs(v);
  if (s.flags & kConstAlias) v = Value(static_cast<uint32_t>(s.slot));
  if (!is_const_inst(v)) return false;
  const ir::InstData& d = body_->inst(v.inst());
  switch (d.op) {
    case Opcode::kI32Const: case Opcode::kF32Const: *bits = d.a; break;
    case Opcode::kI64Const: case Opcode::kF64Const: *bits = d.a | (uint64_t(d.b) << 32); break;
    default: *bits = 0; break;
  }
  return true;
}

Loc Allocator::loc(Value v) const {
  const VState& s = vs(v);
  Type t = type_of(v);
  if (s.reg != kNoReg) return Loc::in_reg(s.reg, t);
  uint64_t bits;
  if (const_bits(v, &bits)) return Loc::constant(bits, t);
  if (s.flags & kSlotValid) return Loc::in_slot(s.slot, t);
  return Loc();
}

void Allocator::add_local(Reg r, uint32_t l) {
  locals_[l].reg = r;
  locals_[l].next = regs_[r].locals;
  regs_[r].locals = l;
  ++regs_[r].refs;
  regs_[r].stamp = pos_;
  used_.add(r);
}

void Allocator::remove_local(Reg r, uint32_t l) {
  uint32_t* link = &regs_[r].locals;
  while (*link != kNone && *link != l) link = &locals_[*link].next;
  if (*link == kNone) return;
  *link = locals_[l].next;
  locals_[l].next = kNone;
  locals_[l].reg = kNoReg;
  locals_[l].dirty = false;
  if (--regs_[r].refs == 0) used_.remove(r);
}

void Allocator::uncache_local(uint32_t l) {
  if (locals_[l].reg != kNoReg) remove_local(locals_[l].reg, l);
}

// ---- spilling and eviction ----

void Allocator::spill_value(uint32_t id) {
  VState& s = values_[id];
  if (s.uses == 0 || (s.flags & (kSlotValid | kConstAlias))) return;
  Value v = id < num_insts_ ? Value(id) : Value::aux(id - num_insts_);
  if (is_const_inst(v)) return;
  Type t = type_of(v);
  uint8_t size = type_size(t) > 8 ? 16 : 8;
  s.slot = frame_->alloc(size);
  s.slot_size = size;
  s.flags |= kSlotValid | kOwnsSlot;
  em_->emit_store(s.slot, s.reg, t);
}

void Allocator::evict_reg(Reg r) {
  RState& rs = regs_[r];
  for (uint32_t id = rs.values; id != kNone;) {
    spill_value(id);
    uint32_t next = values_[id].next;
    values_[id].reg = kNoReg;
    values_[id].next = kNone;
    id = next;
  }
  for (uint32_t l = rs.locals; l != kNone;) {
    if (locals_[l].dirty) em_->emit_store(local_offsets_[l], r, local_types_[l]);
    uint32_t next = locals_[l].next;
    locals_[l] = LState();
    l = next;
  }
  rs.values = rs.locals = kNone;
  rs.refs = 0;
  used_.remove(r);
}

uint32_t Allocator::furthest_end(Reg r) const {
  uint32_t end = 0;
  for (uint32_t id = regs_[r].values; id != kNone; id = values_[id].next)
    if (last_use_[id] > end) end = last_use_[id];
  // A register holding only cached locals is cheap to give up: rank it last-used-furthest.
  return regs_[r].values == kNone ? ~uint32_t{0} : end;
}

Reg Allocator::pick_victim(RegSet candidates) const {
  Reg best = kNoReg;
  uint64_t best_key = 0;
  for (RegSet s = candidates; !s.empty(); s.remove(s.first())) {
    Reg r = s.first();
    uint64_t key = policy_ == EvictPolicy::kFurthestEnd ? furthest_end(r) : ~uint64_t{0} - regs_[r].stamp;
    if (best == kNoReg || key > best_key) {
      best = r;
      best_key = key;
    }
  }
  return best;
}

Reg Allocator::alloc(RegClass c) {
  const ClassRegs& cr = class_regs_[static_cast<int>(c)];
  RegSet free = cr.all - used_ - pinned_;
  if (!free.empty()) {
    for (const RegSet* g = cr.prefer; !g->empty(); ++g) {
      RegSet cand = free & *g;
      if (cand.empty()) continue;
      Reg r = cand.first();
      pinned_.add(r);
      regs_[r].stamp = pos_;
      return r;
    }
  }
  RegSet mask = cr.all;
  Reg victim = pick_victim(mask - pinned_);
  if (victim == kNoReg) {
    failed_ = true;  // every register of the class pinned by one instruction: a lowering bug
    return (target_.allocatable & mask).first();
  }
  evict_reg(victim);
  pinned_.add(victim);
  regs_[victim].stamp = pos_;
  return victim;
}

Reg Allocator::alloc_at(Reg r) {
  if (regs_[r].refs != 0) evict_reg(r);
  pinned_.add(r);
  return r;
}

void Allocator::evict(RegSet regs) {
  for (RegSet s = regs & used_; !s.empty(); s.remove(s.first())) {
    Reg r = s.first();
    if (regs_[r].refs != 0) evict_reg(r);
  }
}

// Before a call: what lives in a clobbered register moves, holders and all, to a free
// register the call preserves (one register move instead of a store now and a load later);
// only when none is free is it spilled.
void Allocator::evict_for_call(RegSet clobbered) {
  RegSet safe = target_.allocatable - target_.caller_saved;
  for (RegSet s = clobbered & used_; !s.empty(); s.remove(s.first())) {
    Reg r = s.first();
    if (regs_[r].refs == 0) continue;
    Reg to = kNoReg;
    for (RegSet c = safe; !c.empty(); c.remove(c.first())) {
      Reg x = c.first();
      if (reg_class(x) == reg_class(r) && regs_[x].refs == 0 && !pinned_.has(x)) {
        to = x;
        break;
      }
    }
    if (to == kNoReg) {
      evict_reg(r);
      continue;
    }
    em_->emit_move(Loc::in_reg(to, Type::kI64), Loc::in_reg(r, Type::kI64));
    regs_[to] = regs_[r];
    regs_[r] = RState();
    used_.remove(r);
    used_.add(to);
    for (uint32_t id = regs_[to].values; id != kNone; id = values_[id].next) values_[id].reg = to;
    for (uint32_t l = regs_[to].locals; l != kNone; l = locals_[l].next) locals_[l].reg = to;
  }
}

RegSet Allocator::used_regs() const { return used_; }

void Allocator::spill_live() {
  for (RegSet s = used_; !s.empty(); s.remove(s.first())) {
    for (uint32_t id = regs_[s.first()].values; id != kNone; id = values_[id].next) spill_value(id);
  }
}

void Allocator::writeback_locals() {
  for (RegSet s = used_; !s.empty(); s.remove(s.first())) {
    Reg r = s.first();
    for (uint32_t l = regs_[r].locals; l != kNone; l = locals_[l].next) {
      if (!locals_[l].dirty) continue;
      em_->emit_store(local_offsets_[l], r, local_types_[l]);
      locals_[l].dirty = false;
    }
  }
}

// ---- the instruction protocol ----

Reg Allocator::use_slow(Value v) {
  VState& s = vs(v);
  Loc src = loc(v);
  Reg r = alloc(class_of(type_of(v)));
  if (src.kind == Loc::kNone) {
    failed_ = true;
    return r;
  }
  em_->emit_move(Loc::in_reg(r, src.type), src);
  if (s.uses > 0) add_value(r, vid(v));
  return r;
}

Reg Allocator::copy_to(Reg r, Value v) {
  if (vs(v).reg == r) {
    // {r} already holds the bits; make sure nothing else (nor {v} itself, if still
    // needed) depends on {r} staying intact.
    if (!can_clobber(v)) evict_reg(r);
    pinned_.add(r);
    return r;
  }
  Loc src = loc(v);
  alloc_at(r);
  if (src.kind == Loc::kNone) failed_ = true;
  else em_->emit_move(Loc::in_reg(r, src.type), src);
  return r;
}

Reg Allocator::reuse_or_copy(Value v) {
  Reg src = use(v);
  if (can_clobber(v)) return src;
  Reg r = alloc(reg_class(src));
  em_->emit_move(Loc::in_reg(r, type_of(v)), Loc::in_reg(src, type_of(v)));
  return r;
}

void Allocator::release_last(Value v) {
  VState& s = vs(v);
  if (s.uses == 0) {
    failed_ = true;  // more uses than the body counted
    return;
  }
  s.uses = 0;
  if (s.reg != kNoReg) remove_value(s.reg, vid(v));
  if (s.flags & kOwnsSlot) dead_slots_.push_back({s.slot, s.slot_size, def_pos(v)});
  s.flags &= kIsConst;
}

void Allocator::define_slot(Value v, int32_t slot, uint32_t size) {
  VState& s = vs(v);
  if (s.uses == 0) {
    dead_slots_.push_back({slot, static_cast<uint8_t>(size), def_pos(v)});
    return;
  }
  s.slot = slot;
  s.slot_size = static_cast<uint8_t>(size);
  s.flags = (s.flags & kIsConst) | kSlotValid | kOwnsSlot;
}

void Allocator::define_const_alias(Value v, Value c) {
  VState& s = vs(v);
  const VState& cs = vs(c);
  s.flags = kConstAlias;
  s.slot = (cs.flags & kConstAlias) ? cs.slot : static_cast<int32_t>(c.index);
}

void Allocator::free_dead_slots() {
  for (const DeadSlot& d : dead_slots_) free_slot(d.slot, d.size, d.def_pos);
  dead_slots_.clear();
}

// A slot may be handed out again unless an open loop, entered at or after the value's
// definition, can still branch back to a point where the value is read (or, for a loop
// header's parameters, where the back edge writes the slot).
void Allocator::free_slot(int32_t slot, uint8_t size, uint32_t def_pos) {
  if (!loops_.empty() && loops_.back().header_pos >= def_pos) {
    deferred_.push_back({slot, size, def_pos, loops_.back().deferred});
    loops_.back().deferred = static_cast<uint32_t>(deferred_.size() - 1);
    return;
  }
  frame_->free(slot, size);
}

void Allocator::close_loop(size_t index) {
  uint32_t head = loops_[index].deferred;
  loops_.erase(loops_.begin() + static_cast<ptrdiff_t>(index));
  for (uint32_t d = head; d != kNone; d = deferred_[d].next)
    free_slot(deferred_[d].slot, deferred_[d].size, deferred_[d].def_pos);
}

// ---- locals ----

void Allocator::local_get_slow(Value result, Local l) {
  if (vs(result).uses == 0) return;
  Type t = local_types_[l.index];
  Reg r = alloc(class_of(t));
  em_->emit_load(r, local_offsets_[l.index], t);
  add_local(r, l.index);
  define(result, r);
}

void Allocator::local_set(Local l, Value v) {
  uncache_local(l.index);
  uint64_t bits;
  if (vs(v).reg == kNoReg && const_bits(v, &bits)) {
    em_->emit_move(local_loc(l.index), Loc::constant(bits, local_types_[l.index]));
  } else {
    Reg r = use(v);
    add_local(r, l.index);
    locals_[l.index].dirty = true;
  }
  release(v);
}

void Allocator::local_tee(Value result, Local l, Value v) {
  uncache_local(l.index);
  uint64_t bits;
  if (vs(v).reg == kNoReg && const_bits(v, &bits)) {
    em_->emit_move(local_loc(l.index), Loc::constant(bits, local_types_[l.index]));
    define_const_alias(result, v);
  } else {
    Reg r = use(v);
    add_local(r, l.index);
    locals_[l.index].dirty = true;
    define(result, r);
  }
  release(v);
}

void Allocator::bind_local(Local l, Reg r) {
  add_local(r, l.index);
  locals_[l.index].dirty = true;
}

// ---- blocks ----

bool Allocator::keeps_state(Block b, Block prev) const {
  if (!prev.valid() || body_->block(b).num_preds != 1) return false;
  Inst term = body_->terminator(prev);
  if (!term.valid()) return false;
  Opcode op = body_->inst(term).op;
  if (op != Opcode::kJump && op != Opcode::kBrIf) return false;
  bool targets = false;
  body_->for_each_successor(term, [&](const ir::BlockCall& bc) { targets |= bc.block == b; });
  return targets;
}

void Allocator::param_homes(Block b, std::vector<Loc>* out) {
  const ir::BlockData& d = body_->block(b);
  out->clear();
  uint32_t gp = 0, fp = 0, overflow = 0;
  for (uint32_t i = 0; i < d.num_params; ++i) {
    Type t = body_->value_type(body_->block_param(b, i));
    uint32_t& k = class_of(t) == RegClass::kGp ? gp : fp;
    const Reg* homes = class_of(t) == RegClass::kGp ? target_.param_gp : target_.param_fp;
    Reg r = k < 8 ? homes[k] : kNoReg;
    ++k;
    if (r != kNoReg) {
      out->push_back(Loc::in_reg(r, t));
    } else {
      out->push_back(Loc::in_slot(static_cast<int32_t>(16 * overflow), t));  // relative for now
      ++overflow;
    }
  }
  if (overflow == 0) return;
  BState& bs = blocks_[b.index];
  if (bs.home_slots == 0) bs.home_slots = frame_->alloc_area(16 * overflow);
  for (Loc& l : *out)
    if (l.kind == Loc::kSlot) l.slot += bs.home_slots;
}

void Allocator::start_block(Block b, bool kept) {
  BState& bs = blocks_[b.index];
  bs.started = true;
  const ir::BlockData& d = body_->block(b);
  pos_ = d.first_inst;
  if (kept) return;
  for (RegSet s = used_; !s.empty(); s.remove(s.first())) {
    Reg r = s.first();
    for (uint32_t id = regs_[r].values; id != kNone;) {
      uint32_t next = values_[id].next;
      values_[id].reg = kNoReg;
      values_[id].next = kNone;
      id = next;
    }
    for (uint32_t l = regs_[r].locals; l != kNone;) {
      uint32_t next = locals_[l].next;
      locals_[l] = LState();
      l = next;
    }
    regs_[r] = RState();
  }
  used_ = RegSet();
  if (d.num_preds > bs.preds_seen) loops_.push_back({b, d.first_inst, uint32_t(d.num_preds - bs.preds_seen), kNone});
  if (d.num_params == 0) return;
  param_homes(b, &homes_);
  for (uint32_t i = 0; i < d.num_params; ++i) {
    Value p = body_->block_param(b, i);
    if (homes_[i].kind == Loc::kReg) define(p, homes_[i].reg);
    else define_slot(p, homes_[i].slot, 16);
  }
  end_inst();
}

void Allocator::note_edges(Inst term) {
  body_->for_each_successor(term, [&](const ir::BlockCall& bc) {
    BState& bs = blocks_[bc.block.index];
    if (!bs.started) {
      if (bs.preds_seen != 0xFFFF) ++bs.preds_seen;
      return;
    }
    for (size_t i = loops_.size(); i-- > 0;) {
      if (loops_[i].header != bc.block) continue;
      if (--loops_[i].pending == 0) close_loop(i);
      break;
    }
  });
}

}  // namespace wasmrust::ra
