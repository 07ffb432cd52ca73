// What the function-body decoder needs to know about the module being decoded, besides
// the ir::Module itself: options, which functions are declared for ref.func, the data
// count.
//
// Depends on: wasmir/module.h, wasmrust/frontend.h. Filled by the section decoders
// (module_decoder.cc) before the code section; read-only while bodies are decoded.
#pragma once

#include <cstdint>
#include <vector>

#include "wasmir/module.h"
#include "wasmrust/frontend.h"

namespace wasmrust::frontend {

/// Implementation limits (wasm has none for these; V8 and SpiderMonkey use the same ones).
/// Beyond them a module is rejected with kLimit, so no input makes us allocate without
/// bound.
inline constexpr uint32_t kMaxLocals = 50000;
inline constexpr uint32_t kMaxParams = 1000;
inline constexpr uint32_t kMaxResults = 1000;
inline constexpr uint32_t kMaxOperandStack = 1u << 20;

struct ModuleEnv {
  ir::Module* module = nullptr;
  FrontendOptions options;
  /// Per function: referenced outside function bodies (exports, element segments, global
  /// initializers), so ref.func may name it.
  std::vector<uint8_t> declared_refs;
  bool has_data_count = false;
  uint32_t data_count = 0;
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_globals = 0;
  /// Per defined function: locals the wasmrust.linear section marks (index into
  /// linear_local_lists), or ~0 when none.
  std::vector<uint32_t> linear_locals_of;
  std::vector<std::vector<uint32_t>> linear_local_lists;
  /// Bit per WasmRust attribute section already read (each may appear once).
  uint32_t attr_sections_seen = 0;
};

}  // namespace wasmrust::frontend
