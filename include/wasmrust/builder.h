// Building WasmIR modules in memory: the API for language front ends.
//
//   wasmrust::ModuleBuilder mb;
//   uint32_t sig = mb.add_type({Type::kI32, Type::kI32}, {Type::kI32});
//   auto fb = mb.add_function(sig, {.name = "add"});       // Result<FunctionBuilder*>
//   Block entry = (*fb)->create_block();
//   (*fb)->switch_to(entry);
//   Value a = (*fb)->local_get((*fb)->param(0));
//   Value b = (*fb)->local_get((*fb)->param(1));
//   Value sum = (*fb)->binary(Opcode::kI32Add, a, b);       // type inferred: i32
//   (*fb)->ret({sum});
//   mb.add_export("add", ExternKind::kFunc, (*fb)->index());
//   auto module = mb.finish();                               // Result<ModulePtr>, verified
//
// Depends on: wasmrust/types.h, opcode.h, result.h, wasmrust.h (Limits, ExternKind).
// Guarantees:
//  - Types are inferred from the opcode table, locals, globals, tables and callees.
//  - Misuse is reported, never undefined behaviour: an operand of the wrong type, an
//    unknown value, block, local, function or other index, an instruction with no open
//    block (after a terminator), switching to a block already filled, the wrong number or
//    types of block arguments, an immediate out of range. A misused call emits nothing and
//    returns an invalid handle (Value(), Block(), Local()); the builder stays consistent
//    and goes on. Every misuse is recorded (errors()); finish() then fails with kBuilder,
//    listing them all.
//  - Handles (Value, Block, Local) are the IR's typed 32-bit ids; the module's internals
//    (src/wasmir) stay out of this header. finish() hands over the same ir::Module the rest
//    of the library uses (include "wasmir/module.h" to look inside).
//  - No exceptions; not thread-safe (one builder per thread).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmrust/opcode.h"
#include "wasmrust/result.h"
#include "wasmrust/types.h"
#include "wasmrust/wasmrust.h"

namespace wasmrust {

namespace ir {
struct Module;
class FunctionBody;
enum class SegmentMode : uint8_t;
}  // namespace ir

/// Destroys an ir::Module where its type is incomplete.
struct ModuleDeleter {
  void operator()(ir::Module* m) const;
};
/// An owned WasmIR module.
using ModulePtr = std::unique_ptr<ir::Module, ModuleDeleter>;

/// The text form of {m} (docs/wasmir-text.md), e.g. to debug a front end.
std::string print_wasmir(const ir::Module& m);
/// Run the verifier on {m}: every error, one per line, in one kVerify Error.
Status verify_wasmir(const ir::Module& m);

/// The memory immediate of loads and stores.
struct MemoryArg {
  uint32_t memory = 0;
  uint64_t offset = 0;
  int align_log2 = -1;  ///< log2 of the alignment in bytes; -1 = the access's natural alignment
};

/// Declared effects of a function (docs/wasmir-text.md, "Effects").
struct Effects {
  std::vector<uint32_t> mem_read;   ///< memory indexes
  std::vector<uint32_t> mem_write;
  std::vector<std::string> host;    ///< import module names of host calls
  bool global_write = false;
  bool table_write = false;
  bool atomics = false;
  bool trap = false;
};

/// Compile-tier hint.
enum class CompileTier : uint8_t { kNone, kBaseline, kOptimized };

/// Name and WasmRust attributes of a function.
struct FunctionAttrs {
  std::string name;
  std::optional<Effects> effects;  ///< none: effects not declared
  CompileTier tier = CompileTier::kNone;
  bool critical = false;
  std::string region;              ///< memory region the function is bound to ("" = none)
  std::vector<bool> linear_params;   ///< per parameter (may be shorter)
  std::vector<bool> linear_results;  ///< per result (may be shorter)
};

/// A constant initializer: one constant, ref.null, ref.func or global.get.
struct ConstInit {
  enum Kind : uint8_t { kI32, kI64, kF32, kF64, kRefNull, kRefFunc, kGlobalGet } kind = kI32;
  uint64_t bits = 0;         ///< the constant's bits, or the function/global index
  Type ref = Type::kFuncRef; ///< kRefNull: the reference type
  static ConstInit i32(int32_t v) { return {kI32, static_cast<uint32_t>(v)}; }
  static ConstInit i64(int64_t v) { return {kI64, static_cast<uint64_t>(v)}; }
  static ConstInit f32_bits(uint32_t b) { return {kF32, b}; }
  static ConstInit f64_bits(uint64_t b) { return {kF64, b}; }
  static ConstInit ref_null(Type t) { return {kRefNull, 0, t}; }
  static ConstInit ref_func(uint32_t f) { return {kRefFunc, f}; }
  static ConstInit global_get(uint32_t g) { return {kGlobalGet, g}; }
};

/// The results of a call: none, one, or several consecutive values.
struct Results {
  Value first;
  uint32_t count = 0;
  /// Result {i} (0 <= i < count).
  Value operator[](uint32_t i) const { return Value(first.index + i); }
  /// The single result, or Value() if there is not exactly one.
  Value value() const { return count == 1 ? first : Value(); }
};

class ModuleBuilder;

/// Builds one function body. Owned by its ModuleBuilder; valid until finish().
class FunctionBuilder {
 public:
  FunctionBuilder(const FunctionBuilder&) = delete;
  FunctionBuilder& operator=(const FunctionBuilder&) = delete;
  struct Checker;  ///< internal: argument checks (src/wasmir/builder_impl.h)

