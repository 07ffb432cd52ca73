// The Backend interface: what a code generator (tier-1 x64, tier-2 LLVM) offers the tiering
// layer. A backend turns one WasmIR function into position-independent machine code that
// follows docs/abi.md, with the metadata the runtime needs to report traps.
//
// Depends on: wasmir (module, function), runtime/vmctx.h and runtime/trap.h (the ABI).
// Thread-safety: a Backend object holds per-thread scratch state (a reusable compile
// context); use one per thread. compile() never throws and never aborts on valid IR.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/trap.h"
#include "runtime/vmctx.h"
#include "wasmir/module.h"
#include "wasmrust/result.h"

namespace wasmrust {

/// What a backend needs to know beyond the function body.
struct CompileEnv {
  const ir::Module* module = nullptr;
  rt::VMOffsets offsets;
  /// Engine-wide canonical signature id per module type index (for call_indirect checks).
  const uint32_t* canonical_type_ids = nullptr;
  /// Explicit bounds checks instead of guard regions (docs/abi.md, Linear memory).
  bool explicit_bounds_checks = false;
};

/// A return address inside a function, with the wasm offset of its call (for backtraces).
struct CallSite {
  uint32_t return_offset;
  uint32_t srcloc;
};

/// Machine code of one function. Position independent: calls go through entry slots and
/// runtime functions are called by absolute address.
struct CompiledFunction {
  std::vector<uint8_t> code;
  std::vector<rt::TrapSite> traps;  ///< sorted by code_offset
  std::vector<CallSite> calls;      ///< sorted by return_offset
  uint32_t func_index = 0;
  void clear() {
    code.clear();
    traps.clear();
    calls.clear();
  }
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual const char* name() const = 0;
  /// Compile {body}. An operation this backend does not handle is reported as
  /// ErrorCode::kUnsupported (a bailout the tiering layer can act on).
  virtual Status compile(const CompileEnv& env, const ir::FunctionBody& body, CompiledFunction* out) = 0;
};

}  // namespace wasmrust
