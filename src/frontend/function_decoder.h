// Function bodies: one linear pass that decodes, validates and builds WasmIR.
//
// Depends on: reader.h, module_env.h, wasmir/function.h. The mapping from wasm to WasmIR
// is documented at the top of function_decoder.cc. Guarantees: no heap allocation per
// instruction (the operand and control stacks and the FunctionBody keep their capacity
// from one function to the next); the first error stops decoding and names the offset,
// the function and the rule.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "frontend/module_env.h"
#include "frontend/reader.h"
#include "wasmir/function.h"

namespace wasmrust::frontend {

/// The type of a value on the operand stack in unreachable code that could be anything
/// (wasm's "bottom"); never a WasmIR type.
inline constexpr Type kBot = static_cast<Type>(0xFF);

/// Value types by their binary code (0x7F i32 ...); kBot for bytes that are not one.
Type value_type_from_byte(uint8_t b);
/// "i32", ..., "unknown" for kBot.
const char* stack_type_name(Type t);

class FunctionDecoder {
 public:
  explicit FunctionDecoder(const ModuleEnv* env) : env_(env) {}

  /// Decode the body [begin, end) of function {func_index} into {body} (cleared first).
  /// {base} is the module offset of {begin}. False with the error in {sink}.
  bool decode(uint32_t func_index, const uint8_t* begin, const uint8_t* end, uint64_t base,
              ir::FunctionBody* body, ErrorSink* sink);

  /// Bytes held by the stacks (for memory figures).
  size_t memory_bytes() const;

 private:
  enum class Kind : uint8_t { kBlock, kLoop, kIf, kElse, kFunc };
  static constexpr uint32_t kNoType = ~uint32_t{0};

  /// One open construct (block, loop, if/else, or the function itself).
  struct Ctrl {
    Kind kind;
    bool unreachable;  ///< an unconditional branch happened: the stack is polymorphic
    bool live;         ///< entered from reachable code (for if: the else arm is reachable)
    Type single;       ///< block type when it is empty or one value type
    uint32_t type_index;  ///< block type when it is a type index (kNoType otherwise)
    uint32_t height;   ///< operand stack height below the construct's parameters
    Block label;   ///< loop: header; else the continuation, created when first needed
    Block else_block;  ///< if: the block the false edge goes to
    uint32_t saved;    ///< if with parameters: where they are saved in saved_params_
  };

  // ---- operand stack ----
  bool grow(uint32_t n);
  bool ensure(uint32_t n) { return sp_ + n <= cap_ || grow(n); }
  void push_unchecked(Value v, Type t) {
    vals_[sp_] = v.index;
    types_[sp_] = t;
    ++sp_;
  }
  bool push(Value v, Type t) {
    if (!ensure(1)) return false;
    push_unchecked(v, t);
    return true;
  }
  /// Pop a value of type {t} (kBot in unreachable code when the frame is empty).
  bool pop(Type t, Value* v) {
    if (sp_ > top_->height) {
      Type have = types_[sp_ - 1];
      if (have != t && have != kBot) return type_mismatch(t, have);
      *v = Value(vals_[--sp_]);
      return true;
    }
    return pop_slow(t, v);
  }
  bool pop_slow(Type t, Value* v);
  /// Pop any value; its type in {t}.
  bool pop_any(Value* v, Type* t);
  /// Check that the top of the stack holds {types} (materializing bottom values in
  /// unreachable code), leaving them there.
  bool check_top(std::span<const Type> types) {
    // Fast path: the frame holds the values with exactly these types (no bottom).
    size_t n = types.size();
    if (sp_ - top_->height >= n && std::equal(types.begin(), types.end(), types_ + sp_ - n)) return true;
    return check_top_slow(types);
  }
  bool check_top_slow(std::span<const Type> types);
  /// At end/else: the frame holds exactly {types}.
  bool check_exact(std::span<const Type> types) {
    size_t n = types.size();
    if (sp_ - top_->height == n && std::equal(types.begin(), types.end(), types_ + sp_ - n)) return true;
    return check_exact_slow(types);
  }
  bool check_exact_slow(std::span<const Type> types);
  std::span<const Value> top_values(uint32_t n) const {
    return {reinterpret_cast<const Value*>(vals_ + sp_ - n), n};
  }

  // ---- control ----
  std::span<const Type> params_of(const Ctrl& c) const;
  std::span<const Type> results_of(const Ctrl& c) const;
  std::span<const Type> label_types(const Ctrl& c) const {
    return c.kind == Kind::kLoop ? params_of(c) : results_of(c);
  }
  bool read_block_type(Ctrl* c);
  bool push_ctrl(Kind kind, const Ctrl& sig, uint32_t nparams);
  bool read_label(uint32_t* depth) {
    if (!rd_.read_u32(depth)) return false;
    if (*depth >= ctrls_.size()) return unknown_label(*depth);
    return true;
  }
  bool unknown_label(uint32_t depth);
  Block label_block(Ctrl& c);
  void set_unreachable() {
    sp_ = top_->height;
    top_->unreachable = true;
  }
  bool emitting() const { return body_->in_block(); }

