// The single-pass register allocator: where every SSA value and every cached local is,
// instruction by instruction, in one forward walk over the blocks in layout order.
//
// Depends on: wasmir/function.h (use counts, block predecessor counts), regs.h, frame.h,
// parallel_move.h (Loc, MoveEmitter: the target emits the spills, reloads and copies).
//
// Why this design (measured; BENCHMARKS.md "Tier-1 code generator" has the figures): a
// value-stack cache in the style of Liftoff and Winch needs no liveness, and WasmIR already
// carries exact use counts from building, so values are freed at their last use for free.
// Linear scan would also pick spill victims by where their intervals end, which needs a
// pre-pass over every operand; measured on a multi-megabyte module and on kernels with more
// live values than registers, that pass cost 17-19% of compile time while the code ran no
// faster (differences within +-5% noise): baseline code rarely spills. So victims are the
// least recently used registers (EvictPolicy::kLeastRecent); kFurthestEnd keeps the
// alternative alive so the measurement can be repeated (bench/bench_tier1*.cc).
//
// Guarantees:
//  - Work per instruction is O(operands + registers); per block boundary O(registers +
//    values held in registers): never proportional to the number of locals or values.
//  - Constants are never spilled (they are rematerialized); values stay in registers
//    through straight-line code and are stored to their frame slot at most once (SSA values
//    never change, so a stored copy stays valid).
//  - Locals are cached in registers (several values and locals may share a register:
//    registers are reference counted, and a shared register is never clobbered in place);
//    dirty cached locals are written back at block ends and before calls that clobber them.
//  - A block whose only predecessor is the block before it in the layout keeps the register
//    state; every other block starts with locals and live values in memory and its
//    parameters in their homes (fixed registers by class and position, then frame slots).
//  - Frame slots of values that die are reused, except while a loop that may still branch
//    back over the value's definition is open (its back edges not all seen yet).
#pragma once

#include <cstdint>
#include <vector>

#include "regalloc/frame.h"
#include "regalloc/parallel_move.h"
#include "regalloc/regs.h"
#include "wasmir/function.h"

namespace wasmrust::ra {

enum class EvictPolicy : uint8_t {
  kLeastRecent,  ///< evict the least recently used register (no pre-pass)
  kFurthestEnd,  ///< linear-scan heuristic: evict the value whose last use is furthest
};

class Allocator {
 public:
  /// Begin a function. {local_offsets} gives each local's frame slot (kept by the caller
  /// for the whole function).
  void start_function(const ir::FunctionBody& body, const TargetRegs& target, MoveEmitter* em,
                      FrameSlots* frame, const int32_t* local_offsets, EvictPolicy policy);

  // ---- blocks ----
  /// True if {b}, next in layout, may keep the register state of the block before it.
  bool keeps_state(Block b, Block prev) const;
  /// Begin block {b} at instruction position {pos}: with {kept}, the registers stay as they
  /// are (parameters were aliased by the branch); otherwise every register is forgotten and
  /// the parameters are defined in their homes.
  void start_block(Block b, bool kept);
  /// The homes of {b}'s parameters (allocating overflow slots on first need).
  void param_homes(Block b, std::vector<Loc>* out);
  /// Account for the edges of terminator {term} (loop detection); call after its moves.
  void note_edges(Inst term);

  // ---- values ----
  uint32_t uses(Value v) const { return vs(v).uses; }
  /// The constant bits of {v} if it is a constant (or aliases one).
  bool const_bits(Value v, uint64_t* bits) const {
    return (vs(v).flags & (kIsConst | kConstAlias)) != 0 && const_bits_slow(v, bits);
  }
  Reg reg_of(Value v) const { return vs(v).reg; }
  /// Where {v} is now: its register if any, else its slot or constant.
  Loc loc(Value v) const;

