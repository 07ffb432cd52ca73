// The WasmIR verifier: checks a module against every rule of docs/wasmir-text.md
// ("Verifier rules") and reports every error it finds, not only the first.
//
// Depends on: module.h, function.h, typing.h, dominators.h, effects.h, printer.h (names).
// Guarantees: total on any Module (indexes are range-checked before use); linear time in
// the module size plus the size of the reports (the dominator computation is
// Cooper-Harvey-Kennedy, near-linear in practice); no work proportional to
// (locals x blocks). Each error names the function, block and instruction, as the printer
// names them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wasmir/module.h"
#include "wasmir/parser.h"
#include "wasmrust/result.h"

namespace wasmrust::ir {

/// A module-level item an error is about.
enum class ItemKind : uint8_t {
  kNone, kType, kImport, kFunc, kTable, kMemory, kGlobal, kExport, kStart, kElem, kData, kDataCount,
};

struct VerifierError {
  std::string message;           ///< the rule that failed
  std::string location;          ///< `func3 "sum" block2 `v7 = i32.add v5, v6`` or `export 1`
  uint32_t func = kNoFunc;       ///< function index, for errors in a function
  Block block;                   ///< the block, if the error is in one
  Inst inst;                     ///< the instruction, if the error is at one
  ItemKind item = ItemKind::kNone;  ///< for module-level errors (kFunc: a function's header)
  uint32_t item_index = 0;
  /// "location: message".
  std::string to_string() const;
};

struct VerifierErrors {
  std::vector<VerifierError> errors;
  bool empty() const { return errors.empty(); }
  /// One error per line.
  std::string to_string() const;
};

struct VerifyOptions {
  bool linear = true;   ///< check linear values and locals
  bool effects = true;  ///< check declared effects against inferred ones
  bool regions = true;  ///< check region isolation
};

/// Verify {m}; every error found.
VerifierErrors verify_module(const Module& m, const VerifyOptions& options = {});
/// Verify {m}; an Error (kVerify) listing every error, one per line, if any.
Status verify(const Module& m, const VerifyOptions& options = {});
/// The source line an error points at, given the parser's locations (0 if unknown).
uint32_t text_line(const TextLocations& locs, const VerifierError& e);

}  // namespace wasmrust::ir
