// The control-flow graph of one function, as the structurer needs it: reachable blocks in
// reverse postorder, dominator tree, loop nesting, and which blocks get a wasm `block`.
//
// Depends on: wasmir/function.h. Guarantees:
//  - Node ids are reverse-postorder numbers (node 0 is the entry); an edge u->v is a back
//    edge exactly when v <= u. After build() the graph is reducible: every back edge goes to
//    a loop header that dominates its source. Irreducible IR is made reducible by routing the
//    edges into the entries of each irreducible region through a dispatch node (a loop
//    around a br_table over a label local), so that node becomes the region's single entry
//    (irreducible.cc); if that does not settle it, one dispatch node for the whole function.
//  - Dominators come from forward edges only (back edges of a reducible graph cannot change
//    them): one pass in reverse postorder, no fixpoint iteration.
//  - All traversals use explicit stacks: nesting depth costs memory, not C++ stack.
//  - Scratch vectors keep their capacity across build() calls.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "wasmir/function.h"
#include "wasmrust/result.h"

namespace wasmrust::emit {

inline constexpr uint32_t kNone = ~uint32_t{0};

/// One outgoing edge of a node, in the order of the terminator's successors.
struct CfgEdge {
  uint32_t target;       ///< the node the branch goes to (a dispatch node when redirected)
  uint32_t ir_target;    ///< the node of the IR block that receives the arguments
  uint32_t label;        ///< label value for the dispatch node; kNone when not redirected
  uint32_t nargs;        ///< branch arguments (block parameters of ir_target)
  const uint32_t* args;
};

enum class TermKind : uint8_t { kJump, kBrIf, kBrTable, kReturn, kUnreachable, kDispatch };

class Cfg {
 public:
  /// Analyse {f}. Errors (kVerify): no entry block, an entry block with parameters, a block
  /// without terminator, a branch to a block that was never filled.
  Status build(const ir::FunctionBody& f);

  uint32_t size() const { return static_cast<uint32_t>(node_block_.size()); }
  /// The IR block of node {n}; invalid for dispatch nodes.
  Block block(uint32_t n) const { return node_block_[n]; }
  bool is_dispatch(uint32_t n) const { return !node_block_[n].valid(); }
  /// Node of IR block {b}, kNone if unreachable.
  uint32_t node_of(Block b) const { return block_node_[b.index]; }
  TermKind term(uint32_t n) const { return term_[n]; }

  uint32_t edge_begin(uint32_t n) const { return edge_begin_[n]; }
  uint32_t edge_end(uint32_t n) const { return edge_begin_[n + 1]; }
  const CfgEdge& edge(uint32_t e) const { return edges_[e]; }
  uint32_t num_edges() const { return static_cast<uint32_t>(edges_.size()); }
  /// The node edge {e} leaves from.
  uint32_t edge_source(uint32_t e) const {
    return static_cast<uint32_t>(std::upper_bound(edge_begin_.begin(), edge_begin_.end(), e) - edge_begin_.begin()) - 1;
  }

  uint32_t idom(uint32_t n) const { return idom_[n]; }
  /// Dominator-tree children of {n}, in increasing node order.
  std::span<const uint32_t> dom_children(uint32_t n) const {
    return {dom_kids_.data() + kid_begin_[n], kid_begin_[n + 1] - kid_begin_[n]};
  }
  bool is_header(uint32_t n) const { return flags_[n] & kHeader; }
  /// {n} is placed after a wasm `block` of its own (a merge point, a br_table target, or a
  /// loop exit) and reached by `br` to that block; other nodes are inlined at their only edge.
  bool has_block(uint32_t n) const { return flags_[n] & kHasBlock; }
  /// {n}'s immediate dominator is a loop header and {n} is outside that loop: its block
  /// encloses the loop.
  bool outside(uint32_t n) const { return flags_[n] & kOutside; }
  bool irreducible() const { return num_dispatch_ > 0; }
  uint32_t num_dispatch() const { return num_dispatch_; }

 private:
  enum : uint8_t { kHeader = 1, kHasBlock = 2, kOutside = 4, kFromTable = 8 };

  Status discover(const ir::FunctionBody& f);
  void order_from(uint32_t root);
  void compute_dominators();
  bool reducible() const;
  bool dominates(uint32_t a, uint32_t b) const { return pre_[a] <= pre_[b] && post_[b] <= post_[a]; }
  void add_dispatch();
  void split_irreducible();
  void find_regions(uint32_t b, uint32_t e, uint32_t* root);
  void handle_region(uint32_t* root);
  void compute_loops();
  bool in_loop(uint32_t n, uint32_t header) const;
  void classify();

  // the graph (CSR), in node order
  std::vector<Block> node_block_;
  std::vector<uint32_t> block_node_;
  std::vector<TermKind> term_;
  std::vector<uint32_t> edge_begin_;
  std::vector<CfgEdge> edges_;
  // analyses
  std::vector<uint32_t> pred_begin_, preds_;
  std::vector<uint32_t> idom_, kid_begin_, dom_kids_, pre_, post_;
  std::vector<uint32_t> loop_of_, loop_up_, uf_;
  std::vector<uint8_t> flags_;
  uint32_t num_dispatch_ = 0;
  // scratch
  std::vector<uint32_t> stack_, perm_, post_order_, count_;
  // irreducible regions (irreducible.cc)
  std::vector<uint32_t> pool_, next_pool_, member_, scc_index_, scc_low_, cursor_, calls_, region_, entries_;
  std::vector<std::pair<uint32_t, uint32_t>> ranges_, next_ranges_;
  std::vector<uint32_t> in_region_;
  uint32_t gen_ = 0, region_gen_ = 0;
  std::vector<Block> tmp_block_;
  std::vector<TermKind> tmp_term_;
  std::vector<uint32_t> tmp_begin_;
  std::vector<CfgEdge> tmp_edges_;
};

}  // namespace wasmrust::emit
