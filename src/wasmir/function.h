// WasmIR function bodies: instructions, SSA values, blocks with parameters, local slots.
//
// Depends on: opcode table (wasmrust/opcode.h), entities.h.
// Guarantees:
//  - Flat arenas with 32-bit ids; no pointers between IR objects. InstData is 16 bytes;
//    immediates that do not fit sit out of line in the extra pool (uint32 words).
//  - A single-result instruction's result value has the instruction's id. Block
//    parameters and the results of multi-result calls are auxiliary values (AuxValue).
//  - Every block is filled in one go: switch_to(b) opens it, a terminator closes it, and a
//    block once closed is never reopened. So each block's instructions are one contiguous
//    range of the instruction arena, and layout() is the order blocks were filled in. Blocks
//    created but never filled are not in the layout (the verifier flags branches to them).
//  - Wasm locals stay mutable local slots (local.get/set/tee); they are not SSA values.
//    Parameters are locals 0..num_params-1. Building from wasm is one linear pass.
//  - Use counts per value are maintained as operands are appended (liveness known from
//    building): tier-1 frees a value's register at its last use.
//  - clear() keeps all capacity, so one FunctionBody serves as the reusable per-function
//    context of a streaming compile.
//
// Operand layout per Format (values first, in a, b, c; then immediates):
//   Const32      a = bits                       Const64   a = low, b = high bits
//   Const128     a = extra index of 4 words (little-endian lanes)
//   Unary        a                              Binary    a, b
//   Ternary      a, b, c                        Select    a = val1, b = val2, c = cond
//   Load         a = addr, c = memarg           Store     a = addr, b = value, c = memarg
//   LoadLane     a = addr, b = vector, c = memarg (lane in imm8)
//   StoreLane    a = addr, b = vector, c = memarg (lane in imm8)
//   ExtractLane  a = vector, imm8 = lane        ReplaceLane a = vector, b = scalar, imm8 = lane
//   Shuffle      a, b, c = extra index of 4 words (16 lane bytes)
//   LocalGet     a = local                      LocalSet/LocalTee a = value, b = local
//   GlobalGet    a = global                     GlobalSet a = value, b = global
//   MemorySize   a = memory                     MemoryGrow a = delta, b = memory
//   MemoryFill   a = extra -> [dst, value, len, memory]
//   MemoryCopy   a = extra -> [dst, src, len, dst memory, src memory]
//   MemoryInit   a = extra -> [dst, src, len, memory, data segment]
//   DataDrop     a = data segment               ElemDrop  a = element segment
//   TableGet     a = index, b = table           TableSet  a = index, b = value, c = table
//   TableSize    a = table                      TableGrow a = init value, b = delta, c = table
//   TableFill    a = extra -> [index, value, len, table]
//   TableCopy    a = extra -> [dst, src, len, dst table, src table]
//   TableInit    a = extra -> [dst, src, len, table, element segment]
//   RefNull      imm8 = reference Type          RefIsNull a          RefFunc a = function
//   Call         a = extra -> [args...(b words), first aux result if >1 result], c = function
//   CallIndirect a = extra -> [args..., callee (b words in all), table, first aux result
//                if >1 result], c = type index
//   Jump         a = target block, b = extra index of args, c = number of args
//   BrIf         a = cond, b = extra -> [then block, n, args..., else block, n, args...]
//   BrTable      a = index, b = extra -> [n targets, n args, args..., targets..., default]
//   Return       a = extra index of values, b = number of values
//   Unreachable  (none)
// memarg: imm8 bits 0-2 = alignment log2, bits 3-6 = lane, bit 7 = out of line. In line,
// c is the offset and the memory is 0; out of line, c indexes [memory, offset lo, offset hi].
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include "support/check.h"
#include "wasmir/entities.h"
#include "wasmrust/opcode.h"
#include "wasmrust/types.h"

