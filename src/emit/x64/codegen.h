// Tier-1 code generation for x86-64: one forward pass over a WasmIR function, lowering each
// instruction through the register allocator (src/regalloc) into xbyak (asm.h).
//
// Depends on: wasmir (function bodies), regalloc, tiering/backend.h (CompileEnv,
// CompiledFunction), runtime/vmctx.h, trap.h, libcalls.h (the ABI of docs/abi.md).
// Guarantees: code follows docs/abi.md; every trap site and call site is recorded with its
// wasm offset; an operation this tier does not handle (SIMD, memory64) is an
// ErrorCode::kUnsupported bailout naming it; nothing allocates per instruction once the
// reused buffers have grown (one CodeGen per thread keeps them across functions).
//
// Machine conventions inside a function (besides the C ABI at its edges):
//   r15 = vmctx, r14 = base of memory 0 (when the module has one), r10/r11 and
//   xmm14/xmm15 = scratch for the lowering, rbp = frame pointer. Everything else is the
//   allocator's. An i32 in a general register always has its upper 32 bits clear (every
//   32-bit x86 operation zero-extends, and values arriving from outside are zero-extended
//   once), so it can index memory directly.
//   Frame: [rbp+16..] stack arguments, [rbp-8..-40] saved rbx, r12-r15, [rbp-48] the
//   results pointer (functions with several results), then the locals, then spill slots.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "emit/x64/asm.h"
#include "emit/x64/x64_backend.h"
#include "regalloc/allocator.h"
#include "runtime/trap.h"
#include "runtime/vmctx.h"
#include "tiering/backend.h"
#include "wasmir/function.h"

namespace wasmrust::x64 {


using ir::InstData;
using ra::Loc;
using ra::RegClass;

/// The register conventions of tier-1 code (see the top of this file).
const ra::TargetRegs& target_regs();

class CodeGen final : public ra::MoveEmitter {
 public:
  using Handler = void (CodeGen::*)(Inst, const InstData&);
  CodeGen();
  ~CodeGen() override;
  Status compile(const CompileEnv& env, const ir::FunctionBody& body, const Options& opt, DebugInfo* debug,
                 CompiledFunction* out);

  // ra::MoveEmitter
  void emit_move(const Loc& dst, const Loc& src) override;
  void emit_store(int32_t slot, Reg src, Type t) override;
  void emit_load(Reg dst, int32_t slot, Type t) override;
  Reg cycle_scratch(RegClass c) const override;

 private:
  enum class Pass { kDone, kRetry };
  Pass compile_once();
  void reset_function_state();
  void layout_frame();
  void prologue();
  void zero_locals(int32_t lo, int32_t hi);
  void epilogue();
  void finish();
  void lower_block(Block b);
  void bailout(ErrorCode code, const char* what);

 public:
  // ---- lowering handlers, one per opcode (the dispatch table in codegen.cc) ----
  void lower_nothing(Inst i, const InstData& d);
  void lower_unsupported(Inst i, const InstData& d);
  void lower_unreachable(Inst i, const InstData& d);
  void lower_alu(Inst i, const InstData& d);
  void lower_mul(Inst i, const InstData& d);
  void lower_divrem(Inst i, const InstData& d);
  void lower_shift(Inst i, const InstData& d);
  void lower_int_compare(Inst i, const InstData& d);
  void lower_int_unary(Inst i, const InstData& d);
  void lower_float_binary(Inst i, const InstData& d);
  void lower_float_unary(Inst i, const InstData& d);
  void lower_float_compare(Inst i, const InstData& d);
  void lower_convert(Inst i, const InstData& d);
  void lower_load(Inst i, const InstData& d);
  void lower_store(Inst i, const InstData& d);
  void lower_memory_size(Inst i, const InstData& d);
  void lower_memory_grow(Inst i, const InstData& d);
  void lower_bulk(Inst i, const InstData& d);
  void lower_global_get(Inst i, const InstData& d);
  void lower_global_set(Inst i, const InstData& d);
  void lower_table_get(Inst i, const InstData& d);
  void lower_table_set(Inst i, const InstData& d);
  void lower_table_size(Inst i, const InstData& d);
  void lower_table_grow(Inst i, const InstData& d);
  void lower_ref(Inst i, const InstData& d);
  void lower_call(Inst i, const InstData& d);
  void lower_call_indirect(Inst i, const InstData& d);
  void lower_jump(Inst i, const InstData& d);
  void lower_br_if(Inst i, const InstData& d);
  void lower_br_table(Inst i, const InstData& d);
  void lower_return(Inst i, const InstData& d);
  void lower_select(Inst i, const InstData& d);
  void lower_local_get(Inst i, const InstData& d);
  void lower_local_set(Inst i, const InstData& d);
  void lower_local_tee(Inst i, const InstData& d);

 private:
  // ---- helpers (codegen.cc) ----
  Xbyak::Address mem(Reg base, int32_t disp, uint32_t bytes) const;
  Xbyak::Address slot(int32_t off, uint32_t bytes) const { return mem(kRbp, off, bytes); }
  static Mem slot_mem(int32_t off) { return Mem{kRbp, ra::kNoReg, 0, off}; }
  void load_vmctx_ptr(Reg dst, uint32_t offset);
  void trap_if(Cond c, rt::TrapCode code);
  void trap_here(rt::TrapCode code);
  void jump_to_block(Block b);
  void jcc_to_block(Cond c, Block b);
  void record_call();
  void mov_imm(Reg r, uint64_t bits, bool is64);
  Reg dst_for(Value a);
  bool const_i32(Value v, int32_t* imm, bool is64) const;

