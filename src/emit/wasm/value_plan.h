// Where each SSA value of a function lives in the emitted code: on the wasm operand stack,
// in a wasm local, recomputed at each use (constants), or dropped.
//
// Depends on: cfg.h, structurer.h (positions, for local allocation). Guarantees:
//  - No instruction moves: values stay in the order the IR defines them. A value used once,
//    by an instruction of its own block that finds it on top of the simulated stack, stays
//    on the stack; so IR built from structured wasm comes back as the same expression trees.
//    When a consumer finds only its last operands on the stack, the local.gets of its first
//    operands are inserted where the expression tree of those stack operands starts, if the
//    values exist by then; otherwise those operands go through locals too.
//  - Parameters of a merge block reached only by forward jumps travel on the operand stack
//    as the results of its wasm `block` (and of the `if`s that fall into it), so
//    `if (result T) .. else .. end` comes back as it was. Other block parameters live in
//    locals, written by the branches that pass them (a parallel copy: all arguments pushed,
//    then all stored); a parameter takes its argument's local when that one is free, and
//    the copy is then left out.
//  - Locals for values are reused: a greedy scan over live intervals in emission order,
//    intervals stretched to the end of every loop they are live into, one free list per
//    type. Linear in the number of values and positions (plus log(loop depth) per use).
//    With a dispatch loop (irreducible CFG) the code order no longer follows dominance, so
//    values that cross blocks keep their local for the whole function there.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "emit/wasm/cfg.h"

namespace wasmrust::emit {

class Structurer;

enum class VState : uint8_t {
  kNone,     ///< not defined by reachable code
  kPending,  ///< (while planning) on the simulated stack
  kStack,    ///< left on the operand stack for its only use
  kLocal,    ///< stored to a local after its definition, read with local.get
  kRemat,    ///< a constant, emitted again at each use instead of at its definition
  kDrop,     ///< unused: dropped after its definition
};

class ValuePlan {
 public:
  /// Decide each value's place (stack, local, rematerialized, dropped). {block_type} finds
  /// the index of a function type [] -> {results} in the module (kNone if there is none);
  /// merge blocks with several parameters carry them on the stack only when it exists.
  using BlockTypeFn = uint32_t (*)(const void* ctx, std::span<const Type> results);
  void plan(const ir::FunctionBody& f, const Cfg& cfg, BlockTypeFn block_type = nullptr,
            const void* ctx = nullptr);
  /// Give locals to the values that need them, in the order the structurer emits code.
  void allocate(const ir::FunctionBody& f, const Cfg& cfg, const Structurer& s);

  /// Taking edge {e} stores into parameter locals or the dispatch label (dispatch edges
  /// carry no arguments; arguments of stack-carried parameters stay on the stack).
  bool needs_copy(const CfgEdge& e) const {
    return e.label != kNone || (e.nargs > 0 && params_live_[e.ir_target] && !stack_params(e.ir_target));
  }
  /// {node}'s parameters arrive on the operand stack as the results of the `block` that ends
  /// before it (every edge into it is a jump from inside that block). Otherwise parameters
  /// live in locals.
  bool stack_params(uint32_t node) const { return block_type_[node] != kNone; }
  /// The block type of a node with stack-carried parameters: a value type code (one
  /// parameter) or 0x80000000 | type index.
  uint32_t block_type(uint32_t node) const { return block_type_[node]; }
  static constexpr uint32_t kTypeIndexBit = 0x80000000u;
  VState state(Value v) const { return state_[key(v)]; }
  /// Wasm local index of a kLocal value.
  uint32_t local(Value v) const { return local_[key(v)]; }
  /// Local holding the dispatch label (kNone without dispatch nodes).
  uint32_t label_local() const { return label_local_; }
  /// Declarations (count, type) of the locals added after the function's own.
  std::span<const std::pair<uint32_t, Type>> temp_decls() const { return decls_; }
  uint32_t num_temps() const { return num_temps_; }
  uint32_t num_stack_values() const { return stack_values_; }
  /// Some reachable instruction is memory.init or data.drop.
  bool uses_data_segments() const { return data_segment_ops_; }

