// FunctionBody: appending instructions, operand and result access.
#include "wasmir/function.h"

#include <algorithm>

namespace wasmrust::ir {

void FunctionBody::clear() {
  func_index = 0;
  type_index = 0;
  num_params = 0;
  results.clear();
  local_types_.clear();
  linear_locals_.clear();
  insts_.clear();
  srclocs_.clear();
  uses_.clear();
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
  std::fill(uses_.begin(), uses_.end(), 0u);
  for (AuxValue& a : aux_) a.uses = 0;
  for (uint32_t i = 0; i < insts_.size(); ++i) {
    for_each_operand(Inst(i), [this](Value v) {
      if (v.is_aux() ? v.aux_index() < aux_.size() : v.index < uses_.size()) add_use(v);
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
  d.first_inst = insts_.size();
  d.num_insts = 0;
  layout_.push_back(b);
  current_ = b;
}

Inst FunctionBody::append(const InstData& d, uint32_t srcloc) {
  WR_DCHECK(current_.valid());
  Inst i = insts_.push(d);
  srclocs_.push_back(srcloc);
  uses_.push_back(0);
  ++blocks_[current_].num_insts;
  if (count_uses_) for_each_operand(i, [this](Value v) { add_use(v); });
  if (is_terminator(d.op)) {
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
  uint32_t at = static_cast<uint32_t>(extra_.size());
  for (Value v : vs) extra_.push_back(v.index);
  return at;
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
  const InstData& d = insts_[i];
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
  const InstData& d = insts_[i];
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
  const InstData& d = insts_[i];
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
  const InstData& d = insts_[i];
  return {extra_.data() + d.a, d.b};
}

ValueList FunctionBody::return_values(Inst i) const {
  const InstData& d = insts_[i];
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
  const InstData& d = insts_[i];
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
  Inst i = append({Opcode::kCall, t, 0, at, static_cast<uint32_t>(args.size()), func}, srcloc_);
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
  Inst i = append({Opcode::kCallIndirect, t, 0, at, static_cast<uint32_t>(args.size()), type_index}, srcloc_);
  if (multi) extra_[at + args.size() + 1] = alloc_results(i, result_types);
  return i;
}

Inst FunctionBody::jump(Block target, std::span<const Value> args) {
  uint32_t at = push_values(args);
  return append({Opcode::kJump, Type::kVoid, 0, target.index, at, static_cast<uint32_t>(args.size())}, srcloc_);
}

Inst FunctionBody::br_if(Value cond, Block then_block, std::span<const Value> then_args, Block else_block,
                         std::span<const Value> else_args) {
  uint32_t at = push_extra_word(then_block.index);
  extra_.push_back(static_cast<uint32_t>(then_args.size()));
  push_values(then_args);
  extra_.push_back(else_block.index);
  extra_.push_back(static_cast<uint32_t>(else_args.size()));
  push_values(else_args);
  return append({Opcode::kBrIf, Type::kVoid, 0, cond.index, at, 0}, srcloc_);
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
  return append({Opcode::kReturn, Type::kVoid, 0, at, static_cast<uint32_t>(values.size()), 0}, srcloc_);
}

size_t FunctionBody::memory_bytes() const {
  return local_types_.capacity() * sizeof(Type) + insts_.capacity_bytes() + srclocs_.capacity() * 4 +
         uses_.capacity() * 4 + aux_.capacity() * sizeof(AuxValue) + extra_.capacity() * 4 +
         blocks_.capacity_bytes() + layout_.capacity() * sizeof(Block);
}

}  // namespace wasmrust::ir
