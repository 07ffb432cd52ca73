// A structural check of WasmIR built by the frontend, for tests until the WasmIR verifier
// is on main: every laid-out block ends in its terminator and holds no other terminator,
// branch targets are laid-out blocks, branch argument counts match the target's
// parameters, and every operand is a value defined in the body.
#pragma once

#include <string>

#include "wasmir/function.h"

namespace wasmrust::testing {

inline std::string check_ir_shape(const ir::FunctionBody& f) {
  for (Block b : f.layout()) {
    auto range = f.block_insts(b);
    if (range.size() == 0) return "block " + std::to_string(b.index) + " is empty";
    for (Inst i : range) {
      bool last = i.index + 1 == range.last;
      if (is_terminator(f.inst(i).op) != last) return "block " + std::to_string(b.index) + ": terminator misplaced";
      std::string err;
      f.for_each_operand(i, [&](Value v) {
        if (!f.value_valid(v)) err = "inst " + std::to_string(i.index) + ": bad operand";
      });
      if (!err.empty()) return err;
      if (!last) continue;
      f.for_each_successor(i, [&](const ir::BlockCall& bc) {
        if (bc.block.index >= f.num_blocks() || !f.block_started(bc.block)) err = "branch to a block not laid out";
        else if (bc.args.size() != f.block(bc.block).num_params) err = "branch argument count differs from parameters";
      });
      if (!err.empty()) return "inst " + std::to_string(i.index) + ": " + err;
    }
  }
  return {};
}

}  // namespace wasmrust::testing
