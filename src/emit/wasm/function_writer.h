// One function body to wasm bytes: runs the CFG analysis, value plan and structurer, then
// writes the locals and the code.
//
// Depends on: cfg.h, value_plan.h, structurer.h, inst_writer.h. Guarantees: the body is
// valid wasm for verified IR; a FunctionWriter reuses its storage for the next function
// (the per-function context of DESIGN.md), so after warm-up it allocates nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "emit/wasm/byte_writer.h"
#include "emit/wasm/cfg.h"
#include "emit/wasm/inst_writer.h"
#include "emit/wasm/structurer.h"
#include "emit/wasm/value_plan.h"
#include "wasmrust/result.h"

namespace wasmrust::ir {
struct Module;
}

namespace wasmrust {
struct WasmEmitStats;
}

namespace wasmrust::emit {

using EmitStats = WasmEmitStats;

class FunctionWriter {
 public:
  /// Append the code-section entry of {f} (size, locals, expression) to {w}. {module}
  /// (optional) provides the types that multi-value blocks can name.
  Status write(const ir::FunctionBody& f, FuncMap funcs, ByteWriter& w, EmitStats* stats,
               const ir::Module* module = nullptr);
  /// The last function written uses memory.init or data.drop (needs a data count section).
  bool uses_data_segments() const { return plan_.uses_data_segments(); }

 private:
  void write_locals(const ir::FunctionBody& f, ByteWriter& w);
  void write_block_type(const StructOp& op, ByteWriter& w);
  void write_params(const ir::FunctionBody& f, uint32_t node, ByteWriter& w);
  void write_code(const ir::FunctionBody& f, uint32_t node, ByteWriter& w);
  void write_copy(const ir::FunctionBody& f, const StructOp& op, ByteWriter& w);
  void write_br_table(const ir::FunctionBody& f, const StructOp& op, ByteWriter& w);
  void write_get(const ir::FunctionBody& f, Value v, ByteWriter& w);
  void write_results(const ir::FunctionBody& f, Inst i, ByteWriter& w);
  uint32_t depth(LabelKind kind, uint32_t a) const;

  Cfg cfg_;
  ValuePlan plan_;
  Structurer st_;
  FuncMap funcs_;
  std::vector<uint32_t> block_label_, loop_label_, tramp_label_;
  std::vector<uint8_t> typed_;  // per open construct: it has results
  uint32_t nlabels_ = 0;
};

}  // namespace wasmrust::emit
