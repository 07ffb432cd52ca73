// The WasmIR text parser (.wir; docs/wasmir-text.md has the grammar).
//
// Depends on: lexer.h, module.h, function.h, typing.h, text_util.h.
// Guarantees:
//  - Any input gives a Module or an Error (kParse with line and column, saying what was
//    expected); never a crash, a hang, recursion or allocation beyond a constant factor of
//    the input size (locals declared by range are capped at kMaxLocals).
//  - Two passes per function body, both linear: the first creates the blocks and predicts
//    the id of every named value (ids follow textual order), so operands may name values
//    defined further down; the second appends the instructions.
//  - Every module it returns prints back (printer.h) to text that parses to a module
//    that prints identically.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "wasmir/module.h"
#include "wasmrust/result.h"

namespace wasmrust::ir {

/// Most locals one function may declare (the wasm engines' common limit).
inline constexpr uint32_t kMaxLocals = 50000;

/// Where things were in the text (1-based lines; 0 = not from the text). Filled by
/// parse_module on request so that tools can point verifier errors at source lines.
struct TextLocations {
  uint32_t module_name = 0;
  uint32_t start = 0;
  uint32_t data_count = 0;
  std::vector<uint32_t> types, imports, funcs, tables, memories, globals, exports, elems, datas, customs;
  struct Body {
    std::vector<uint32_t> insts;   ///< per Inst id
    std::vector<uint32_t> blocks;  ///< per Block id (its header)
    uint32_t open = 0;             ///< the line of '{'
  };
  std::vector<Body> bodies;  ///< per function index (empty for functions without a body)
};

/// Parse a whole module from its text form.
Result<std::unique_ptr<Module>> parse_module(std::string_view text, TextLocations* locations = nullptr);

}  // namespace wasmrust::ir