  /// The values instruction {i} takes from the operand stack, in push order (raw Value
  /// ids). For non-terminators: all operands. Terminators: jump - the arguments (of used
  /// parameters, unless they travel on the stack); br_if - the condition; br_table - the
  /// index (nothing when it goes via trampolines); return - the values. Other operands of
  /// terminators are read by kCopy / kBrTable.
  std::span<const uint32_t> operands(Inst i) const { return {opnd_.data() + opnd_at_[i.index], opnd_n_[i.index]}; }

  /// local.gets to insert before instruction {i}: a list of (consumer, count) groups, each
  /// meaning "the first {count} stack operands of {consumer}", emitted in list order.
  struct PreGets {
    uint32_t consumer, count, next;
  };
  uint32_t pre_gets_head(Inst i) const { return pre_head_[i.index]; }
  const PreGets& pre_gets(uint32_t n) const { return pre_nodes_[n]; }
  /// Number of leading stack operands of {i} pushed earlier by a pre-get group.
  uint32_t pre_count(Inst i) const { return pre_count_[i.index]; }

  static bool rematerializable(const ir::InstData& d, uint32_t uses);
  static constexpr uint32_t kImmovable = kNone - 1;

 private:
  struct SimEntry {
    uint32_t key;
    uint32_t tree_start;  ///< instruction where this value's expression tree begins
                          ///< (kImmovable: already on the stack when the block starts)
    uint16_t group;       ///< results of a multi-result call: count (0 otherwise)
    uint16_t member;      ///< index among those results
  };

  uint32_t key(Value v) const { return v.is_aux() ? num_insts_ + v.aux_index() : v.index; }
  void plan_block(const ir::FunctionBody& f, const Cfg& cfg, uint32_t node);
  void collect(const ir::FunctionBody& f, const Cfg& cfg, uint32_t node, Inst i);
  static bool opens_blocks(const Cfg& cfg, uint32_t node);
  void find_stack_params(const ir::FunctionBody& f, const Cfg& cfg, BlockTypeFn block_type, const void* ctx);
  uint32_t match(const ir::FunctionBody& f, Inst i, uint32_t first, uint32_t last);
  void define(const ir::FunctionBody& f, Inst i, uint32_t tree_start);
  void demote(const ir::FunctionBody& f, Value v);
  bool available(const ir::FunctionBody& f, Value v, uint32_t at, uint32_t first, uint32_t last) const;
  void touch(uint32_t k, uint32_t pos, uint32_t node);
  void walk_positions(const ir::FunctionBody& f, const Cfg& cfg, const Structurer& s);
  void assign_locals(const ir::FunctionBody& f, bool label);

  uint32_t num_insts_ = 0;
  std::vector<VState> state_;
  std::vector<uint32_t> local_;
  std::vector<uint8_t> params_live_;
  std::vector<uint32_t> block_type_;  // per node: kNone, or the block type (stack_params)
  std::vector<uint32_t> in_edges_;    // scratch: node has an in-edge other than a forward jump
  std::vector<Type> scratch_types_;
  std::vector<SimEntry> sim_;
  std::vector<uint32_t> opnd_, opnd_at_, opnd_n_;  // stack operands per instruction
  uint32_t opnd_end_ = 0;
  std::vector<uint32_t> pre_head_, pre_count_;
  std::vector<PreGets> pre_nodes_;
  // allocation
  std::vector<uint32_t> start_, end_, order_, bucket_, next_, slot_, rank_, loop_end_, node_;
  std::vector<uint32_t> hint_;       // per key: the argument whose local a parameter prefers
  std::vector<uint8_t> slot_free_;   // per slot: on a free list (lists may hold stale entries)
  std::vector<std::pair<uint32_t, uint32_t>> loops_;  // open loops: (start, end) positions
  std::vector<uint32_t> free_[8];
  std::vector<Type> slot_type_;
  std::vector<std::pair<uint32_t, Type>> decls_;
  uint32_t label_local_ = kNone;
  uint32_t num_temps_ = 0;
  uint32_t stack_values_ = 0;
  bool data_segment_ops_ = false;
};

}  // namespace wasmrust::emit