  /// The function's index in the module's function index space.
  uint32_t index() const { return func_; }
  uint32_t num_params() const;

  // ---- locals and blocks ----
  /// Parameter {i} as a local.
  Local param(uint32_t i);
  /// A new local of type {t} (parameters are locals 0..num_params-1).
  Local add_local(Type t, bool linear = false, std::string_view name = {});
  /// Type of local {l}; kVoid if {l} is not a local of this function.
  Type local_type(Local l) const;
  /// A new block with parameters of types {params} (optionally linear, per parameter).
  Block create_block(std::span<const Type> params = {}, std::span<const bool> linear = {});
  Block create_block(std::initializer_list<Type> params) { return create_block(std::span<const Type>(params.begin(), params.size())); }
  /// Parameter {i} of block {b} as a value.
  Value block_param(Block b, uint32_t i);
  /// Open {b} for instructions. The first block opened is the entry. A block can be opened
  /// once; the previous block should be terminated first (the verifier checks). False on
  /// misuse (recorded, as always).
  bool switch_to(Block b);
  /// The open block, or Block() after a terminator.
  Block current_block() const;
  /// Type of {v}; kVoid if {v} is not a value of this function.
  Type value_type(Value v) const;
  /// Mark {v} linear (consumed exactly once on every path). False on misuse.
  bool mark_linear(Value v);
  /// Wasm byte offset to attach to the next instructions (0 = none).
  void set_srcloc(uint32_t offset);

  // ---- constants and numeric operations ----
  Value i32_const(int32_t v);
  Value i64_const(int64_t v);
  Value f32_const(float v);
  Value f64_const(double v);
  Value f32_const_bits(uint32_t bits);
  Value f64_const_bits(uint64_t bits);
  Value v128_const(const uint8_t bytes[16]);
  /// Any opcode of format Unary (e.g. kI32Eqz, kF64Sqrt, conversions, SIMD unary ops).
  Value unary(Opcode op, Value a);
  /// Any opcode of format Binary (arithmetic, comparisons, SIMD binary ops and shifts).
  Value binary(Opcode op, Value a, Value b);
  /// Any opcode of format Ternary (v128.bitselect).
  Value ternary(Opcode op, Value a, Value b, Value c);
  /// select: {a} if {cond} != 0, else {b}; the type is {a}'s.
  Value select(Value a, Value b, Value cond);
  Value extract_lane(Opcode op, Value vec, uint8_t lane);
  Value replace_lane(Opcode op, Value vec, Value scalar, uint8_t lane);
  Value shuffle(Value a, Value b, const uint8_t lanes[16]);

  // ---- variables ----
  Value local_get(Local l);
  void local_set(Local l, Value v);
  Value local_tee(Local l, Value v);
  Value global_get(uint32_t global);
  void global_set(uint32_t global, Value v);

  // ---- memory ----
  /// A load (format Load, e.g. kI32Load, kV128Load32Zero).
  Value load(Opcode op, Value addr, const MemoryArg& m = {});
  /// A store (format Store).
  void store(Opcode op, Value addr, Value value, const MemoryArg& m = {});
  Value load_lane(Opcode op, Value addr, Value vec, uint8_t lane, const MemoryArg& m = {});
  void store_lane(Opcode op, Value addr, Value vec, uint8_t lane, const MemoryArg& m = {});
  Value memory_size(uint32_t memory = 0);
  Value memory_grow(Value delta, uint32_t memory = 0);
  void memory_fill(Value dst, Value value, Value len, uint32_t memory = 0);
  void memory_copy(Value dst, Value src, Value len, uint32_t dst_memory = 0, uint32_t src_memory = 0);
  void memory_init(Value dst, Value src, Value len, uint32_t data, uint32_t memory = 0);
  void data_drop(uint32_t data);

  // ---- tables and references ----
  Value table_get(uint32_t table, Value index);
  void table_set(uint32_t table, Value index, Value ref);
  Value table_size(uint32_t table);
  Value table_grow(uint32_t table, Value init, Value delta);
  void table_fill(uint32_t table, Value index, Value ref, Value len);
  void table_copy(uint32_t dst_table, uint32_t src_table, Value dst, Value src, Value len);
  void table_init(uint32_t table, uint32_t elem, Value dst, Value src, Value len);
  void elem_drop(uint32_t elem);
  Value ref_null(Type t);
  Value ref_is_null(Value ref);
  Value ref_func(uint32_t func);

