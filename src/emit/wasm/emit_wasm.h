// The .wasm emitter: WasmIR modules to WebAssembly binaries.
//
// Depends on: wasmir (module.h, function.h). Pipeline per module (emit_wasm.cc):
//   function order (compile hints)  ->  sections in the canonical order, custom sections back
//   where they were  ->  per function: CFG analysis (cfg.cc), value placement on the operand
//   stack or in locals (value_plan.cc), structured control flow (structurer.cc), bytes
//   (function_writer.cc, inst_writer.cc).
// Guarantees:
//  - Valid wasm for any verified WasmIR, whatever its control flow: reducible CFGs become
//    nested block/loop/if; irreducible parts go through a dispatch loop over a label local.
//  - Work is linear in the size of the function (plus a log factor per value for deeply
//    nested loops); no recursion on the IR, so nesting depth is bounded by memory only.
//  - One FunctionWriter keeps its scratch storage between functions; no per-instruction
//    heap allocation.
#pragma once

#include <cstdint>
#include <vector>

#include "wasmrust/emit_wasm.h"
#include "wasmrust/result.h"

namespace wasmrust::emit {

using EmitOptions = WasmEmitOptions;
using EmitStats = WasmEmitStats;

/// wasmrust::emit_wasm (include/wasmrust/emit_wasm.h).
Result<std::vector<uint8_t>> emit_wasm(const ir::Module& module, const EmitOptions& options = {},
                                       EmitStats* stats = nullptr);

/// The order in which emit_wasm() writes the defined functions: result[k] is the function
/// index (in {module}'s index space) of the k-th body of the code section.
std::vector<uint32_t> code_order(const ir::Module& module, const EmitOptions& options = {});

}  // namespace wasmrust::emit
