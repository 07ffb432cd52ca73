// FunctionBody: the instruction arena, appending instructions, operand and result access.
#include "wasmir/function.h"

#include <algorithm>
#include <new>

namespace wasmrust::ir {

InstArena::InstArena(const InstArena& o) {
  if (o.size_ == 0) return;
  allocate(o.size_);
  std::memcpy(insts_, o.insts_, o.size_ * sizeof(InstData));
  std::memcpy(srclocs_, o.srclocs_, o.size_ * sizeof(uint32_t));
  std::memcpy(uses_, o.uses_, o.size_ * sizeof(uint32_t));
  size_ = o.size_;
}

void InstArena::grow(size_t want) {
  size_t cap = cap_ < 64 ? 64 : cap_ * 2;
  while (cap < want) cap *= 2;
  allocate(cap);
}

void InstArena::allocate(size_t cap) {
  WR_CHECK(cap >= size_ && cap <= (size_t{1} << 32));  // instruction ids are 32-bit
  auto* block = static_cast<uint8_t*>(::operator new(cap * kBytesPerInst));
  auto* insts = reinterpret_cast<InstData*>(block);
  auto* srclocs = reinterpret_cast<uint32_t*>(block + cap * sizeof(InstData));
  auto* uses = srclocs + cap;
  if (size_ != 0) {
    std::memcpy(insts, insts_, size_ * sizeof(InstData));
    std::memcpy(srclocs, srclocs_, size_ * sizeof(uint32_t));
    std::memcpy(uses, uses_, size_ * sizeof(uint32_t));
  }
  ::operator delete(insts_);
  insts_ = insts;
  srclocs_ = srclocs;
  uses_ = uses;
  cap_ = cap;
}

void FunctionBody::clear() {
  func_index = 0;
  type_index = 0;
  num_params = 0;
  results.clear();
  local_types_.clear();
  linear_locals_.clear();
  code_.clear();
  aux_.clear();
  extra_.clear();
  blocks_.clear();
  layout_.clear();
  linear_insts_.clear();
  current_ = Block();
  srcloc_ = 0;
  count_uses_ = true;
}

void FunctionBody::recount_uses() {
  code_.clear_uses();
  for (AuxValue& a : aux_) a.uses = 0;
  for (uint32_t i = 0; i < code_.size(); ++i) {
    for_each_operand(Inst(i), [this](Value v) {
      if (v.is_aux() ? v.aux_index() < aux_.size() : v.index < code_.size()) add_use(v);
    });
  }
}

Block FunctionBody::create_block(std::span<const Type> params) {
  BlockData d;
  d.first_param = static_cast<uint32_t>(aux_.size());
  WR_CHECK(params.size() <= 0xFFFF);
  d.num_params = static_cast<uint16_t>(params.size());
  Block b = blocks_.push(d);
  for (Type t : params) aux_.push_back(AuxValue{t, AuxKind::kParam, 0, 0, b.index, 0});
  return b;
}

void FunctionBody::switch_to(Block b) {
  BlockData& d = blocks_[b];
  WR_DCHECK(d.first_inst == BlockData::kNotStarted);
  if (current_.valid()) sync_open_block();  // left open without a terminator
  d.first_inst = code_.size();
  d.num_insts = 0;
  layout_.push_back(b);
  current_ = b;
}

Inst FunctionBody::append(const InstData& d, uint32_t srcloc) {
  WR_DCHECK(current_.valid());
  Inst i(code_.push(d, srcloc));
  if (count_uses_) for_each_operand(i, [this](Value v) { add_use(v); });
  if (is_terminator(d.op)) {
    sync_open_block();
    for_each_successor(i, [this](const BlockCall& bc) { add_pred(bc.block.index); });
    current_ = Block();
  }
  return i;
}

uint32_t FunctionBody::push_extra(std::span<const uint32_t> words) {
  uint32_t at = static_cast<uint32_t>(extra_.size());
  extra_.insert(extra_.end(), words.begin(), words.end());
  return at;
}

uint32_t FunctionBody::push_values(std::span<const Value> vs) {
  static_assert(sizeof(Value) == sizeof(uint32_t));
  uint32_t at = static_cast<uint32_t>(extra_.size());
  const auto* w = reinterpret_cast<const uint32_t*>(vs.data());
  extra_.insert(extra_.end(), w, w + vs.size());
  return at;
}

// The emitters below know their operand layout, so they count uses and predecessors
// directly instead of going through append()'s per-format dispatch.

Inst FunctionBody::push_counted(const InstData& d, std::span<const Value> uses) {
  WR_DCHECK(current_.valid());
  Inst i(code_.push(d, srcloc_));
  if (count_uses_)
    for (Value v : uses) add_use(v);
  return i;
}

void FunctionBody::close_block() {
  sync_open_block();
  current_ = Block();
}

bool FunctionBody::is_linear(Value v) const {
  if (v.is_aux()) return (aux_[v.aux_index()].flags & kValueLinear) != 0;
  return std::find(linear_insts_.begin(), linear_insts_.end(), v) != linear_insts_.end();
}

void FunctionBody::mark_linear(Value v) {
  if (v.is_aux()) {
    aux_[v.aux_index()].flags |= kValueLinear;
  } else if (!is_linear(v)) {
    linear_insts_.push_back(v);
  }
}

uint32_t FunctionBody::num_results(Inst i) const {
  const InstData& d = code_.inst(i.index);
  if (d.type != Type::kVoid) return 1;
  Format f = op_format(d.op);
  if (f != Format::Call && f != Format::CallIndirect) return 0;
  // Multi-result calls record their first aux result after the operands.
  uint32_t tail = d.a + d.b + (f == Format::CallIndirect ? 1 : 0);
  if (tail >= extra_.size()) return 0;
  uint32_t first = extra_[tail];
  if (first == Value::kInvalid) return 0;
  uint32_t n = 0;
  while (first + n < aux_.size() && aux_[first + n].kind == AuxKind::kResult && aux_[first + n].def == i.index) ++n;
  return n;
}

Value FunctionBody::result(Inst i, uint32_t n) const {
  const InstData& d = code_.inst(i.index);
  if (d.type != Type::kVoid) {
    WR_DCHECK(n == 0);
    return Value::of_inst(i);
  }
  Format f = op_format(d.op);
  WR_DCHECK(f == Format::Call || f == Format::CallIndirect);
  uint32_t tail = d.a + d.b + (f == Format::CallIndirect ? 1 : 0);
  return Value::aux(extra_[tail] + n);
}

ValueList FunctionBody::fixed_operands(Inst i) const {
  const InstData& d = code_.inst(i.index);
  const uint32_t* w = &d.a;
  switch (op_format(d.op)) {
    case Format::Unary: case Format::Load: case Format::ExtractLane: case Format::LocalSet:
    case Format::LocalTee: case Format::GlobalSet: case Format::MemoryGrow: case Format::TableGet:
    case Format::RefIsNull:
      return {w, 1};
    case Format::Binary: case Format::Store: case Format::LoadLane: case Format::StoreLane:
    case Format::ReplaceLane: case Format::Shuffle: case Format::TableSet: case Format::TableGrow:
      return {w, 2};
    case Format::Ternary: case Format::Select:
      return {w, 3};
    case Format::MemoryFill: case Format::MemoryCopy: case Format::MemoryInit:
    case Format::TableFill: case Format::TableCopy: case Format::TableInit:
      return {extra_.data() + d.a, 3};
    case Format::Call: case Format::CallIndirect:
      return call_args(i);
    case Format::Return:
      return return_values(i);
    case Format::BrIf: case Format::BrTable:
      return {w, 1};
    default:
      return {w, 0};
  }
}

ValueList FunctionBody::call_args(Inst i) const {
  const InstData& d = code_.inst(i.index);
  return {extra_.data() + d.a, d.b};
}

ValueList FunctionBody::return_values(Inst i) const {
  const InstData& d = code_.inst(i.index);
  return {extra_.data() + d.a, d.b};
}

uint32_t FunctionBody::encode_memarg(const MemArg& m, uint8_t* imm8) {
  *imm8 = static_cast<uint8_t>((m.align_log2 & 7) | ((m.lane & 15) << 3));
  if (m.mem == 0 && m.offset <= 0xFFFFFFFFu) return static_cast<uint32_t>(m.offset);
  *imm8 |= 0x80;
  uint32_t rec[3] = {m.mem, uint32_t(m.offset), uint32_t(m.offset >> 32)};
  return push_extra(rec);
}

MemArg FunctionBody::memarg(Inst i) const {
  const InstData& d = code_.inst(i.index);
  MemArg m;
  m.align_log2 = d.imm8 & 7;
  m.lane = (d.imm8 >> 3) & 15;
  if (d.imm8 & 0x80) {
    const uint32_t* r = extra(d.c);
    m.mem = r[0];
    m.offset = r[1] | (uint64_t(r[2]) << 32);
  } else {
    m.offset = d.c;
  }
  return m;
}

Value FunctionBody::v128_const(const uint8_t bytes[16]) {
  uint32_t w[4];
  std::memcpy(w, bytes, 16);
  uint32_t at = push_extra(w);
  return val(append({Opcode::kV128Const, Type::kV128, 0, at, 0, 0}, srcloc_));
}

Value FunctionBody::shuffle(Value a, Value b, const uint8_t lanes[16]) {
  uint32_t w[4];
  std::memcpy(w, lanes, 16);
  uint32_t at = push_extra(w);
  return val(append({Opcode::kI8X16Shuffle, Type::kV128, 0, a.index, b.index, at}, srcloc_));
}

Value FunctionBody::load(Opcode op, Type t, Value addr, const MemArg& m) {
  InstData d{op, t, 0, addr.index, 0, 0};
  d.c = encode_memarg(m, &d.imm8);
  return val(append(d, srcloc_));
}

Inst FunctionBody::store(Opcode op, Value addr, Value value, const MemArg& m) {
  InstData d{op, Type::kVoid, 0, addr.index, value.index, 0};
  d.c = encode_memarg(m, &d.imm8);
  return append(d, srcloc_);
}

Inst FunctionBody::lane_access(Opcode op, Type t, Value addr, Value vec, const MemArg& m) {
  InstData d{op, t, 0, addr.index, vec.index, 0};
  d.c = encode_memarg(m, &d.imm8);
  return append(d, srcloc_);
}

Inst FunctionBody::bulk(Opcode op, Value x, Value y, Value z, uint32_t imm0, uint32_t imm1) {
  uint32_t rec[5] = {x.index, y.index, z.index, imm0, imm1};
  uint32_t at = push_extra(rec);
  return append({op, Type::kVoid, 0, at, 0, 0}, srcloc_);
}

uint32_t FunctionBody::alloc_results(Inst i, std::span<const Type> results_types) {
  uint32_t first = static_cast<uint32_t>(aux_.size());
  for (Type t : results_types) aux_.push_back(AuxValue{t, AuxKind::kResult, 0, 0, i.index, 0});
  return first;
}

Inst FunctionBody::call(uint32_t func, std::span<const Value> args, std::span<const Type> result_types) {
  uint32_t at = push_values(args);
  bool multi = result_types.size() > 1;
  if (multi) extra_.push_back(Value::kInvalid);  // patched below, once the Inst id is known
  Type t = result_types.size() == 1 ? result_types[0] : Type::kVoid;
  Inst i = push_counted({Opcode::kCall, t, 0, at, static_cast<uint32_t>(args.size()), func}, args);
  if (multi) extra_[at + args.size()] = alloc_results(i, result_types);
  return i;
}

Inst FunctionBody::call_indirect(uint32_t type_index, uint32_t table, std::span<const Value> args,
                                 std::span<const Type> result_types) {
  uint32_t at = push_values(args);
  extra_.push_back(table);
  bool multi = result_types.size() > 1;
  if (multi) extra_.push_back(Value::kInvalid);
  Type t = result_types.size() == 1 ? result_types[0] : Type::kVoid;
  Inst i = push_counted({Opcode::kCallIndirect, t, 0, at, static_cast<uint32_t>(args.size()), type_index}, args);
  if (multi) extra_[at + args.size() + 1] = alloc_results(i, result_types);
  return i;
}

Inst FunctionBody::jump(Block target, std::span<const Value> args) {
  uint32_t at = push_values(args);
  Inst i = push_counted({Opcode::kJump, Type::kVoid, 0, target.index, at, static_cast<uint32_t>(args.size())}, args);
  add_pred(target.index);
  close_block();
  return i;
}

Inst FunctionBody::br_if(Value cond, Block then_block, std::span<const Value> then_args, Block else_block,
                         std::span<const Value> else_args) {
  uint32_t at = static_cast<uint32_t>(extra_.size());
  extra_.resize(at + 4 + then_args.size() + else_args.size());
  uint32_t* r = extra_.data() + at;
  r[0] = then_block.index;
  r[1] = static_cast<uint32_t>(then_args.size());
  if (!then_args.empty()) std::memcpy(r + 2, then_args.data(), then_args.size() * sizeof(Value));
  r += 2 + then_args.size();
  r[0] = else_block.index;
  r[1] = static_cast<uint32_t>(else_args.size());
  if (!else_args.empty()) std::memcpy(r + 2, else_args.data(), else_args.size() * sizeof(Value));
  Inst i = push_counted({Opcode::kBrIf, Type::kVoid, 0, cond.index, at, 0}, {&cond, 1});
  if (count_uses_) {
    for (Value v : then_args) add_use(v);
    for (Value v : else_args) add_use(v);
  }
  add_pred(then_block.index);
  add_pred(else_block.index);
  close_block();
  return i;
}

Inst FunctionBody::br_table(Value index, std::span<const Block> targets, Block default_target,
                            std::span<const Value> args) {
  uint32_t at = push_extra_word(static_cast<uint32_t>(targets.size()));
  extra_.push_back(static_cast<uint32_t>(args.size()));
  push_values(args);
  for (Block b : targets) extra_.push_back(b.index);
  extra_.push_back(default_target.index);
  return append({Opcode::kBrTable, Type::kVoid, 0, index.index, at, 0}, srcloc_);
}

Inst FunctionBody::ret(std::span<const Value> values) {
  uint32_t at = push_values(values);
  Inst i = push_counted({Opcode::kReturn, Type::kVoid, 0, at, static_cast<uint32_t>(values.size()), 0}, values);
  close_block();
  return i;
}

size_t FunctionBody::memory_bytes() const {
  return local_types_.capacity() * sizeof(Type) + code_.capacity_bytes() +
         aux_.capacity() * sizeof(AuxValue) + extra_.capacity() * 4 +
         blocks_.capacity_bytes() + layout_.capacity() * sizeof(Block);
}

}  // namespace wasmrust::ir
