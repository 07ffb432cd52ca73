// Disassembly of tier-1 code with Zydis, optionally grouped under the WasmIR instruction
// that produced each piece (from the DebugInfo a compile fills when asked).
//
// Depends on: Zydis, x64_backend.h (DebugInfo), tiering/backend.h (CompiledFunction).
// A library call; `wasmrust disasm` prints its result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "emit/x64/x64_backend.h"
#include "wasmir/module.h"

namespace wasmrust::x64 {

/// One machine instruction (or a run of data bytes).
struct DisasmLine {
  uint32_t offset;
  uint32_t length;
  std::string text;  ///< Intel syntax, or ".data ..." for jump tables
};

/// Decode {code}[begin, end); bytes inside {data} ranges are shown as data.
void disassemble(const std::vector<uint8_t>& code, uint32_t begin, uint32_t end,
                 const std::vector<std::pair<uint32_t, uint32_t>>& data, std::vector<DisasmLine>* out);

/// The whole function as text: machine code only, or (with {module}, {body} and {debug})
/// each block and IR instruction, in WasmIR text form, followed by the code it produced;
/// trap sites are annotated.
std::string disassemble_function(const CompiledFunction& f, const ir::Module* module, const ir::FunctionBody* body,
                                 const DebugInfo* debug);

}  // namespace wasmrust::x64