  bool op_block(Kind kind);
  bool op_else();
  bool op_end();
  bool end_function();
  bool op_br();
  bool op_br_if();
  bool op_br_table();
  bool op_return();
  bool op_call();
  bool op_call_indirect();
  bool op_select(bool typed);
  bool op_unreachable();
  bool op_const(uint8_t op);  ///< i64.const, f32.const, f64.const
  bool op_global(uint8_t op);
  /// Loads and stores through read_memarg() (the dispatch loop handles the common case).
  bool op_load_store(uint8_t op);
  bool op_memory_size_grow(uint8_t op);
  bool op_ref(uint8_t op);
  bool op_table_get_set(uint8_t op);
  bool op_prefix_fc();
  bool op_prefix_fd();
  bool op_simd_lane(Opcode op, uint32_t code);
  bool op_simd_mem(Opcode op);
  /// The memarg of a load or store: alignment flags (bit 6: a memory index follows, with
  /// multi-memory), offset. Inline: every load and store reads one.
  __attribute__((always_inline)) bool read_memarg(uint32_t max_align_log2, ir::MemArg* m) {
    uint32_t flags = 0, offset = 0;
    if (!rd_.read_u32(&flags)) return false;
    m->mem = 0;
    if ((flags & 0x40) && env_->options.multi_memory) {
      flags &= ~0x40u;
      if (!rd_.read_u32(&m->mem)) return false;
    }
    if (!rd_.read_u32(&offset)) return false;
    if (m->mem >= num_memories_) return invalid("unknown memory " + std::to_string(m->mem));
    if (flags > max_align_log2) return invalid("alignment must not be larger than natural");
    m->align_log2 = static_cast<uint8_t>(flags);
    m->offset = offset;
    m->lane = 0;
    return true;
  }
  bool read_memory_index(uint32_t* mem);
  bool read_table_index(uint32_t* table);
  bool read_locals();
  /// The dispatch loop over the instructions from rd_.pos() to {end}; {base} is the
  /// module offset of rd_.pos().
  bool run(const uint8_t* end, uint64_t base);
  // Numeric instructions: InstData appended with append_inline() (operand count known).
  __attribute__((always_inline)) bool unary(Opcode op, Type r, Type a) {
    Value x;
    if (!pop(a, &x) || !ensure(1)) return false;
    push_unchecked(emitting() ? Value::of_inst(body_->append_inline({op, r, 0, x.index, 0, 0}, 1)) : Value(), r);
    return true;
  }
  __attribute__((always_inline)) bool binary(Opcode op, Type r, Type a, Type b) {
    Value x, y;
    // ensure(): in unreachable code the pops may not have freed a slot.
    if (!pop(b, &y) || !pop(a, &x) || !ensure(1)) return false;
    push_unchecked(emitting() ? Value::of_inst(body_->append_inline({op, r, 0, x.index, y.index, 0}, 2)) : Value(), r);
    return true;
  }
  bool ternary(Opcode op, Type r, Type a, Type b, Type c);

  bool type_mismatch(Type want, Type have);
  bool invalid(std::string message) { return rd_.fail_at(ip_, ErrorCode::kInvalid, std::move(message)); }
  bool malformed(std::string message) { return rd_.fail_at(ip_, ErrorCode::kMalformed, std::move(message)); }
  bool limit(std::string message) { return rd_.fail_at(ip_, ErrorCode::kLimit, std::move(message)); }

  const ModuleEnv* env_;
  const ir::Module* m_ = nullptr;
  ir::FunctionBody* body_ = nullptr;
  Reader rd_;
  const uint8_t* ip_ = nullptr;  // start of the instruction being decoded
  const Type* local_types_ = nullptr;  // the body's local types, fixed once declared
  uint32_t num_locals_ = 0;
  uint32_t num_memories_ = 0;

  std::vector<uint32_t> val_store_;
  std::vector<Type> type_store_;
  uint32_t* vals_ = nullptr;
  Type* types_ = nullptr;
  uint32_t sp_ = 0;
  uint32_t cap_ = 0;

  std::vector<Ctrl> ctrls_;
  Ctrl* top_ = nullptr;
  std::vector<uint32_t> saved_params_;
  std::vector<Block> targets_;  // br_table scratch
  std::vector<uint32_t> depths_;    // br_table scratch
};

}  // namespace wasmrust::frontend
