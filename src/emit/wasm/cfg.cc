// CFG analysis for the structurer: discovery, reverse postorder, dominators (forward edges,
// Cooper-Harvey-Kennedy intersection in one pass), reducibility, dispatch nodes for
// irreducible control flow, loop nesting (Havlak-style union-find), block placement flags.
#include "emit/wasm/cfg.h"

#include <string>

namespace wasmrust::emit {

using ir::FunctionBody;

namespace {
Error verify_error(std::string msg) { return Error{ErrorCode::kVerify, std::move(msg)}; }

TermKind term_kind(Opcode op) {
  switch (op) {
    case Opcode::kJump: return TermKind::kJump;
    case Opcode::kBrIf: return TermKind::kBrIf;
    case Opcode::kBrTable: return TermKind::kBrTable;
    case Opcode::kReturn: return TermKind::kReturn;
    default: return TermKind::kUnreachable;
  }
}
}  // namespace

Status Cfg::build(const FunctionBody& f) {
  num_dispatch_ = 0;
  WR_TRY(discover(f));
  order_from(0);
  compute_dominators();
  if (!reducible()) {
    split_irreducible();
    compute_dominators();
    if (!reducible()) {
      // the regions were nested too deep to split: one dispatch node for everything
      WR_TRY(discover(f));
      order_from(0);
      num_dispatch_ = 0;
      add_dispatch();
      compute_dominators();
      WR_CHECK(reducible());
    }
  }
  compute_loops();
  classify();
  return {};
}

// Breadth-first discovery of the reachable blocks; edges point at discovery ids.
Status Cfg::discover(const FunctionBody& f) {
  node_block_.clear();
  term_.clear();
  edge_begin_.clear();
  edges_.clear();
  block_node_.assign(f.num_blocks(), kNone);
  Block entry = f.entry_block();
  if (!entry.valid()) return verify_error("function has no blocks");
  if (f.block(entry).num_params != 0) return verify_error("the entry block has parameters");
  block_node_[entry.index] = 0;
  node_block_.push_back(entry);
  std::string err;
  for (uint32_t i = 0; i < node_block_.size(); ++i) {
    Block b = node_block_[i];
    edge_begin_.push_back(static_cast<uint32_t>(edges_.size()));
    Inst t = f.terminator(b);
    if (!t.valid()) return verify_error("block" + std::to_string(b.index) + " has no terminator");
    term_.push_back(term_kind(f.inst(t).op));
    f.for_each_successor(t, [&](const ir::BlockCall& bc) {
      if (!err.empty()) return;
      if (bc.block.index >= f.num_blocks() || !f.block_started(bc.block)) {
        err = "block" + std::to_string(b.index) + " branches to a block that was never filled";
        return;
      }
      if (bc.args.count != f.block(bc.block).num_params) {
        err = "block" + std::to_string(b.index) + " passes " + std::to_string(bc.args.count) +
              " arguments to block" + std::to_string(bc.block.index) + " with " +
              std::to_string(f.block(bc.block).num_params) + " parameters";
        return;
      }
      uint32_t& id = block_node_[bc.block.index];
      if (id == kNone) {
        id = static_cast<uint32_t>(node_block_.size());
        node_block_.push_back(bc.block);
      }
      edges_.push_back(CfgEdge{id, id, kNone, bc.args.count, bc.args.words});
    });
    if (!err.empty()) return verify_error(err);
  }
  edge_begin_.push_back(static_cast<uint32_t>(edges_.size()));
  return {};
}

// Renumber the nodes reachable from {root} in reverse postorder (iterative DFS).
void Cfg::order_from(uint32_t root) {
  uint32_t n = size();
  perm_.assign(n, kNone);   // visited mark, then new ids
  count_.assign(n, 0);      // per-node edge cursor
  post_order_.clear();
  stack_.clear();
  stack_.push_back(root);
  perm_[root] = 0;
  while (!stack_.empty()) {
    uint32_t u = stack_.back();
    uint32_t e = edge_begin_[u] + count_[u];
    if (e < edge_begin_[u + 1]) {
      ++count_[u];
      uint32_t v = edges_[e].target;
      if (perm_[v] == kNone) {
        perm_[v] = 0;
        stack_.push_back(v);
      }
    } else {
      stack_.pop_back();
      post_order_.push_back(u);
    }
  }
  uint32_t m = static_cast<uint32_t>(post_order_.size());
  WR_DCHECK(m == n);  // every node is reachable: discovery starts at the entry, dispatch nodes reach all
  for (uint32_t k = 0; k < m; ++k) perm_[post_order_[k]] = m - 1 - k;
  tmp_block_.clear();
  tmp_term_.clear();
  tmp_begin_.clear();
  tmp_edges_.clear();
  for (uint32_t i = 0; i < m; ++i) {
    uint32_t old = post_order_[m - 1 - i];
    tmp_block_.push_back(node_block_[old]);
    tmp_term_.push_back(term_[old]);
    tmp_begin_.push_back(static_cast<uint32_t>(tmp_edges_.size()));
    for (uint32_t e = edge_begin_[old]; e < edge_begin_[old + 1]; ++e) {
      CfgEdge ed = edges_[e];
      ed.target = perm_[ed.target];
      ed.ir_target = perm_[ed.ir_target];
      tmp_edges_.push_back(ed);
    }
    if (tmp_block_.back().valid()) block_node_[tmp_block_.back().index] = i;
  }
  tmp_begin_.push_back(static_cast<uint32_t>(tmp_edges_.size()));
  node_block_.swap(tmp_block_);
  term_.swap(tmp_term_);
  edge_begin_.swap(tmp_begin_);
  edges_.swap(tmp_edges_);
}

void Cfg::compute_dominators() {
  uint32_t n = size();
  // predecessors (CSR, ascending per node)
  pred_begin_.assign(n + 1, 0);
  for (const CfgEdge& e : edges_) ++pred_begin_[e.target + 1];
  for (uint32_t i = 0; i < n; ++i) pred_begin_[i + 1] += pred_begin_[i];
  preds_.resize(edges_.size());
  count_.assign(pred_begin_.begin(), pred_begin_.end() - 1);
  for (uint32_t u = 0; u < n; ++u)
    for (uint32_t e = edge_begin_[u]; e < edge_begin_[u + 1]; ++e) preds_[count_[edges_[e].target]++] = u;
  // immediate dominators from forward edges, in reverse postorder
  idom_.assign(n, 0);
  for (uint32_t v = 1; v < n; ++v) {
    uint32_t d = kNone;
    for (uint32_t k = pred_begin_[v]; k < pred_begin_[v + 1]; ++k) {
      uint32_t p = preds_[k];
      if (p >= v) continue;
      if (d == kNone) { d = p; continue; }
      uint32_t a = p;
      while (a != d) {
        while (a > d) a = idom_[a];
        while (d > a) d = idom_[d];
      }
    }
    WR_DCHECK(d != kNone);
    idom_[v] = d;
  }
  // dominator-tree children (CSR), then pre/post numbers for O(1) dominance queries
  kid_begin_.assign(n + 1, 0);
  for (uint32_t v = 1; v < n; ++v) ++kid_begin_[idom_[v] + 1];
  for (uint32_t i = 0; i < n; ++i) kid_begin_[i + 1] += kid_begin_[i];
  dom_kids_.resize(n ? n - 1 : 0);
  count_.assign(kid_begin_.begin(), kid_begin_.end() - 1);
  for (uint32_t v = 1; v < n; ++v) dom_kids_[count_[idom_[v]]++] = v;
  pre_.assign(n, 0);
  post_.assign(n, 0);
  count_.assign(n, 0);
  stack_.clear();
  uint32_t clock = 0;
  stack_.push_back(0);
  pre_[0] = clock++;
  while (!stack_.empty()) {
    uint32_t u = stack_.back();
    uint32_t k = kid_begin_[u] + count_[u];
    if (k < kid_begin_[u + 1]) {
      ++count_[u];
      uint32_t c = dom_kids_[k];
      pre_[c] = clock++;
      stack_.push_back(c);
    } else {
      post_[u] = clock++;
      stack_.pop_back();
    }
  }
}

bool Cfg::reducible() const {
  for (uint32_t u = 0; u < size(); ++u)
    for (uint32_t e = edge_begin_[u]; e < edge_begin_[u + 1]; ++e) {
      uint32_t v = edges_[e].target;
      if (v <= u && !dominates(v, u)) return false;
    }
  return true;
}

// Route every edge through one dispatch node D that br_tables to every block: D dominates
// all blocks and every edge into D is a back edge, so the graph is reducible. The label of
// a block is its index in D's successor list; the old entry gets 0, the value a fresh local
// holds, so entering the function needs no store.
void Cfg::add_dispatch() {
  uint32_t n = size();
  uint32_t d = n;
  for (CfgEdge& e : edges_) {
    e.label = e.target;
    e.target = d;
  }
  node_block_.push_back(Block());
  term_.push_back(TermKind::kDispatch);
  for (uint32_t i = 0; i < n; ++i) edges_.push_back(CfgEdge{i, i, kNone, 0, nullptr});
  edge_begin_.push_back(static_cast<uint32_t>(edges_.size()));
  num_dispatch_ = 1;
  order_from(d);
}

void Cfg::compute_loops() {
  uint32_t n = size();
  flags_.assign(n, 0);
  for (uint32_t u = 0; u < n; ++u)
    for (uint32_t e = edge_begin_[u]; e < edge_begin_[u + 1]; ++e)
      if (edges_[e].target <= u) flags_[edges_[e].target] |= kHeader;
  loop_of_.assign(n, kNone);
  loop_up_.assign(n, kNone);
  uf_.resize(n);
  for (uint32_t i = 0; i < n; ++i) uf_[i] = i;
  auto find = [this](uint32_t x) {
    uint32_t r = x;
    while (uf_[r] != r) r = uf_[r];
    while (uf_[x] != r) {
      uint32_t next = uf_[x];
      uf_[x] = r;
      x = next;
    }
    return r;
  };
  // Inner loops have larger header numbers: walking headers downwards finds inner loops first.
  for (uint32_t h = n; h-- > 0;) {
    if (!(flags_[h] & kHeader)) continue;
    loop_of_[h] = h;
    stack_.clear();
    for (uint32_t k = pred_begin_[h]; k < pred_begin_[h + 1]; ++k)
      if (preds_[k] > h) stack_.push_back(preds_[k]);
    while (!stack_.empty()) {
      uint32_t x = find(stack_.back());
      stack_.pop_back();
      if (x == h) continue;
      WR_DCHECK(x > h);
      uf_[x] = h;
      if (flags_[x] & kHeader) loop_up_[x] = h;
      else loop_of_[x] = h;
      for (uint32_t k = pred_begin_[x]; k < pred_begin_[x + 1]; ++k) stack_.push_back(preds_[k]);
    }
  }
}

bool Cfg::in_loop(uint32_t x, uint32_t header) const {
  uint32_t c = loop_of_[x];
  while (c != kNone && c > header) c = loop_up_[c];
  return c == header;
}

void Cfg::classify() {
  uint32_t n = size();
  count_.assign(n, 0);
  for (uint32_t u = 0; u < n; ++u) {
    bool table = term_[u] == TermKind::kBrTable || term_[u] == TermKind::kDispatch;
    for (uint32_t e = edge_begin_[u]; e < edge_begin_[u + 1]; ++e) {
      uint32_t v = edges_[e].target;
      if (v <= u) continue;
      ++count_[v];
      if (table) flags_[v] |= kFromTable;
    }
  }
  for (uint32_t v = 1; v < n; ++v) {
    bool hb = count_[v] >= 2 || (flags_[v] & kFromTable);
    uint32_t x = idom_[v];
    if ((flags_[x] & kHeader) && !in_loop(v, x)) {
      flags_[v] |= kOutside;
      hb = true;
    }
    if (hb) flags_[v] |= kHasBlock;
  }
}

}  // namespace wasmrust::emit