  // ---- integer ops (lower_int.cc) ----
  void lower_bitcount(Inst i, const InstData& d, bool is64);
  bool fuse_with_next(Inst i);
  void compare_result(Inst i, Cond c, bool fused, Reg dst);

  // ---- float ops (lower_float.cc) ----
  void lower_float_minmax(Inst i, const InstData& d, bool is64, bool is_min);
  void lower_float_round(Inst i, const InstData& d, bool is64, int mode);
  void load_fp_const(Reg xmm, uint64_t bits, bool is64);

  // ---- conversions (lower_convert.cc) ----
  void lower_trunc(Inst i, const InstData& d, bool to64, bool from64, bool is_signed, bool sat);
  void lower_trunc_signed(Reg dst, Reg src, bool to64, bool from64, bool sat);
  void lower_trunc_unsigned(Reg dst, Reg src, bool to64, bool from64, bool sat);
  void lower_int_to_float(Inst i, const InstData& d, bool from64, bool to64, bool is_signed);

  // ---- memory (lower_memory.cc) ----
  Mem mem_operand(Inst i, Value addr, uint32_t access_bytes);
  void reload_memory_base();

  // ---- globals, tables, references (lower_table.cc) ----
  void table_bounds_check(uint32_t table, Reg index, Reg table_ptr, rt::TrapCode code);

  // ---- calls (lower_call.cc) ----
  enum class CallKind { kRuntime, kHelper, kDirect, kIndirect };
  struct CallTarget {
    CallKind kind;
    const void* fn = nullptr;  ///< kRuntime, kHelper
    uint32_t index = 0;        ///< kDirect: function; kIndirect: type index
    uint32_t table = 0;        ///< kIndirect
  };
  /// A call: {srcs} are the argument locations (captured before their values were
  /// released); evicts caller-saved registers, places the arguments, calls.
  void emit_call(const CallTarget& t, const Loc* srcs, uint32_t n, int32_t results_area, const Loc* index_src);
  uint32_t place_call_args(const Loc* srcs, uint32_t n, uint32_t first_gp, const Loc* index_src);
  void store_loc(Reg base, int32_t disp, const Loc& src);
  void define_call_results(Inst i, int32_t results_area);
  /// Call a runtime function (libcalls.h) with vmctx first, then {args}; defines {i}'s
  /// result (if any) from the return register.
  void call_runtime(Inst i, const void* fn, const Loc* args, uint32_t n);
  /// Call a pure C helper with the values {args}; defines {i}'s result.
  void call_helper(Inst i, const void* fn, const Value* args, uint32_t n, bool with_vmctx);
  void indirect_call_checks(const CallTarget& t);

  // ---- control (lower_control.cc) ----
  /// Moves for the edge into {target} with {args}, whose sources were captured in {srcs}.
  void edge_moves(Block target, const Loc* srcs, uint32_t n);
  void alias_into_params(Block target, ir::ValueList args);
  void capture(ir::ValueList vals, std::vector<Loc>* out);
  bool edge_needs_moves(Block target, const Loc* srcs, uint32_t n);

  // ---- per-thread state kept across functions ----
  std::vector<uint8_t> buf_;
  std::unique_ptr<Asm> asm_;
  ra::Allocator ra_;
  ra::FrameSlots frame_;
  ra::ParallelMove pm_;
  std::vector<int32_t> local_off_;
  std::vector<uint32_t> block_off_;
  struct Fixup {
    uint32_t at;
    uint32_t block;
  };
  std::vector<Fixup> fixups_;
  struct TrapStub {
    uint32_t at;
    uint32_t srcloc;
    rt::TrapCode code;
  };
  std::vector<TrapStub> trap_stubs_;
  std::vector<rt::TrapSite> traps_;
  std::vector<CallSite> calls_;
  std::vector<Loc> locs_a_, locs_b_, homes_;
  struct TableEntry {
    uint32_t at;    // where the entry's 32-bit offset goes
    uint32_t base;  // the table's start (entries are relative to it)
    uint32_t target;
    bool is_stub;   // target is a code offset (stub) rather than a block
  };
  std::vector<TableEntry> table_entries_;
  std::vector<uint32_t> stub_of_block_;  // br_table: the stub emitted for each target (reset after)

  // ---- the function being compiled ----
  const CompileEnv* env_ = nullptr;
  const ir::FunctionBody* body_ = nullptr;
  Options opt_;
  DebugInfo* debug_ = nullptr;
  Asm* a_ = nullptr;
  Block next_block_;      // the block after the current one in layout (invalid at the end)
  bool next_kept_ = false;
  uint32_t cur_inst_ = 0;  // the instruction being lowered
  uint32_t srcloc() const { return cur_inst_ < body_->num_insts() ? body_->srcloc(Inst(cur_inst_)) : 0; }
  uint32_t sub_rsp_at_ = 0;  // where the frame size goes in the prologue
  int32_t locals_end_ = 0;
  bool has_memory_ = false;
  bool failed_ = false;
  bool flags_live_ = false;   // a fused compare's flags must survive the moves in between
  Value pending_cc_value_;    // the compare whose flags are live
  Cond pending_cc_ = kEqual;
  Error error_;
};

}  // namespace wasmrust::x64
