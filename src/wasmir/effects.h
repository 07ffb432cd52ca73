// Effect inference over the call graph (the WasmRust effects attribute).
//
// Depends on: module.h, function.h, typing.h.
// What a function's inferred effects contain:
//  - its own instructions: memory reads and writes per memory (loads, stores, memory.size,
//    memory.grow, bulk memory: memory.copy reads its source and writes its destination),
//    global writes (global.set), table writes (table.set/grow/fill/copy/init), and traps
//    (every instruction the opcode table marks may-trap: out-of-bounds accesses, integer
//    division, trapping conversions, call_indirect, unreachable);
//  - the effects of every function it calls, transitively. A call to an imported function
//    is a host call named by the import's module, plus the import's declared effects if it
//    has any. call_indirect with type T may reach every function of the module (imported
//    or defined) whose type is structurally equal to T.
// Not modelled: stack exhaustion (any call may trap on it), atomics (no atomic opcodes in
// the table yet), effects of functions a host places in an exported or imported table.
// Cost: linear in the module size (Tarjan's SCCs, iterative; one node per function plus
// one per distinct function type reached by call_indirect).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wasmir/module.h"

namespace wasmrust::ir {

/// Effects of instruction {i} itself (calls contribute nothing here), added to {out}.
void add_inst_effects(const FunctionBody& f, Inst i, EffectSet* out);

class EffectAnalysis {
 public:
  /// Infer the effects of every function of {m}.
  explicit EffectAnalysis(const Module& m);

  /// Inferred effects of function {func} (for imports: host call plus declared effects).
  EffectSet effects(uint32_t func) const;
  /// Effects of executing call instruction {i} of {f}: the callee's (or, for
  /// call_indirect, every candidate's) effects plus the instruction's own.
  EffectSet call_effects(const FunctionBody& f, Inst i) const;
  /// Functions that call_indirect with type {type_index} may reach.
  std::vector<uint32_t> indirect_targets(uint32_t type_index) const;

 private:
  struct Bits {  // an EffectSet over dense ids: memories, then host module names
    uint32_t flags = 0;
    std::vector<uint64_t> words;
  };
  void collect_hosts();
  void canonical_types();
  void build_graph();
  void local_effects(uint32_t node);
  void solve();
  void merge(Bits& into, const Bits& from) const;
  void set_bit(Bits& b, uint32_t bit) const;
  EffectSet to_set(const Bits& b) const;
  uint32_t type_node(uint32_t type_index) const;

  const Module& m_;
  uint32_t num_funcs_ = 0;
  uint32_t num_mems_ = 0;
  uint32_t words_ = 0;                     // 64-bit words per Bits: 2 * mems + hosts
  std::vector<std::string> hosts_;         // distinct import module names, sorted
  std::vector<uint32_t> func_host_;        // per function: host id for imports, ~0 otherwise
  std::vector<uint32_t> canon_type_;       // per type index: the smallest equal type index
  std::vector<uint32_t> type_node_;        // per canonical type: its node, ~0 if none
  std::vector<uint32_t> edge_begin_, edges_;  // CSR call graph over nodes
  std::vector<Bits> bits_;                 // per node
};

}  // namespace wasmrust::ir
