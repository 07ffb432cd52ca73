// The module compile driver: every defined function of a WasmIR module through a Backend,
// laid out in one executable ModuleCode with the trap and call-site tables the runtime
// needs, plus the runtime's ModuleInfo. Works one-shot (compile_module) or fed function by
// function from a streaming decoder (ModuleCompiler::add with one reused FunctionBody).
//
// Depends on: tiering/backend.h, module_info_builder.h, runtime (ModuleCode, TypeRegistry).
// Guarantees: one Backend per thread; code is never writable and executable at once; a
// backend bailout (kUnsupported) or error fails the compile with the function index.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "runtime/func_type.h"
#include "runtime/module_code.h"
#include "runtime/module_info.h"
#include "tiering/backend.h"
#include "wasmir/module.h"
#include "wasmrust/result.h"

namespace wasmrust::tiering {

using BackendFactory = std::function<std::unique_ptr<Backend>()>;

struct CompileOptions {
  BackendFactory backend;
  bool explicit_bounds_checks = false;
  /// Threads for compile_module (each with its own Backend); 1 compiles on the caller.
  unsigned threads = 1;
};

/// Figures for the CLI and benchmarks.
struct CompileStats {
  double compile_ms = 0;  ///< backend time, summed over functions (wall time with threads)
  double link_ms = 0;     ///< layout, W^X flip, registration, ModuleInfo
  uint32_t functions = 0;
  uint64_t wasm_code_bytes = 0;  ///< bytes of function bodies in the .wasm
  uint64_t machine_code_bytes = 0;
};

/// Compiled functions laid end to end (16-byte aligned), with their tables.
struct CodeBatch {
  struct Placed {
    uint32_t func_index, offset, size;
    uint32_t traps_begin, traps_end, calls_begin, calls_end;
  };
  std::vector<uint8_t> code;
  std::vector<Placed> funcs;
  std::vector<rt::TrapSite> traps;
  std::vector<rt::CallSiteInfo> calls;
  void append(const CompiledFunction& f, uint32_t func_index);
};

class ModuleCompiler {
 public:
  /// {m} must have every section before the code section; it must outlive the compiler.
  ModuleCompiler(const ir::Module& m, rt::TypeRegistry& types, const CompileOptions& options);
  /// Compile one defined function.
  Status add(const ir::FunctionBody& body);
  /// Add functions compiled elsewhere (another thread), in function order.
  void add_batch(const CodeBatch& batch);
  /// Lay out and publish the code and build the ModuleInfo ({m} is now complete).
  Result<std::shared_ptr<const rt::ModuleInfo>> finish();
  CompileStats& stats() { return stats_; }
  const CompileEnv& env() const { return env_; }

 private:
  const ir::Module& module_;
  rt::TypeRegistry& types_;
  std::vector<uint32_t> type_ids_;
  CompileEnv env_;
  std::unique_ptr<Backend> backend_;
  CompiledFunction scratch_;
  CodeBatch batch_;
  CompileStats stats_;
};

/// Compile every function of {m} (bodies retained) into a ready-to-instantiate module.
Result<std::shared_ptr<const rt::ModuleInfo>> compile_module(const ir::Module& m, rt::TypeRegistry& types,
                                                            const CompileOptions& options, CompileStats* stats);

}  // namespace wasmrust::tiering
