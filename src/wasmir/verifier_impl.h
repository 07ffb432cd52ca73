// Internals of the WasmIR verifier, shared by verifier.cc (driver, module items),
// verify_insts.cc (per instruction), verify_flow.cc (dominance, linearity) and
// verify_effects.cc (effects, regions). Not part of any interface.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wasmir/dominators.h"
#include "wasmir/printer.h"
#include "wasmir/typing.h"
#include "wasmir/verifier.h"

namespace wasmrust::ir {

class Verifier {
 public:
  Verifier(const Module& m, const VerifyOptions& o, VerifierErrors* out) : m_(m), opt_(o), out_(out) {}
  void run();

 private:
  // ---- reporting (verifier.cc) ----
  void item_error(ItemKind k, uint32_t index, std::string msg);
  void report(Block b, Inst i, std::string msg);
  void func_error(std::string msg) { report(Block(), Inst(), std::move(msg)); }
  void block_error(Block b, std::string msg) { report(b, Inst(), std::move(msg)); }
  void inst_error(Inst i, std::string msg) { report(Block(), i, std::move(msg)); }
  void begin_function(uint32_t fi);
  const FuncNames& names();
  std::string vname(Value v);
  std::string bname(Block b);
  std::string func_location() const;

  // ---- module items (verifier.cc) ----
  void check_types();
  void check_imports();
  void check_func_decls();
  void check_tables();
  void check_memories();
  void check_globals();
  void check_exports();
  void check_start();
  void check_elems();
  void check_datas();
  void collect_refs();
  bool const_expr(const ConstExpr& e, Type expected, ItemKind k, uint32_t index, const char* what,
                  uint32_t globals_visible);

  // ---- function bodies (verify_insts.cc) ----
  void function(uint32_t fi);
  void signature();
  void layout();
  void inst(Inst i);
  bool operands_valid(Inst i);
  void plain(Inst i);
  void immediates(Inst i);
  void memarg(Inst i);
  bool check_index(Inst i, uint32_t index, size_t count, const char* what);
  void call(Inst i);
  void terminator(Inst i);
  void check_args(Inst i, ValueList args, const std::vector<Type>& want, const std::string& what);
  void branch_target(Inst i, const BlockCall& bc);

  // ---- flow (verify_flow.cc) ----
  void dominance();
  void check_dominates(Inst use, Value v);
  void linear();
  struct LinearPass;

  // ---- effects and regions (verify_effects.cc) ----
  void effects_and_regions();

  const Module& m_;
  VerifyOptions opt_;
  VerifierErrors* out_;
  std::vector<uint8_t> declared_refs_;  // per function: may be named by ref.func in code

  // per function
  uint32_t fi_ = 0;
  const Function* fn_ = nullptr;
  const FunctionBody* f_ = nullptr;
  FuncNames names_;
  bool names_ready_ = false;
  size_t errors_at_start_ = 0;
  DomTree dom_;
  std::vector<uint32_t> inst_block_;  // per Inst: its block id (kNoBlock if in none)
  std::vector<uint8_t> bad_inst_;     // per Inst: an operand is not a value
  std::vector<Type> scratch_types_;
};

inline constexpr uint32_t kNoBlock = ~uint32_t{0};

}  // namespace wasmrust::ir