  // ---- one instruction: use operands, allocate, emit, release, define, end_inst ----
  /// {v} in a register of its class (loaded or materialized if needed); pinned.
  Reg use(Value v) {
    VState& s = vs(v);
    if (s.reg == kNoReg) return use_slow(v);
    pinned_.add(s.reg);
    regs_[s.reg].stamp = pos_;
    return s.reg;
  }
  /// A free register of class {c} (evicting if needed); pinned.
  Reg alloc(RegClass c);
  /// Make {r} free (evicting its holders); pinned.
  Reg alloc_at(Reg r);
  /// Copy {v} into the fixed register {r}, which becomes a pinned temporary.
  Reg copy_to(Reg r, Value v);
  /// A register for a result computed from {v} in place: {v}'s register if this is its last
  /// use and nothing else holds the register, else a new register holding a copy of {v}.
  Reg reuse_or_copy(Value v);
  /// True if {v} sits in a register that this instruction may overwrite.
  bool can_clobber(Value v) const {
    const VState& s = vs(v);
    return s.reg != kNoReg && s.uses == 1 && regs_[s.reg].refs == 1;
  }
  void pin(Reg r) { pinned_.add(r); }
  /// One use of {v} is consumed.
  void release(Value v) {
    uint32_t id = vid(v);
    VState& s = values_[id];
    if (s.uses > 1) {
      --s.uses;
      return;
    }
    // The last use, in the common shapes inline (about 2 million calls on the benchmark
    // module; the out-of-line call with its register saves cost more than the work):
    // a value without a slot of its own, held in no register or at the head of its
    // register's list (values die in the reverse order of their definition, mostly).
    if (s.uses == 1 && !(s.flags & kOwnsSlot) && (s.reg == kNoReg || regs_[s.reg].values == id)) {
      if (s.reg != kNoReg) {
        RState& rs = regs_[s.reg];
        rs.values = s.next;
        if (--rs.refs == 0) used_.remove(s.reg);
        s.next = kNone;
        s.reg = kNoReg;
      }
      s.uses = 0;
      s.flags &= kIsConst;
      return;
    }
    release_last(v);
  }
  /// {v} now lives in {r}.
  void define(Value v, Reg r) {
    regs_[r].stamp = pos_;
    if (vs(v).uses != 0) add_value(r, vid(v));
  }
  /// {v} now lives in the frame slot {slot} of {size} bytes, which it owns.
  void define_slot(Value v, int32_t slot, uint32_t size);
  /// {v} is the same constant as {c}.
  void define_const_alias(Value v, Value c);
  /// The instruction is done: unpin registers, free the slots of values that died.
  void end_inst() {
    pinned_ = RegSet();
    if (!dead_slots_.empty()) free_dead_slots();
  }

  // ---- locals ----
  void local_get(Value result, Local l) {
    Reg r = locals_[l.index].reg;
    if (r == kNoReg) return local_get_slow(result, l);
    pinned_.add(r);
    define(result, r);
  }
  void local_set(Local l, Value v);
  void local_tee(Value result, Local l, Value v);
  /// {l} is in {r} and its slot is stale (parameters arriving in registers).
  void bind_local(Local l, Reg r);

  // ---- boundaries ----
  /// Store every value that is still needed and held only in a register.
  void spill_live();
  /// Store every dirty cached local (they stay cached, now clean).
  void writeback_locals();
  /// Empty {regs}: spill their live values, write back their dirty locals.
  void evict(RegSet regs);
  /// Empty the registers a call clobbers ({clobbered}): their holders move to free
  /// call-preserved registers where possible, else are spilled / written back.
  void evict_for_call(RegSet clobbered);
  /// Values/locals held in registers (for a caller that must save them).
  RegSet used_regs() const;

  /// An IR value was used with no location (invalid IR slipped past the verifier).
  bool failed() const { return failed_; }

