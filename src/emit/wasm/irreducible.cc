// Irreducible control flow: dispatch nodes only where they are needed.
//
// A strongly connected region with several entry blocks (blocks with a predecessor outside
// the region, or the function entry) is irreducible. Every edge into its entries, from
// outside and from inside, is redirected to a new dispatch node D that br_tables on a label
// local to the entries: D becomes the region's only entry, a loop header. Regions are found
// level by level, as in LLVM's WebAssemblyFixIrreducibleControlFlow: a region with one entry
// h is searched again without h (its inner cycles), a region that got a dispatch node again
// without the redirected edges. Rounds are capped; past the cap the caller falls back to a
// dispatch over the whole function.
//
// Depends on: cfg.h. Cost: one Tarjan pass (iterative) per round over the nodes still in
// question; only functions that are irreducible pay it.
#include "emit/wasm/cfg.h"

namespace wasmrust::emit {

namespace {
constexpr uint32_t kMaxRounds = 64;
}

void Cfg::split_irreducible() {
  uint32_t root = 0;
  // subsets of nodes to search, as ranges of pool_; the first is every node
  pool_.clear();
  for (uint32_t v = 0; v < size(); ++v) pool_.push_back(v);
  ranges_.assign(1, {0, size()});
  for (uint32_t round = 0; round < kMaxRounds && !ranges_.empty(); ++round) {
    // edges into each node (edge indexes), for finding entries and redirecting
    uint32_t n = size();
    pred_begin_.assign(n + 1, 0);
    for (const CfgEdge& e : edges_) ++pred_begin_[e.target + 1];
    for (uint32_t i = 0; i < n; ++i) pred_begin_[i + 1] += pred_begin_[i];
    preds_.resize(edges_.size());
    count_.assign(pred_begin_.begin(), pred_begin_.end() - 1);
    for (uint32_t e = 0; e < edges_.size(); ++e) preds_[count_[edges_[e].target]++] = e;
    next_pool_.clear();
    next_ranges_.clear();
    for (auto [b, e] : ranges_) find_regions(b, e, &root);
    pool_.swap(next_pool_);
    ranges_.swap(next_ranges_);
  }
  // (past the cap, regions may be left unsearched: build() checks and falls back)
  order_from(root);
}

// SCCs of the subgraph induced by pool_[b, e) (iterative Tarjan), then entries per region.
void Cfg::find_regions(uint32_t b, uint32_t e, uint32_t* root) {
  ++gen_;
  uint32_t n = size();
  member_.resize(n, 0);
  scc_index_.resize(n, kNone);
  scc_low_.resize(n, 0);
  cursor_.resize(n, 0);
  for (uint32_t k = b; k < e; ++k) {
    member_[pool_[k]] = gen_;
    scc_index_[pool_[k]] = kNone;
  }
  uint32_t clock = 0;
  stack_.clear();   // Tarjan's stack
  calls_.clear();   // DFS call stack
  for (uint32_t k = b; k < e; ++k) {
    uint32_t s = pool_[k];
    if (scc_index_[s] != kNone) continue;
    scc_index_[s] = scc_low_[s] = clock++;
    cursor_[s] = edge_begin_[s];
    stack_.push_back(s);
    calls_.push_back(s);
    while (!calls_.empty()) {
      uint32_t v = calls_.back();
      if (cursor_[v] < edge_begin_[v + 1]) {
        uint32_t w = edges_[cursor_[v]++].target;
        if (w >= member_.size() || member_[w] != gen_) continue;
        if (scc_index_[w] == kNone) {
          scc_index_[w] = scc_low_[w] = clock++;
          cursor_[w] = edge_begin_[w];
          stack_.push_back(w);
          calls_.push_back(w);
        } else if (scc_low_[w] != kNone) {  // on the stack
          scc_low_[v] = std::min(scc_low_[v], scc_index_[w]);
        }
        continue;
      }
      calls_.pop_back();
      if (!calls_.empty()) scc_low_[calls_.back()] = std::min(scc_low_[calls_.back()], scc_low_[v]);
      if (scc_low_[v] != scc_index_[v]) continue;
      // v is the root of an SCC: the nodes above it on the stack
      size_t at = stack_.size();
      while (stack_[at - 1] != v) --at;
      --at;
      region_.assign(stack_.begin() + static_cast<std::ptrdiff_t>(at), stack_.end());
      stack_.resize(at);
      for (uint32_t x : region_) scc_low_[x] = kNone;  // off the stack
      handle_region(root);
    }
  }
}

// One strongly connected region (region_): a dispatch node if it has several entries; the
// region is searched again next round for the cycles inside it.
void Cfg::handle_region(uint32_t* root) {
  if (region_.size() < 2) return;  // a single node (maybe a self loop) is reducible
  ++region_gen_;
  in_region_.resize(size(), 0);
  for (uint32_t x : region_) in_region_[x] = region_gen_;
  entries_.clear();
  for (uint32_t x : region_) {
    bool entry = x == *root;
    for (uint32_t k = pred_begin_[x]; k < pred_begin_[x + 1] && !entry; ++k) {
      uint32_t src = edge_source(preds_[k]);
      entry = edges_[preds_[k]].target == x && (src >= in_region_.size() || in_region_[src] != region_gen_);
    }
    if (entry) entries_.push_back(x);
  }
  uint32_t begin = static_cast<uint32_t>(next_pool_.size());
  if (entries_.size() < 2) {
    // a natural loop: look inside it without its header
    for (uint32_t x : region_)
      if (entries_.empty() || x != entries_[0]) next_pool_.push_back(x);
    next_ranges_.emplace_back(begin, static_cast<uint32_t>(next_pool_.size()));
    return;
  }
  // the function entry first, so that a fresh (zero) label local selects it
  for (size_t k = 1; k < entries_.size(); ++k)
    if (entries_[k] == *root) std::swap(entries_[0], entries_[k]);
  uint32_t d = size();
  for (uint32_t k = 0; k < entries_.size(); ++k) {
    uint32_t x = entries_[k];
    for (uint32_t p = pred_begin_[x]; p < pred_begin_[x + 1]; ++p) {
      CfgEdge& ed = edges_[preds_[p]];
      if (ed.target != x) continue;  // already redirected
      ed.target = d;
      ed.label = k;
    }
  }
  node_block_.push_back(Block());
  term_.push_back(TermKind::kDispatch);
  for (uint32_t x : entries_) edges_.push_back(CfgEdge{x, x, kNone, 0, nullptr});
  edge_begin_.push_back(static_cast<uint32_t>(edges_.size()));
  ++num_dispatch_;
  if (entries_[0] == *root) *root = d;
  for (uint32_t x : region_) next_pool_.push_back(x);
  next_ranges_.emplace_back(begin, static_cast<uint32_t>(next_pool_.size()));
}

}  // namespace wasmrust::emit
