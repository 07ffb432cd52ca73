// The WasmIR text printer (the canonical .wir form; docs/wasmir-text.md has the grammar).
//
// Depends on: module.h, function.h, typing.h, text_util.h.
// Guarantees:
//  - Total: any Module prints, even one the verifier rejects (values or blocks that do not
//    exist print as `<invalid ...>`, which the parser refuses).
//  - Canonical: blocks are numbered in layout order (then blocks never filled), values in
//    order of definition, so the text does not depend on arena ids; for every module the
//    parser accepts, print(parse(print(m))) == print(m) byte for byte.
//  - Exact: floats keep every bit (NaN payloads, -0), strings every byte.
//  - Linear time in the size of the module; one reusable FuncNames per printer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wasmir/function.h"
#include "wasmir/module.h"

namespace wasmrust::ir {

/// The numbers the printer gives a function's blocks (`block3`) and values (`v7`).
class FuncNames {
 public:
  static constexpr uint32_t kNone = ~uint32_t{0};

  void compute(const FunctionBody& f);
  /// Printed number of {b}, or kNone if {b} is not a block of the body.
  uint32_t block(Block b) const { return b.index < block_num_.size() ? block_num_[b.index] : kNone; }
  /// Printed number of {v}, or kNone if {v} names no value of the body.
  uint32_t value(Value v) const;
  /// Blocks in printed order: the layout, then blocks never filled (`unplaced`).
  const std::vector<Block>& order() const { return order_; }
  /// Number of layout blocks at the front of order().
  uint32_t num_placed() const { return num_placed_; }

 private:
  std::vector<uint32_t> block_num_;
  std::vector<uint32_t> inst_num_;
  std::vector<uint32_t> aux_num_;
  std::vector<Block> order_;
  uint32_t num_placed_ = 0;
};

/// The text form of {m}.
std::string print_module(const Module& m);
/// Append the text form of {m} to {out}.
void print_module(const Module& m, std::string* out);
/// Append function {func}'s header and body (or header only, for imports) to {out}.
void print_function(const Module& m, uint32_t func, std::string* out);
/// Append instruction {i}'s line (without indent or newline) to {out}, e.g.
/// `v7 = i32.add v5, v6`, naming values and blocks by {names} (computed for {f}).
void print_inst(const Module& m, const FunctionBody& f, const FuncNames& names, Inst i, std::string* out);
/// Append `effects(...)` for {e}.
void print_effects(const EffectSet& e, std::string* out);
/// Append `v7` (or `<invalid value 0x...>`) for {v}.
void print_value_name(const FuncNames& names, Value v, std::string* out);
/// Append `block3` (or `<invalid block N>`) for {b}.
void print_block_name(const FuncNames& names, Block b, std::string* out);

}  // namespace wasmrust::ir
