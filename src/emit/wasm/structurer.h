// Structured control flow from a reducible CFG, after Ramsey's "Beyond Relooper" (2022) and
// LLVM's WebAssemblyCFGStackify: walk the dominator tree; a node's children that are merge
// points (or br_table targets, or loop exits) get a wasm `block` that ends right before them,
// outermost for the latest in reverse postorder; a loop header opens a `loop`; every forward
// branch is then a `br` to an enclosing block and every back edge a `br` to an enclosing loop.
// Children reached by a single edge are inlined where that edge is taken.
//
// Depends on: cfg.h, value_plan.h (which edges carry copies). Guarantees:
//  - Output is a flat list of StructOps (no recursion: an explicit work stack), each node's
//    code exactly once, positions increasing in emission order (the liveness order).
//  - Branches that fall through to the point the construct ends at are left out, and a
//    `block` no branch targets is marked unused (the writer skips it), so a structured
//    .wasm read into WasmIR comes back with the same blocks, loops and ifs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "emit/wasm/cfg.h"

namespace wasmrust::emit {

class ValuePlan;

enum class OpKind : uint8_t {
  kBlock, kLoop, kIf, kElse, kEnd, kTramp,  // structure (kTramp: a block of a br_table trampoline)
  kParams,                                  // store a node's stack parameters not used on the stack
  kCode,                                    // a node's instructions and its terminator's stack operands
  kCopy,                                    // branch arguments into the target's parameter locals
  kBr, kBrIf, kEqz, kBrTable, kReturn, kUnreachable,
};
enum class LabelKind : uint8_t { kBlock, kLoop, kIf, kTramp };

struct StructOp {
  OpKind kind;
  LabelKind label;  ///< what a branch targets or an End closes
  uint8_t flag;     ///< kCopy: arguments already on the stack; kBrTable: via trampolines;
                    ///< kBlock / kIf: typed with the stack parameters of node {a}
  uint8_t pad = 0;
  uint32_t a;       ///< node, edge index or trampoline id
  uint32_t pos;     ///< position in liveness order
};

class Structurer {
 public:
  void run(const ir::FunctionBody& f, const Cfg& cfg, const ValuePlan& plan);

  std::span<const StructOp> ops() const { return ops_; }
  /// Some branch targets the block that ends before {node}.
  bool block_used(uint32_t node) const { return used_[node] != 0; }
  /// Position of {node}'s entry; instruction k of its block is at code_pos + 1 + k.
  uint32_t code_pos(uint32_t node) const { return code_pos_[node]; }
  uint32_t num_positions() const { return pos_; }
  /// Trampoline id of br_table edge {e}, kNone when the edge branches directly.
  uint32_t edge_tramp(uint32_t e) const { return edge_tramp_[e]; }
  uint32_t num_tramps() const { return ntramp_; }

  static constexpr uint32_t kFtReturn = kNone - 1;  ///< falling through returns
  static constexpr uint32_t kFtNone = kNone;        ///< nothing to fall through to

 private:
  enum class Work : uint8_t { kDoTree, kWrapOut, kWrapIn, kEnd, kElse, kEdge };
  struct Item {
    Work kind;
    LabelKind label;
    uint32_t node;  ///< node, or edge for kEdge
    uint32_t k;     ///< next dominator child to consider (exclusive), or source node for kEdge
    uint32_t ft;    ///< where falling off the end goes
    bool typed;     ///< falling off the end carries ft's stack parameters
  };

  void emit(OpKind kind, uint32_t a = 0, LabelKind label = LabelKind::kBlock, uint8_t flag = 0);
  void wrap(const Item& w, bool outside_pass);
  void term(uint32_t x, uint32_t ft, bool typed);
  void br_if(uint32_t x, uint32_t ft, bool typed);
  void open_if(uint32_t ft, bool typed, bool with_else, uint32_t* ft_in, bool* typed_in);
  void br_table(uint32_t x, uint32_t ft);
  void edge(uint32_t x, uint32_t e, uint32_t ft, bool typed, bool stacked);
  void branch_to(uint32_t x, uint32_t t, OpKind kind);
  bool labelable(uint32_t x, uint32_t e) const;
  bool elidable(uint32_t x, uint32_t e, uint32_t ft, bool typed) const;

  const ir::FunctionBody* f_ = nullptr;
  const Cfg* cfg_ = nullptr;
  const ValuePlan* plan_ = nullptr;
  std::vector<StructOp> ops_;
  std::vector<Item> work_;
  std::vector<uint8_t> used_;
  std::vector<uint32_t> code_pos_, edge_tramp_, tramp_of_, tramp_rep_;
  uint32_t pos_ = 0;
  uint32_t ntramp_ = 0;
};

}  // namespace wasmrust::emit
