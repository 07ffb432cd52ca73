// Writing WasmIR modules as WebAssembly binaries (.wasm): the public entry to the emitter.
//
//   auto module = builder.finish();                       // Result<ModulePtr>
//   auto wasm = wasmrust::emit_wasm(**module);            // Result<std::vector<uint8_t>>
//
// Depends on: result.h; the WasmIR module (wasmir/module.h) is only forward declared here.
// Guarantees: valid wasm for any verified module, whatever its control flow (irreducible
// CFGs included); bad input is an Error, never a crash; no global state (thread-safe for
// different modules); time linear in the module size.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "wasmrust/result.h"

namespace wasmrust {

namespace ir {
struct Module;
}
namespace emit {
class FunctionWriter;
}

struct WasmEmitOptions {
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

/// What emitting a module did (for tests, benchmarks and --stats).
struct WasmEmitStats {
  uint32_t functions = 0;     ///< bodies written
  uint32_t irreducible = 0;   ///< functions that needed a dispatch loop
  uint32_t temp_locals = 0;   ///< locals added for SSA values and block parameters
  uint32_t stack_values = 0;  ///< values kept on the operand stack
  uint32_t reordered = 0;     ///< defined functions whose index changed
};

/// Encode {module} as a .wasm binary. Errors: kUnsupported when a defined function has no
/// body (the module was decoded without retaining bodies), kVerify for IR the emitter cannot
/// encode (a branch to a block never filled, an entry block with parameters, a block without
/// terminator), with the function index.
Result<std::vector<uint8_t>> emit_wasm(const ir::Module& module, const WasmEmitOptions& options = {},
                                       WasmEmitStats* stats = nullptr);

/// emit_wasm() with scratch storage kept from one module to the next: for tools that write
/// many modules. Not thread-safe: one emitter per thread.
class WasmEmitter {
 public:
  WasmEmitter();
  ~WasmEmitter();
  WasmEmitter(const WasmEmitter&) = delete;
  WasmEmitter& operator=(const WasmEmitter&) = delete;
  Result<std::vector<uint8_t>> emit(const ir::Module& module, const WasmEmitOptions& options = {},
                                    WasmEmitStats* stats = nullptr);

 private:
  std::unique_ptr<emit::FunctionWriter> writer_;
};

}  // namespace wasmrust
