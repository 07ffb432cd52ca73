// CFG construction, reverse post-order, Cooper-Harvey-Kennedy dominators and the
// dominator tree's DFS numbering.
#include "wasmir/dominators.h"

namespace wasmrust::ir {

void DomTree::compute(const FunctionBody& f) {
  build_cfg(f);
  rpo_.clear();
  rpo_num_.assign(f.num_blocks(), kNone);
  Block entry = f.entry_block();
  if (!entry.valid() || entry.index >= f.num_blocks()) return;
  compute_rpo(entry);
  compute_idoms();
  number_tree();
}

void DomTree::build_cfg(const FunctionBody& f) {
  uint32_t n = f.num_blocks();
  succ_begin_.assign(n + 1, 0);
  pred_begin_.assign(n + 1, 0);
  auto for_edges = [&](auto&& fn) {
    for (Block b : f.layout()) {
      if (b.index >= n) continue;
      Inst t = f.terminator(b);
      if (!t.valid()) continue;
      f.for_each_successor(t, [&](const BlockCall& bc) {
        if (bc.block.index < n && f.block_started(bc.block)) fn(b, bc.block);
      });
    }
  };
  for_edges([&](Block from, Block to) {
    ++succ_begin_[from.index + 1];
    ++pred_begin_[to.index + 1];
  });
  for (uint32_t b = 0; b < n; ++b) {
    succ_begin_[b + 1] += succ_begin_[b];
    pred_begin_[b + 1] += pred_begin_[b];
  }
  succ_.resize(succ_begin_[n]);
  pred_.resize(pred_begin_[n]);
  // Fill using cursor_ as per-block write positions.
  cursor_.assign(succ_begin_.begin(), succ_begin_.end() - 1);
  stack_.assign(pred_begin_.begin(), pred_begin_.end() - 1);
  for_edges([&](Block from, Block to) {
    succ_[cursor_[from.index]++] = to;
    pred_[stack_[to.index]++] = from;
  });
}

void DomTree::compute_rpo(Block entry) {
  // Iterative DFS; post-order is collected in rpo_ and reversed at the end.
  uint32_t n = static_cast<uint32_t>(rpo_num_.size());
  cursor_.assign(n, 0);
  visited_.assign(n, 0);
  stack_.clear();
  stack_.push_back(entry.index);
  visited_[entry.index] = 1;
  while (!stack_.empty()) {
    uint32_t b = stack_.back();
    std::span<const Block> s = succs(Block(b));
    if (cursor_[b] < s.size()) {
      uint32_t next = s[cursor_[b]++].index;
      if (!visited_[next]) {
        visited_[next] = 1;
        stack_.push_back(next);
      }
      continue;
    }
    rpo_.push_back(Block(b));
    stack_.pop_back();
  }
  for (size_t i = 0, j = rpo_.size(); i + 1 < j; ++i, --j) std::swap(rpo_[i], rpo_[j - 1]);
  for (uint32_t k = 0; k < rpo_.size(); ++k) rpo_num_[rpo_[k].index] = k;
}

void DomTree::compute_idoms() {
  uint32_t n = static_cast<uint32_t>(rpo_.size());
  idom_.assign(n, kNone);
  idom_[0] = 0;
  auto intersect = [&](uint32_t a, uint32_t b) {
    while (a != b) {
      while (a > b) a = idom_[a];
      while (b > a) b = idom_[b];
    }
    return a;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t k = 1; k < n; ++k) {
      uint32_t new_idom = kNone;
      for (Block p : preds(rpo_[k])) {
        uint32_t pn = rpo_num_[p.index];
        if (pn == kNone || idom_[pn] == kNone) continue;
        new_idom = new_idom == kNone ? pn : intersect(pn, new_idom);
      }
      if (new_idom != idom_[k]) {
        idom_[k] = new_idom;
        changed = true;
      }
    }
  }
}

void DomTree::number_tree() {
  // Children lists in CSR form (by rpo number), then an iterative DFS for pre/post numbers.
  uint32_t n = static_cast<uint32_t>(rpo_.size());
  std::vector<uint32_t>& child_begin = cursor_;
  child_begin.assign(n + 1, 0);
  for (uint32_t k = 1; k < n; ++k) ++child_begin[idom_[k] + 1];
  for (uint32_t k = 0; k < n; ++k) child_begin[k + 1] += child_begin[k];
  children_.resize(child_begin[n]);
  std::vector<uint32_t>& next_child = fill_;
  next_child.assign(child_begin.begin(), child_begin.end() - 1);
  for (uint32_t k = 1; k < n; ++k) children_[next_child[idom_[k]]++] = k;
  std::vector<uint32_t>& children = children_;
  pre_.assign(n, 0);
  post_.assign(n, 0);
  next_child.assign(child_begin.begin(), child_begin.end() - 1);
  uint32_t pre_count = 0, post_count = 0;
  stack_.clear();
  stack_.push_back(0);
  pre_[0] = pre_count++;
  while (!stack_.empty()) {
    uint32_t x = stack_.back();
    if (next_child[x] < child_begin[x + 1]) {
      uint32_t c = children[next_child[x]++];
      pre_[c] = pre_count++;
      stack_.push_back(c);
    } else {
      post_[x] = post_count++;
      stack_.pop_back();
    }
  }
}

}  // namespace wasmrust::ir
