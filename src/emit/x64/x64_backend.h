// The tier-1 x86-64 backend: make_x64_backend() is what the module compile driver calls.
//
// Depends on: tiering/backend.h, regalloc (the eviction policy knob).
// Thread-safety: one backend object per thread (it keeps its compile context, buffers
// included, across functions). compile() never throws.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "regalloc/allocator.h"
#include "tiering/backend.h"

namespace wasmrust {

/// A new tier-1 backend for the CPU this process runs on.
std::unique_ptr<Backend> make_x64_backend();

namespace x64 {

/// Instruction set extensions the code generator may use (each has a fallback).
struct CpuFeatures {
  bool lzcnt = false;   ///< LZCNT (ABM)
  bool bmi1 = false;    ///< TZCNT
  bool bmi2 = false;    ///< SHLX/SHRX/SARX
  bool popcnt = false;  ///< POPCNT
  bool sse41 = false;   ///< ROUNDSS/ROUNDSD
  /// The features of this CPU (cpuid, read once per process).
  static CpuFeatures detect();
  static CpuFeatures none() { return CpuFeatures(); }
};

struct Options {
  CpuFeatures features = CpuFeatures::detect();
  ra::EvictPolicy policy = ra::EvictPolicy::kLeastRecent;
};

/// Side tables for disassembly, filled only when a compile is given one.
struct DebugInfo {
  std::vector<uint32_t> inst_offsets;   ///< per IR instruction: offset of its first byte
  std::vector<uint32_t> block_offsets;  ///< per block: offset of its first byte (~0 if not placed)
  uint32_t prologue_end = 0;
  uint32_t body_end = 0;                ///< where the out-of-line trap stubs begin
  std::vector<std::pair<uint32_t, uint32_t>> data;  ///< [begin, end) of jump tables
};

class CodeGen;

/// The Backend implementation, exposed for tests, benchmarks and the disassembler.
class X64Backend final : public Backend {
 public:
  explicit X64Backend(const Options& opt = Options());
  ~X64Backend() override;
  const char* name() const override { return "x64"; }
  Status compile(const CompileEnv& env, const ir::FunctionBody& body, CompiledFunction* out) override;
  /// Like compile(), also filling {debug}.
  Status compile_with_debug(const CompileEnv& env, const ir::FunctionBody& body, CompiledFunction* out,
                            DebugInfo* debug);
  const Options& options() const { return opt_; }

 private:
  Options opt_;
  std::unique_ptr<CodeGen> gen_;
};

}  // namespace x64
}  // namespace wasmrust