namespace wasmrust::ir {

struct InstData {
  Opcode op;
  Type type;      ///< result type; kVoid for none, and for calls with several results
  uint8_t imm8;   ///< small immediate (alignment, lane, reference type), by format
  uint32_t a, b, c;
};
static_assert(sizeof(InstData) == 16, "instructions stay 16 bytes");
static_assert(sizeof(Opcode) == 2 && offsetof(InstData, type) == 2 && offsetof(InstData, imm8) == 3 &&
                  offsetof(InstData, a) == 4 && offsetof(InstData, c) == 12 &&
                  std::endian::native == std::endian::little,
              "InstArena::push() stores InstData as two little-endian words");

struct BlockData {
  static constexpr uint32_t kNotStarted = ~uint32_t{0};
  uint32_t first_inst = kNotStarted;  ///< first instruction, once the block is opened
  uint32_t num_insts = 0;
  uint32_t first_param = 0;           ///< aux index of the first parameter
  uint16_t num_params = 0;
  uint16_t num_preds = 0;             ///< incoming edges, saturating at 0xFFFF
};
static_assert(sizeof(BlockData) == 16);

enum class AuxKind : uint8_t { kParam, kResult };
enum ValueFlag : uint8_t { kValueLinear = 1 };

struct AuxValue {
  Type type;
  AuxKind kind;
  uint8_t flags;    ///< ValueFlag bits
  uint8_t pad = 0;
  uint32_t def;     ///< the Block (param) or Inst (result) that defines it
  uint32_t uses;
};

/// Memory immediate of loads, stores and lane accesses.
struct MemArg {
  uint32_t mem = 0;
  uint64_t offset = 0;
  uint8_t align_log2 = 0;
  uint8_t lane = 0;  ///< lane index for load/store lane
};

/// A list of values stored as words (operands, branch arguments).
struct ValueList {
  const uint32_t* words = nullptr;
  uint32_t count = 0;
  uint32_t size() const { return count; }
  bool empty() const { return count == 0; }
  Value operator[](uint32_t i) const { return Value(words[i]); }
  struct Iter {
    const uint32_t* p;
    Value operator*() const { return Value(*p); }
    Iter& operator++() { ++p; return *this; }
    bool operator!=(const Iter& o) const { return p != o.p; }
  };
  Iter begin() const { return {words}; }
  Iter end() const { return {words + count}; }
};

/// A branch target with its arguments.
struct BlockCall {
  Block block;
  ValueList args;
};

/// Instruction storage: InstData, source location and use count of each instruction in
/// three parallel arrays carved from one allocation, sharing one size and capacity, so an
/// append checks capacity once. A copy holds exactly size() instructions (no slack).
class InstArena {
 public:
  InstArena() = default;
  InstArena(const InstArena& o);
  InstArena(InstArena&& o) noexcept { swap(o); }
  InstArena& operator=(const InstArena& o) {
    if (this != &o) {
      InstArena t(o);
      swap(t);
    }
    return *this;
  }
  InstArena& operator=(InstArena&& o) noexcept {
    swap(o);
    return *this;
  }
  ~InstArena() { ::operator delete(insts_); }

  uint32_t size() const { return static_cast<uint32_t>(size_); }
  uint32_t capacity() const { return static_cast<uint32_t>(cap_); }
  void clear() { size_ = 0; }
  /// Room for {n} instructions in all (keeps the contents).
  void reserve(size_t n) {
    if (n > cap_) grow(n);
  }
  __attribute__((always_inline)) uint32_t push(const InstData& d, uint32_t srcloc) {
    size_t i = size_;
    if (i == cap_) [[unlikely]] grow(i + 1);
    // Two 8-byte stores instead of one per field (the fields are often constants).
    uint64_t lo = uint64_t(uint16_t(d.op)) | uint64_t(uint8_t(d.type)) << 16 | uint64_t(d.imm8) << 24 |
                  uint64_t(d.a) << 32;
    uint64_t hi = uint64_t(d.b) | uint64_t(d.c) << 32;
    // Load the array pointers before storing: the stores may alias anything.
    uint8_t* at = reinterpret_cast<uint8_t*>(insts_ + i);
    uint32_t* srclocs = srclocs_;
    uint32_t* uses = uses_;
    std::memcpy(at, &lo, 8);
    std::memcpy(at + 8, &hi, 8);
    srclocs[i] = srcloc;
    uses[i] = 0;
    size_ = i + 1;
    return static_cast<uint32_t>(i);
  }
  InstData& inst(uint32_t i) {
    WR_DCHECK(i < size_);
    return insts_[i];
  }
  const InstData& inst(uint32_t i) const {
    WR_DCHECK(i < size_);
    return insts_[i];
  }
  uint32_t srcloc(uint32_t i) const {
    WR_DCHECK(i < size_);
    return srclocs_[i];
  }
  uint32_t& uses(uint32_t i) {
    WR_DCHECK(i < size_);
    return uses_[i];
  }
  uint32_t uses(uint32_t i) const {
    WR_DCHECK(i < size_);
    return uses_[i];
  }
  /// The use counts as one array of size() entries.
  const uint32_t* uses_data() const { return uses_; }
  /// Set every use count to zero.
  void clear_uses() {
    if (size_ != 0) std::memset(uses_, 0, size_ * sizeof(uint32_t));
  }
  size_t capacity_bytes() const { return cap_ * kBytesPerInst; }

