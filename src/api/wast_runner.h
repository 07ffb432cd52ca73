// The spec-test script runner behind `wasmrust wast`: reads a .wast script with wabt's
// parser and runs its commands on the JIT through the public API (wasmrust.h): module,
// register, action (invoke/get), assert_return (nan:canonical / nan:arithmetic, v128 lanes,
// references), assert_trap (action and module forms), assert_exhaustion, assert_invalid,
// assert_malformed, assert_unlinkable, assert_uninstantiable. Provides the `spectest` host
// module. Counts assertions.
//
// Depends on: wasmrust.h, wabt (WastParser, binary writer). Reusable: a ModuleFilter can
// replace every module's binary before it is compiled (e.g. a decode -> emit round trip).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmrust/wasmrust.h"

namespace wasmrust {

/// Replaces a module's binary before it is validated and compiled.
using ModuleFilter = std::function<Result<std::vector<uint8_t>>(std::span<const uint8_t> wasm)>;

struct WastOptions {
  EngineConfig engine;
  ModuleFilter filter;          ///< optional
  bool verbose = false;         ///< print every command
  FILE* log = stdout;           ///< where failures (and, verbose, everything) are printed
};

struct WastResult {
  uint32_t passed = 0;
  uint32_t failed = 0;
  /// assert_malformed on a text module that wabt's parser rejects: the text format is
  /// wabt's business, so these are reported apart, neither passed nor failed.
  uint32_t text_not_applicable = 0;
  /// module and action commands that failed (not assertions, but the file did not run clean).
  uint32_t command_errors = 0;
  bool parse_failed = false;  ///< the script itself could not be read
};

/// Run the script at {path}.
WastResult run_wast_file(const std::string& path, const WastOptions& options);
/// Run a script held in memory ({filename} names it in messages).
WastResult run_wast_text(std::string_view text, std::string_view filename, const WastOptions& options);

}  // namespace wasmrust
