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

#include "wasmrust/result.h"

namespace wasmrust::ir {
struct Module;
}

namespace wasmrust::emit {

struct EmitOptions {
  /// Order the code section by compile hints: critical functions first, then baseline, then
  /// functions without a tier hint, then optimized; stable within each group. Function
  /// indexes are renumbered to match (calls, ref.func, exports, elements, start, names).
  bool order_by_hints = true;
  /// Write the name section from the module's names (module, functions, locals, tables,
  /// memories, globals, segments).
  bool names = true;
  /// Write the WasmRust attribute sections (docs/custom-sections.md): wasmrust.effects,
  /// wasmrust.linear, wasmrust.regions and metadata.code.compilation_priority.
  bool attributes = true;
  /// Put the module's other custom sections back where they were.
  bool customs = true;
};

/// What emitting a module did (for tests, benchmarks and --timings).
struct EmitStats {
  uint32_t functions = 0;        ///< bodies written
  uint32_t irreducible = 0;      ///< functions that needed a dispatch loop
  uint32_t temp_locals = 0;      ///< locals added for SSA values and block parameters
  uint32_t stack_values = 0;     ///< values kept on the operand stack
  uint32_t reordered = 0;        ///< defined functions whose index changed
};

/// Encode {module} as a .wasm binary. Errors: kUnsupported when a defined function has no
/// body (the module was decoded without retaining bodies), kVerify for IR the emitter cannot
/// encode (a branch to a block never filled, an entry block with parameters).
Result<std::vector<uint8_t>> emit_wasm(const ir::Module& module, const EmitOptions& options = {},
                                       EmitStats* stats = nullptr);

/// The order in which emit_wasm() writes the defined functions: result[k] is the function
/// index (in {module}'s index space) of the k-th body of the code section.
std::vector<uint32_t> code_order(const ir::Module& module, const EmitOptions& options = {});

}  // namespace wasmrust::emit