 private:
  static constexpr size_t kBytesPerInst = sizeof(InstData) + 2 * sizeof(uint32_t);
  void grow(size_t want);
  void allocate(size_t cap);  // exactly {cap}, keeping the contents
  void swap(InstArena& o) noexcept {
    std::swap(insts_, o.insts_);
    std::swap(srclocs_, o.srclocs_);
    std::swap(uses_, o.uses_);
    std::swap(size_, o.size_);
    std::swap(cap_, o.cap_);
  }

  InstData* insts_ = nullptr;  // owns the allocation; srclocs_ and uses_ point into it
  uint32_t* srclocs_ = nullptr;
  uint32_t* uses_ = nullptr;
  size_t size_ = 0;  // size_t, not uint32_t: stores of uint32 operands cannot alias them
  size_t cap_ = 0;
};

class FunctionBody {
 public:
  // ---- identity and signature ----
  uint32_t func_index = 0;    ///< index in the module's function index space
  uint32_t type_index = 0;    ///< index of the function type
  uint32_t num_params = 0;    ///< locals [0, num_params) are the parameters
  std::vector<Type> results;  ///< result types (copied from the function type)

  /// Drop all contents, keeping capacity for the next function.
  void clear();

  // ---- locals ----
  Local add_local(Type t) {
    local_types_.push_back(t);
    return Local(static_cast<uint32_t>(local_types_.size() - 1));
  }
  /// Append {count} locals of type {t} (wasm's local declarations).
  void add_locals(uint32_t count, Type t) { local_types_.insert(local_types_.end(), count, t); }
  uint32_t num_locals() const { return static_cast<uint32_t>(local_types_.size()); }
  Type local_type(Local l) const { return local_types_[l.index]; }
  const std::vector<Type>& local_types() const { return local_types_; }
  void mark_local_linear(Local l) { linear_locals_.push_back(l); }
  const std::vector<Local>& linear_locals() const { return linear_locals_; }

  // ---- blocks and layout ----
  Block create_block(std::span<const Type> params = {});
  /// Open {b} for appending. {b} must not have been opened before.
  void switch_to(Block b);
  Block current_block() const { return current_; }
  /// True while the current block is open and has no terminator yet.
  bool in_block() const { return current_.valid(); }
  /// The block's record; for the open block, num_insts counts what is appended so far.
  const BlockData& block(Block b) const {
    if (b == current_) sync_open_block();
    return blocks_[b];
  }
  uint32_t num_blocks() const { return blocks_.size(); }
  bool block_started(Block b) const { return blocks_[b].first_inst != BlockData::kNotStarted; }
  Value block_param(Block b, uint32_t i) const { return Value::aux(blocks_[b].first_param + i); }
  /// Blocks in the order they were filled; layout()[0] is the entry block.
  const std::vector<Block>& layout() const { return layout_; }
  Block entry_block() const { return layout_.empty() ? Block() : layout_[0]; }
  /// Instructions of {b} in order.
  struct InstRange {
    uint32_t first, last;
    struct Iter {
      uint32_t i;
      Inst operator*() const { return Inst(i); }
      Iter& operator++() { ++i; return *this; }
      bool operator!=(const Iter& o) const { return i != o.i; }
    };
    Iter begin() const { return {first}; }
    Iter end() const { return {last}; }
    uint32_t size() const { return last - first; }
  };
  InstRange block_insts(Block b) const {
    const BlockData& d = block(b);
    if (d.first_inst == BlockData::kNotStarted) return {0, 0};
    return {d.first_inst, d.first_inst + d.num_insts};
  }
  Inst terminator(Block b) const {
    if (b == current_) return Inst();  // a terminator closes its block
    const BlockData& d = blocks_[b];
    if (d.num_insts == 0) return Inst();
    Inst last(d.first_inst + d.num_insts - 1);
    return is_terminator(code_.inst(last.index).op) ? last : Inst();
  }

