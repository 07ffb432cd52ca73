// Control-flow graph and dominator tree of a function body.
//
// Depends on: function.h. The CFG's nodes are all block ids; edges come from the
// terminators of blocks in the layout (branches to blocks outside it are left out; the
// verifier reports them). Dominators by Cooper, Harvey and Kennedy ("A Simple, Fast
// Dominance Algorithm") over reverse post-order, then a DFS numbering of the tree so that
// dominates() is O(1). Everything is iterative (no recursion) and the object keeps its
// storage between functions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "wasmir/function.h"

namespace wasmrust::ir {

class DomTree {
 public:
  void compute(const FunctionBody& f);

  /// Successor blocks of {b} (one per edge, so br_table targets may repeat).
  std::span<const Block> succs(Block b) const {
    return {succ_.data() + succ_begin_[b.index], succ_begin_[b.index + 1] - succ_begin_[b.index]};
  }
  std::span<const Block> preds(Block b) const {
    return {pred_.data() + pred_begin_[b.index], pred_begin_[b.index + 1] - pred_begin_[b.index]};
  }
  /// Blocks reachable from the entry, in reverse post-order (the entry first).
  const std::vector<Block>& rpo() const { return rpo_; }
  bool reachable(Block b) const { return b.index < rpo_num_.size() && rpo_num_[b.index] != kNone; }
  /// Position of {b} in rpo() (only for reachable blocks).
  uint32_t rpo_number(Block b) const { return rpo_num_[b.index]; }
  /// Immediate dominator; the entry's is itself; invalid for unreachable blocks.
  Block idom(Block b) const { return reachable(b) ? rpo_[idom_[rpo_num_[b.index]]] : Block(); }
  /// True if {a} dominates {b} (reflexive). False if either is unreachable.
  bool dominates(Block a, Block b) const {
    if (!reachable(a) || !reachable(b)) return false;
    uint32_t x = rpo_num_[a.index], y = rpo_num_[b.index];
    return pre_[x] <= pre_[y] && post_[y] <= post_[x];
  }

 private:
  static constexpr uint32_t kNone = ~uint32_t{0};
  void build_cfg(const FunctionBody& f);
  void compute_rpo(Block entry);
  void compute_idoms();
  void number_tree();

  std::vector<uint32_t> succ_begin_, pred_begin_;
  std::vector<Block> succ_, pred_;
  std::vector<Block> rpo_;
  std::vector<uint32_t> rpo_num_;  // per block id
  std::vector<uint32_t> idom_;     // per rpo number, an rpo number
  std::vector<uint32_t> pre_, post_;
  std::vector<uint32_t> stack_, cursor_, children_, fill_;
  std::vector<uint8_t> visited_;
};

}  // namespace wasmrust::ir