 private:
  static constexpr uint32_t kNone = ~uint32_t{0};
  enum : uint8_t { kSlotValid = 1, kConstAlias = 2, kOwnsSlot = 4, kIsConst = 8 };
  struct VState {
    Reg reg = kNoReg;
    uint8_t flags = 0;
    uint8_t slot_size = 0;
    uint8_t pad = 0;
    int32_t slot = 0;   // frame offset, or the aliased constant's inst index (kConstAlias)
    uint32_t uses = 0;
    uint32_t next = kNone;  // next value in the same register
  };
  struct LState {
    Reg reg = kNoReg;
    bool dirty = false;
    uint32_t next = kNone;  // next local in the same register
  };
  struct RState {
    uint32_t values = kNone, locals = kNone;
    uint16_t refs = 0;
    uint32_t stamp = 0;
  };
  struct BState {
    uint16_t preds_seen = 0;
    bool started = false;
    int32_t home_slots = 0;  // overflow parameter area, 0 = none yet
  };
  struct OpenLoop {
    Block header;
    uint32_t header_pos;
    uint32_t pending;
    uint32_t deferred;  // head of a list in deferred_
  };
  struct Deferred {
    int32_t slot;
    uint8_t size;
    uint32_t def_pos;
    uint32_t next;
  };
  static constexpr int kMaxGroups = sizeof(TargetRegs::prefer) / sizeof(RegSet);
  struct ClassRegs {
    RegSet all;                       // allocatable registers of the class
    RegSet prefer[kMaxGroups + 1];    // non-empty groups within {all}, then an empty set
  };
  struct ConstTable {  // kIsConst per opcode
    uint8_t flag[kOpcodeCount] = {};
    ConstTable();
  };
  struct DeadSlot {
    int32_t slot;
    uint8_t size;
    uint32_t def_pos;
  };

  uint32_t vid(Value v) const { return v.is_aux() ? num_insts_ + v.aux_index() : v.index; }
  VState& vs(Value v) { return values_[vid(v)]; }
  const VState& vs(Value v) const { return values_[vid(v)]; }
  Type type_of(Value v) const { return body_->value_type(v); }
  uint32_t def_pos(Value v) const;
  bool is_const_inst(Value v) const { return !v.is_aux() && (values_[v.index].flags & kIsConst); }
  bool const_bits_slow(Value v, uint64_t* bits) const;
  Reg use_slow(Value v);
  void local_get_slow(Value result, Local l);
  void release_last(Value v);
  void free_dead_slots();
  void add_value(Reg r, uint32_t id) {
    values_[id].reg = r;
    values_[id].next = regs_[r].values;
    regs_[r].values = id;
    ++regs_[r].refs;
    regs_[r].stamp = pos_;
    used_.add(r);
  }
  void remove_value(Reg r, uint32_t id) {
    uint32_t* link = &regs_[r].values;
    while (*link != id) {
      if (*link == kNone) return;
      link = &values_[*link].next;
    }
    *link = values_[id].next;
    values_[id].next = kNone;
    values_[id].reg = kNoReg;
    if (--regs_[r].refs == 0) used_.remove(r);
  }
  void add_local(Reg r, uint32_t l);
  void remove_local(Reg r, uint32_t l);
  void uncache_local(uint32_t l);
  void spill_value(uint32_t id);
  void evict_reg(Reg r);
  Reg pick_victim(RegSet candidates) const;
  uint32_t furthest_end(Reg r) const;
  void free_slot(int32_t slot, uint8_t size, uint32_t def_pos);
  void close_loop(size_t index);
  Loc local_loc(uint32_t l) const { return Loc::in_slot(local_offsets_[l], local_types_[l]); }

  const ir::FunctionBody* body_ = nullptr;
  MoveEmitter* em_ = nullptr;
  FrameSlots* frame_ = nullptr;
  const int32_t* local_offsets_ = nullptr;
  const Type* local_types_ = nullptr;
  TargetRegs target_{};
  ClassRegs class_regs_[2];
  EvictPolicy policy_ = EvictPolicy::kLeastRecent;
  uint32_t num_insts_ = 0;
  uint32_t pos_ = 0;  // current instruction position (for stamps)
  RegSet pinned_;
  RegSet used_;  // registers with at least one holder: block boundaries visit only these
  bool failed_ = false;
  std::vector<VState> values_;
  std::vector<LState> locals_;
  std::vector<BState> blocks_;
  std::vector<uint32_t> last_use_;  // kFurthestEnd only
  RState regs_[kNumRegs];
  std::vector<OpenLoop> loops_;
  std::vector<Deferred> deferred_;
  std::vector<DeadSlot> dead_slots_;
  std::vector<Loc> homes_;

  friend class AllocatorTestPeer;

 public:
  /// Set the current instruction position (layout order index); called per instruction.
  void set_pos(uint32_t pos) { pos_ = pos; }
};

}  // namespace wasmrust::ra
