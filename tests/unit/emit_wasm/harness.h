// Test helpers for the .wasm emitter: building small modules through the FunctionBody API,
// hex dumps for golden bytes, and running wabt's wasm-validate / wasm-interp on the output.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wasmir/module.h"

namespace wasmrust::test {

/// "0061736d..." (lowercase, no separators).
std::string hex(const std::vector<uint8_t>& bytes);
/// The bytes from the module header on, skipping the 8-byte preamble.
std::string hex_sections(const std::vector<uint8_t>& bytes);

/// Add a defined function of type (params) -> (results); returns its body.
ir::FunctionBody& add_func(ir::Module& m, std::vector<Type> params, std::vector<Type> results,
                           const std::string& export_name = "");
/// Export a zero-parameter function {name} that calls {callee} with i32/i64 constants.
void add_caller(ir::Module& m, const std::string& name, uint32_t callee, std::vector<uint64_t> args);

struct ToolResult {
  bool valid = false;
  std::string output;  ///< wasm-validate's complaint, or wasm-interp's output
};
/// Write {wasm} to a temporary file, validate it, and run all its exports with wasm-interp.
ToolResult validate_and_run(const std::vector<uint8_t>& wasm, const std::string& tag);

}  // namespace wasmrust::test