  // ---- instructions ----
  uint32_t num_insts() const { return code_.size(); }
  const InstData& inst(Inst i) const { return code_.inst(i.index); }
  InstData& inst_mut(Inst i) { return code_.inst(i.index); }
  /// Wasm byte offset (module-relative) of the instruction that produced {i}.
  uint32_t srcloc(Inst i) const { return code_.srcloc(i.index); }
  /// Append an instruction to the open block. Counts uses of its value operands and, for a
  /// terminator, predecessors of its targets and closes the block. Returns the new Inst.
  Inst append(const InstData& d, uint32_t srcloc);
  /// Current source location to attach to appended instructions via the emit helpers.
  void set_srcloc(uint32_t loc) { srcloc_ = loc; }
  /// append() at the current srcloc for an instruction that is not a terminator and whose
  /// value operands are exactly the first {n} (0-3) of a, b, c: the same effect without
  /// the per-format dispatch (the frontend's hot path knows {n} statically).
  __attribute__((always_inline)) Inst append_inline(const InstData& d, uint32_t n) {
    return append_inline(d, n, srcloc_);
  }
  /// append_inline() at {srcloc}.
  __attribute__((always_inline)) Inst append_inline(const InstData& d, uint32_t n, uint32_t srcloc) {
    WR_DCHECK(current_.valid() && !is_terminator(d.op) && n <= 3 && count_uses_);
    Inst i(code_.push(d, srcloc));
    if (n > 0) add_use(Value(d.a));
    if (n > 1) add_use(Value(d.b));
    if (n > 2) add_use(Value(d.c));
    return i;
  }
  /// Room for {n} more instructions without growing (a producer that knows an upper
  /// bound, such as the body's byte size, reserves once per function).
  void reserve_insts(size_t n) { code_.reserve(size_t{code_.size()} + n); }
  /// Producers whose operands may name values defined later (the text parser's forward
  /// references) turn use counting off while appending, then call recount_uses() once.
  void set_count_uses(bool on) { count_uses_ = on; }
  /// Recompute every value's use count from the operands of all instructions (linear).
  void recount_uses();

  // ---- values ----
  Type value_type(Value v) const {
    return v.is_aux() ? aux_[v.aux_index()].type : code_.inst(v.inst().index).type;
  }
  bool value_valid(Value v) const {
    return v.is_aux() ? v.aux_index() < aux_.size() : v.index < code_.size() && code_.inst(v.inst().index).type != Type::kVoid;
  }
  uint32_t value_uses(Value v) const {
    return v.is_aux() ? aux_[v.aux_index()].uses : code_.uses(v.index);
  }
  /// Use counts of the instruction values, indexed by instruction (num_insts() entries).
  const uint32_t* inst_uses() const { return code_.uses_data(); }
  const AuxValue& aux(Value v) const { return aux_[v.aux_index()]; }
  uint32_t num_aux() const { return static_cast<uint32_t>(aux_.size()); }
  bool is_linear(Value v) const;
  void mark_linear(Value v);
  const std::vector<Value>& linear_inst_values() const { return linear_insts_; }

  /// Results of {i}: none, the instruction's own value, or a run of aux values.
  uint32_t num_results(Inst i) const;
  Value result(Inst i, uint32_t n = 0) const;

  // ---- operands and successors ----
  /// All value operands of {i}, including call and branch arguments, in order.
  /// {fn} is called as fn(Value).
  template <typename Fn>
  void for_each_operand(Inst i, Fn&& fn) const;
  /// Value operands held in the fixed fields (a, b, c) or the fixed extra record.
  ValueList fixed_operands(Inst i) const;
  /// Arguments of a call or call_indirect (call_indirect: the callee index is last).
  ValueList call_args(Inst i) const;
  /// Values returned by a return terminator.
  ValueList return_values(Inst i) const;
  /// Successors of a terminator with their arguments, in order. fn(BlockCall).
  template <typename Fn>
  void for_each_successor(Inst i, Fn&& fn) const;
  /// br_table: number of non-default targets.
  uint32_t br_table_size(Inst i) const { return extra_[code_.inst(i.index).b]; }

