// Sequentializing parallel copies (see parallel_move.h).
#include "regalloc/parallel_move.h"

namespace wasmrust::ra {

bool ParallelMove::is_read(const Loc& where, size_t skip) const {
  for (size_t i = 0; i < moves_.size(); ++i)
    if (i != skip && moves_[i].src.same_place(where)) return true;
  return false;
}

// Quadratic in the number of copies, which is the number of block or call arguments:
// small in practice. Each round emits every copy whose destination is no longer read; when
// none can go, every pending copy is on a cycle, and saving one destination in the scratch
// register turns its cycle into a chain that the next rounds emit completely before another
// cycle needs the scratch.
void ParallelMove::emit(MoveEmitter& em) {
  while (!moves_.empty()) {
    bool progress = false;
    for (size_t i = 0; i < moves_.size();) {
      if (is_read(moves_[i].dst, i)) {
        ++i;
        continue;
      }
      em.emit_move(moves_[i].dst, moves_[i].src);
      moves_[i] = moves_.back();
      moves_.pop_back();
      progress = true;
    }
    if (progress || moves_.empty()) continue;
    Loc blocked = moves_[0].dst;
    Type t = Type::kVoid;
    for (const Move& m : moves_)
      if (m.src.same_place(blocked)) t = m.src.type;
    Loc scratch = Loc::in_reg(em.cycle_scratch(class_of(t)), t);
    Loc saved = blocked;
    saved.type = t;
    em.emit_move(scratch, saved);
    for (Move& m : moves_)
      if (m.src.same_place(blocked)) m.src = scratch;
  }
}

}  // namespace wasmrust::ra
