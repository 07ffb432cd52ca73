// Parallel moves: a set of copies that must appear to happen at once (block arguments into
// block parameters, call arguments into argument registers), turned into a sequence.
//
// Depends on: regs.h. Destinations are distinct registers or frame slots; sources are
// registers, slots or constants. Copies whose destination no pending copy still reads go
// first; a cycle is broken by saving one location in the target's scratch register of the
// right class. The target emits each copy (MoveEmitter); memory-to-memory copies use the
// target's own temporary. The resolver keeps its buffers across calls.
#pragma once

#include <cstdint>
#include <vector>

#include "regalloc/regs.h"

namespace wasmrust::ra {

/// Where a value is: a register, a frame slot, or a constant (its bits).
struct Loc {
  enum Kind : uint8_t { kNone, kReg, kSlot, kConst };
  Kind kind = kNone;
  Reg reg = kNoReg;
  Type type = Type::kVoid;
  int32_t slot = 0;
  uint64_t bits = 0;

  static Loc in_reg(Reg r, Type t) { return Loc{kReg, r, t, 0, 0}; }
  static Loc in_slot(int32_t s, Type t) { return Loc{kSlot, kNoReg, t, s, 0}; }
  static Loc constant(uint64_t b, Type t) { return Loc{kConst, kNoReg, t, 0, b}; }
  bool same_place(const Loc& o) const {
    if (kind != o.kind) return false;
    if (kind == kReg) return reg == o.reg;
    if (kind == kSlot) return slot == o.slot;
    return false;
  }
};

/// The target's side of a parallel move.
class MoveEmitter {
 public:
  virtual ~MoveEmitter() = default;
  /// Copy {src} into {dst} (a register or a slot) as a value of {src.type}.
  virtual void emit_move(const Loc& dst, const Loc& src) = 0;
  /// The two moves of spills, write-backs and reloads, without building Locs (they are
  /// most of the allocator's moves; the general form costs a switch over both kinds).
  virtual void emit_store(int32_t slot, Reg src, Type t) { emit_move(Loc::in_slot(slot, t), Loc::in_reg(src, t)); }
  virtual void emit_load(Reg dst, int32_t slot, Type t) { emit_move(Loc::in_reg(dst, t), Loc::in_slot(slot, t)); }
  /// The register that holds a location saved while a cycle is broken.
  virtual Reg cycle_scratch(RegClass c) const = 0;
};

class ParallelMove {
 public:
  void clear() { moves_.clear(); }
  void add(const Loc& dst, const Loc& src) {
    if (!dst.same_place(src)) moves_.push_back({dst, src});
  }
  bool empty() const { return moves_.empty(); }
  /// Emit every pending copy in a safe order and clear the set.
  void emit(MoveEmitter& em);

 private:
  struct Move {
    Loc dst, src;
  };
  bool is_read(const Loc& where, size_t skip) const;
  std::vector<Move> moves_;
};

}  // namespace wasmrust::ra