  MemArg memarg(Inst i) const;
  const uint32_t* extra(uint32_t index) const { return extra_.data() + index; }
  uint32_t extra_size() const { return static_cast<uint32_t>(extra_.size()); }
  uint32_t push_extra(std::span<const uint32_t> words);
  uint32_t push_extra_word(uint32_t w) {
    extra_.push_back(w);
    return static_cast<uint32_t>(extra_.size() - 1);
  }

  // ---- emit helpers (unchecked: the frontend has validated, the public builder checks) ----
  Value i32_const(uint32_t bits) { return val(append({Opcode::kI32Const, Type::kI32, 0, bits, 0, 0}, srcloc_)); }
  Value i64_const(uint64_t bits) {
    return val(append({Opcode::kI64Const, Type::kI64, 0, uint32_t(bits), uint32_t(bits >> 32), 0}, srcloc_));
  }
  Value f32_const(uint32_t bits) { return val(append({Opcode::kF32Const, Type::kF32, 0, bits, 0, 0}, srcloc_)); }
  Value f64_const(uint64_t bits) {
    return val(append({Opcode::kF64Const, Type::kF64, 0, uint32_t(bits), uint32_t(bits >> 32), 0}, srcloc_));
  }
  Value v128_const(const uint8_t bytes[16]);
  Value unary(Opcode op, Type t, Value a) { return val(append({op, t, 0, a.index, 0, 0}, srcloc_)); }
  Value binary(Opcode op, Type t, Value a, Value b) { return val(append({op, t, 0, a.index, b.index, 0}, srcloc_)); }
  Value ternary(Opcode op, Type t, Value a, Value b, Value c) {
    return val(append({op, t, 0, a.index, b.index, c.index}, srcloc_));
  }
  Value select(Type t, Value v1, Value v2, Value cond) {
    return val(append({Opcode::kSelect, t, 0, v1.index, v2.index, cond.index}, srcloc_));
  }
  Value load(Opcode op, Type t, Value addr, const MemArg& m);
  Inst store(Opcode op, Value addr, Value value, const MemArg& m);
  /// Lane loads produce a value; lane stores produce none (type kVoid).
  Inst lane_access(Opcode op, Type t, Value addr, Value vec, const MemArg& m);
  Value extract_lane(Opcode op, Type t, Value vec, uint8_t lane) {
    return val(append({op, t, lane, vec.index, 0, 0}, srcloc_));
  }
  Value replace_lane(Opcode op, Value vec, Value x, uint8_t lane) {
    return val(append({op, Type::kV128, lane, vec.index, x.index, 0}, srcloc_));
  }
  Value shuffle(Value a, Value b, const uint8_t lanes[16]);
  Value local_get(Local l) { return val(append({Opcode::kLocalGet, local_type(l), 0, l.index, 0, 0}, srcloc_)); }
  Inst local_set(Local l, Value v) { return append({Opcode::kLocalSet, Type::kVoid, 0, v.index, l.index, 0}, srcloc_); }
  Value local_tee(Local l, Value v) {
    return val(append({Opcode::kLocalTee, local_type(l), 0, v.index, l.index, 0}, srcloc_));
  }
  Value global_get(uint32_t global, Type t) { return val(append({Opcode::kGlobalGet, t, 0, global, 0, 0}, srcloc_)); }
  Inst global_set(uint32_t global, Value v) {
    return append({Opcode::kGlobalSet, Type::kVoid, 0, v.index, global, 0}, srcloc_);
  }
  /// Instructions with three value operands and two immediates kept in the extra pool
  /// (memory.fill: imm1 unused).
  Inst bulk(Opcode op, Value x, Value y, Value z, uint32_t imm0, uint32_t imm1 = 0);
  /// A plain instruction built from fields (memory.size/grow, table ops, ref ops, drops).
  Inst simple(Opcode op, Type t, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0, uint8_t imm8 = 0) {
    return append({op, t, imm8, a, b, c}, srcloc_);
  }
  /// Call {func}; {results} are its result types. Returns the Inst (see result()).
  Inst call(uint32_t func, std::span<const Value> args, std::span<const Type> results);
  /// call_indirect through {table} with type {type_index}; {args} end with the callee index.
  Inst call_indirect(uint32_t type_index, uint32_t table, std::span<const Value> args,
                     std::span<const Type> results);
  Inst jump(Block target, std::span<const Value> args);
  Inst br_if(Value cond, Block then_block, std::span<const Value> then_args, Block else_block,
             std::span<const Value> else_args);
  Inst br_table(Value index, std::span<const Block> targets, Block default_target, std::span<const Value> args);
  Inst ret(std::span<const Value> values);
  Inst unreachable() { return append({Opcode::kUnreachable, Type::kVoid, 0, 0, 0, 0}, srcloc_); }