  // ---- calls ----
  Results call(uint32_t func, std::span<const Value> args);
  Results call(uint32_t func, std::initializer_list<Value> args) { return call(func, std::span<const Value>(args.begin(), args.size())); }
  /// Call through {table}[{index}] with type {type_index}.
  Results call_indirect(uint32_t type_index, uint32_t table, Value index, std::span<const Value> args);

  // ---- terminators (each closes the open block) ----
  void jump(Block target, std::span<const Value> args = {});
  void br_if(Value cond, Block then_block, std::span<const Value> then_args, Block else_block,
             std::span<const Value> else_args = {});
  /// br_table: {targets}[{index}], or {default_target} when out of range; every target
  /// receives {args}.
  void br_table(Value index, std::span<const Block> targets, Block default_target, std::span<const Value> args = {});
  void ret(std::span<const Value> values = {});
  void ret(std::initializer_list<Value> values) { ret(std::span<const Value>(values.begin(), values.size())); }
  void unreachable();

 private:
  friend class ModuleBuilder;
  FunctionBuilder(ModuleBuilder* owner, uint32_t func, ir::FunctionBody* body) : owner_(owner), func_(func), body_(body) {}

  ModuleBuilder* owner_;
  uint32_t func_;
  ir::FunctionBody* body_;
};

/// Builds a module: types, imports, memories, tables, globals, functions, exports,
/// segments. Imports must be added before the definitions of their kind.
class ModuleBuilder {
 public:
  ModuleBuilder();
  ~ModuleBuilder();
  ModuleBuilder(const ModuleBuilder&) = delete;
  ModuleBuilder& operator=(const ModuleBuilder&) = delete;

  void set_name(std::string_view name);
  /// The index of the function type (params) -> (results), added if new.
  Result<uint32_t> add_type(std::span<const Type> params, std::span<const Type> results);
  Result<uint32_t> add_type(std::initializer_list<Type> params, std::initializer_list<Type> results) {
    return add_type(std::span<const Type>(params.begin(), params.size()), std::span<const Type>(results.begin(), results.size()));
  }

  Result<uint32_t> import_function(std::string_view module, std::string_view field, uint32_t type,
                                   const FunctionAttrs& attrs = {});
  Result<uint32_t> import_memory(std::string_view module, std::string_view field, const Limits& limits,
                                 std::string_view region = {}, bool is64 = false);
  Result<uint32_t> import_table(std::string_view module, std::string_view field, Type elem, const Limits& limits);
  Result<uint32_t> import_global(std::string_view module, std::string_view field, Type type, bool mut);

  Result<uint32_t> add_memory(const Limits& limits, std::string_view region = {}, bool is64 = false);
  Result<uint32_t> add_table(Type elem, const Limits& limits);
  Result<uint32_t> add_global(Type type, bool mut, const ConstInit& init);
  /// A defined function of type {type}; its builder lives until finish().
  Result<FunctionBuilder*> add_function(uint32_t type, const FunctionAttrs& attrs = {});

  Status add_export(std::string_view name, ExternKind kind, uint32_t index);
  Status set_start(uint32_t func);
  /// An active data segment at {offset} in {memory}.
  Result<uint32_t> add_data(uint32_t memory, const ConstInit& offset, std::span<const uint8_t> bytes);
  Result<uint32_t> add_passive_data(std::span<const uint8_t> bytes);
  /// An active funcref element segment at {offset} in {table}.
  Result<uint32_t> add_elem(uint32_t table, const ConstInit& offset, std::span<const uint32_t> funcs);
  Result<uint32_t> add_passive_elem(std::span<const uint32_t> funcs);
  /// Declare functions for ref.func without placing them in a table.
  Result<uint32_t> add_declared_elem(std::span<const uint32_t> funcs);

  /// Every misuse so far, in order (each a kBuilder Error naming the function, if any).
  const std::vector<Error>& errors() const { return errors_; }
  /// The module so far (for printing while debugging).
  const ir::Module& module() const { return *module_; }
  /// Hand over the module. Fails with kBuilder if any misuse was recorded, or (when
  /// {verify}) with kVerify listing every verifier error. The builder is empty afterwards.
  Result<ModulePtr> finish(bool verify = true);

 private:
  friend class FunctionBuilder;
  friend struct FunctionBuilder::Checker;
  Error misuse(uint32_t func, std::string msg);
  Status check_usable();
  bool valid_value_type(Type t) const;
  Result<uint32_t> add_elem_segment(ir::SegmentMode mode, std::span<const uint32_t> funcs, const char* what);

  ModulePtr module_;
  std::vector<std::unique_ptr<FunctionBuilder>> functions_;
  std::vector<Error> errors_;
  bool finished_ = false;
};

}  // namespace wasmrust