  /// Bytes held by this body's arenas (capacity), for memory figures.
  size_t memory_bytes() const;

 private:
  static Value val(Inst i) { return Value::of_inst(i); }
  void add_use(Value v) {
    if (v.is_aux()) ++aux_[v.aux_index()].uses;
    else ++code_.uses(v.index);
  }
  void add_pred(uint32_t block) {
    uint16_t& p = blocks_[Block(block)].num_preds;
    if (p != 0xFFFF) ++p;
  }
  // The open block's num_insts is written when it closes (appends do not touch it).
  void sync_open_block() const {
    BlockData& d = blocks_[current_];
    d.num_insts = code_.size() - d.first_inst;
  }
  uint32_t push_values(std::span<const Value> vs);
  /// Append {d} to the open block counting one use of each of {uses} (its value operands).
  Inst push_counted(const InstData& d, std::span<const Value> uses);
  /// The open block got its terminator.
  void close_block();
  uint32_t alloc_results(Inst i, std::span<const Type> results);
  uint32_t encode_memarg(const MemArg& m, uint8_t* imm8);

  std::vector<Type> local_types_;
  std::vector<Local> linear_locals_;
  InstArena code_;  // instructions with their srclocs and use counts
  std::vector<AuxValue> aux_;
  std::vector<uint32_t> extra_;
  mutable PrimaryMap<Block, BlockData> blocks_;  // mutable: see sync_open_block()
  std::vector<Block> layout_;
  std::vector<Value> linear_insts_;  // inst values marked linear (aux values carry a flag)
  Block current_;
  uint32_t srcloc_ = 0;
  bool count_uses_ = true;
};

// ---- template definitions ----

template <typename Fn>
void FunctionBody::for_each_operand(Inst i, Fn&& fn) const {
  const InstData& d = code_.inst(i.index);
  switch (op_format(d.op)) {
    case Format::Call:
    case Format::CallIndirect:
      for (Value v : call_args(i)) fn(v);
      return;
    case Format::Return:
      for (Value v : return_values(i)) fn(v);
      return;
    case Format::Jump:
    case Format::BrIf:
    case Format::BrTable:
      if (d.op != Opcode::kJump) fn(Value(d.a));
      if (d.op == Opcode::kBrTable) {
        // arguments are shared by all targets; report them once
        const uint32_t* r = extra(d.b);
        for (uint32_t k = 0; k < r[1]; ++k) fn(Value(r[2 + k]));
        return;
      }
      for_each_successor(i, [&](const BlockCall& bc) {
        for (Value v : bc.args) fn(v);
      });
      return;
    default:
      for (Value v : fixed_operands(i)) fn(v);
      return;
  }
}

template <typename Fn>
void FunctionBody::for_each_successor(Inst i, Fn&& fn) const {
  const InstData& d = code_.inst(i.index);
  switch (d.op) {
    case Opcode::kJump:
      fn(BlockCall{Block(d.a), ValueList{extra_.data() + d.b, d.c}});
      return;
    case Opcode::kBrIf: {
      const uint32_t* r = extra(d.b);
      uint32_t n_then = r[1];
      fn(BlockCall{Block(r[0]), ValueList{r + 2, n_then}});
      const uint32_t* e = r + 2 + n_then;
      fn(BlockCall{Block(e[0]), ValueList{e + 2, e[1]}});
      return;
    }
    case Opcode::kBrTable: {
      const uint32_t* r = extra(d.b);
      uint32_t n = r[0], nargs = r[1];
      ValueList args{r + 2, nargs};
      const uint32_t* t = r + 2 + nargs;
      for (uint32_t k = 0; k <= n; ++k) fn(BlockCall{Block(t[k]), args});
      return;
    }
    default:
      return;
  }
}

}  // namespace wasmrust::ir
