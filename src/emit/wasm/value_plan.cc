// Value placement: operand-stack simulation per block, then live intervals in emission
// order and greedy local reuse.
#include "emit/wasm/value_plan.h"

#include <algorithm>

#include "emit/wasm/structurer.h"

namespace wasmrust::emit {

using ir::FunctionBody;
using ir::InstData;

bool ValuePlan::rematerializable(const InstData& d, uint32_t uses) {
  switch (d.op) {
    case Opcode::kI32Const: case Opcode::kI64Const: case Opcode::kF32Const: case Opcode::kF64Const:
    case Opcode::kRefNull: case Opcode::kRefFunc:
      return true;
    case Opcode::kV128Const:
      return uses <= 1;  // 18 bytes a copy: a local pays off from the second use
    default:
      return false;
  }
}

// Append {i}'s stack operands to opnd_ (computed once per instruction: planning, liveness
// and writing all read them).
void ValuePlan::collect(const FunctionBody& f, const Cfg& cfg, uint32_t node, Inst i) {
  const InstData& d = f.inst(i);
  // opnd_ is sized for the worst case up front (3 per instruction plus every extra word):
  // plain stores, no capacity checks
  uint32_t at = opnd_end_;
  uint32_t* out = opnd_.data() + at;
  opnd_at_[i.index] = at;
  switch (op_format(d.op)) {
    case Format::Unary: case Format::Load: case Format::ExtractLane: case Format::LocalSet:
    case Format::LocalTee: case Format::GlobalSet: case Format::MemoryGrow: case Format::TableGet:
    case Format::RefIsNull: case Format::BrIf:
      *out++ = d.a;
      break;
    case Format::Binary: case Format::Store: case Format::LoadLane: case Format::StoreLane:
    case Format::ReplaceLane: case Format::Shuffle: case Format::TableSet: case Format::TableGrow:
      *out++ = d.a;
      *out++ = d.b;
      break;
    case Format::Ternary: case Format::Select:
      *out++ = d.a;
      *out++ = d.b;
      *out++ = d.c;
      break;
    case Format::MemoryFill: case Format::MemoryCopy: case Format::MemoryInit:
    case Format::TableFill: case Format::TableCopy: case Format::TableInit: {
      data_segment_ops_ = data_segment_ops_ || d.op == Opcode::kMemoryInit;
      const uint32_t* r = f.extra(d.a);
      out = std::copy(r, r + 3, out);
      break;
    }
    case Format::Call: case Format::CallIndirect: case Format::Return: {
      const uint32_t* r = f.extra(d.a);
      out = std::copy(r, r + d.b, out);
      break;
    }
    case Format::DataDrop:
      data_segment_ops_ = true;
      break;
    case Format::Jump: {
      const CfgEdge& e = cfg.edge(cfg.edge_begin(node));
      Block tb = cfg.block(e.ir_target);
      if (stack_params(e.ir_target)) {
        out = std::copy(e.args, e.args + e.nargs, out);
        break;
      }
      for (uint32_t k = 0; k < e.nargs; ++k)
        if (state_[key(f.block_param(tb, k))] == VState::kLocal) *out++ = e.args[k];
      break;
    }
    case Format::BrTable: {
      bool tramp = false;
      for (uint32_t e = cfg.edge_begin(node); e < cfg.edge_end(node) && !tramp; ++e) tramp = needs_copy(cfg.edge(e));
      if (!tramp) *out++ = d.a;
      break;
    }
    default:
      break;
  }
  opnd_end_ = static_cast<uint32_t>(out - opnd_.data());
  opnd_n_[i.index] = opnd_end_ - at;
}

void ValuePlan::plan(const FunctionBody& f, const Cfg& cfg, BlockTypeFn block_type, const void* ctx) {
  num_insts_ = f.num_insts();
  uint32_t nkeys = num_insts_ + f.num_aux();
  state_.assign(nkeys, VState::kNone);
  local_.assign(nkeys, kNone);
  params_live_.assign(cfg.size(), 0);
  pre_head_.assign(num_insts_, kNone);
  pre_count_.assign(num_insts_, 0);
  opnd_.resize(3 * size_t(num_insts_) + f.extra_size() + 1);
  opnd_end_ = 0;
  opnd_at_.assign(num_insts_, 0);
  opnd_n_.assign(num_insts_, 0);
  pre_nodes_.clear();
  stack_values_ = 0;
  data_segment_ops_ = false;
  for (uint32_t n = 0; n < cfg.size(); ++n) {
    Block b = cfg.block(n);
    if (!b.valid()) continue;
    for (uint32_t k = 0; k < f.block(b).num_params; ++k) {
      Value p = f.block_param(b, k);
      bool used = f.value_uses(p) > 0;
      state_[key(p)] = used ? VState::kLocal : VState::kDrop;
      if (used) params_live_[n] = 1;
    }
  }
  find_stack_params(f, cfg, block_type, ctx);
  for (uint32_t n = 0; n < cfg.size(); ++n)
    if (cfg.block(n).valid()) plan_block(f, cfg, n);
}

// Merge points whose parameters can come on the stack as block results: every edge into
// them is a forward jump (a `br` to their block or falling out of its end carries values;
// br_if and br_table arguments, back edges and dispatch edges would not).
void ValuePlan::find_stack_params(const FunctionBody& f, const Cfg& cfg, BlockTypeFn block_type, const void* ctx) {
  uint32_t n = cfg.size();
  block_type_.assign(n, kNone);
  in_edges_.assign(n, 0);
  for (uint32_t u = 0; u < n; ++u) {
    for (uint32_t e = cfg.edge_begin(u); e < cfg.edge_end(u); ++e) {
      const CfgEdge& ed = cfg.edge(e);
      bool jump = cfg.term(u) == TermKind::kJump && ed.label == kNone && ed.target > u;
      if (!jump) in_edges_[ed.ir_target] = 1;
    }
  }
  Type one[1];
  for (uint32_t y = 1; y < n; ++y) {
    Block b = cfg.block(y);
    if (!b.valid() || in_edges_[y] || !cfg.has_block(y) || cfg.is_header(y)) continue;
    uint32_t np = f.block(b).num_params;
    if (np == 0) continue;
    if (np == 1) {
      one[0] = f.value_type(f.block_param(b, 0));
      block_type_[y] = type_code(one[0]);
      continue;
    }
    if (!block_type) continue;
    std::vector<Type>& types = scratch_types_;
    types.clear();
    for (uint32_t k = 0; k < np; ++k) types.push_back(f.value_type(f.block_param(b, k)));
    uint32_t ti = block_type(ctx, types);
    if (ti != kNone && ti < kTypeIndexBit) block_type_[y] = kTypeIndexBit | ti;
  }
}

// Blocks (of merge children) open between the start of {node} and its code.
bool ValuePlan::opens_blocks(const Cfg& cfg, uint32_t node) {
  for (uint32_t c : cfg.dom_children(node))
    if (cfg.has_block(c)) return true;
  return false;
}

void ValuePlan::plan_block(const FunctionBody& f, const Cfg& cfg, uint32_t node) {
  auto range = f.block_insts(cfg.block(node));
  sim_.clear();
  if (stack_params(node) && !opens_blocks(cfg, node)) {
    // the parameters are on the stack when the block starts: all consumed in order by one
    // instruction, or stored to locals right away (always when blocks open before the
    // node's code: a block cannot take them along without parameters of its own)
    Block b = cfg.block(node);
    uint32_t np = f.block(b).num_params;
    bool once = np <= 0xFFFF;
    for (uint32_t k = 0; k < np && once; ++k) once = f.value_uses(f.block_param(b, k)) == 1;
    for (uint32_t k = 0; k < np; ++k) {
      Value p = f.block_param(b, k);
      if (once) {
        state_[key(p)] = VState::kPending;
        sim_.push_back(SimEntry{key(p), kImmovable, static_cast<uint16_t>(np), static_cast<uint16_t>(k)});
      }
    }
  }
  for (uint32_t i = range.first; i < range.last; ++i) {
    Inst inst(i);
    collect(f, cfg, node, inst);
    uint32_t ts = match(f, inst, range.first, range.last);
    if (is_terminator(f.inst(inst).op)) break;
    define(f, inst, ts);
  }
  for (const SimEntry& e : sim_)
    if (state_[e.key] == VState::kPending) demote(f, Value(e.key < num_insts_ ? e.key : (e.key - num_insts_) | Value::kAuxBit));
}

// Take {i}'s operands from the top of the simulated stack where they are there in
// order. Returns where {i}'s expression tree starts.
uint32_t ValuePlan::match(const FunctionBody& f, Inst i, uint32_t first, uint32_t last) {
  const uint32_t* ops = opnd_.data() + opnd_at_[i.index];
  uint32_t k = opnd_n_[i.index];
  size_t idx = sim_.size();
  uint32_t j = k;
  uint32_t deepest = kNone;  // sim_ index of the deepest matched entry
  while (j > 0) {
    while (idx > 0 && state_[sim_[idx - 1].key] != VState::kPending) --idx;
    if (idx == 0) break;
    const SimEntry& top = sim_[idx - 1];
    if (top.key != key(Value(ops[j - 1]))) break;
    uint32_t g = top.group;
    if (g == 0) {
      state_[top.key] = VState::kStack;
      ++stack_values_;
      --idx;
      --j;
      deepest = static_cast<uint32_t>(idx);
      continue;
    }
    // a multi-result call's results: only all together, in order, as the last operands
    if (top.member != g - 1 || j < g || idx < g) break;
    bool all = true;
    for (uint32_t t = 0; t < g && all; ++t) {
      const SimEntry& e = sim_[idx - g + t];
      all = e.member == t && state_[e.key] == VState::kPending && e.key == key(Value(ops[j - g + t]));
    }
    if (!all) break;
    for (uint32_t t = 0; t < g; ++t) state_[sim_[idx - g + t].key] = VState::kStack;
    stack_values_ += g;
    idx -= g;
    j -= g;
    deepest = static_cast<uint32_t>(idx);
  }
  // operands [0, j) are not on the stack top: they come from locals (or rematerialize)
  for (uint32_t u = 0; u < j; ++u)
    if (state_[key(Value(ops[u]))] == VState::kPending) demote(f, Value(ops[u]));
  uint32_t ts = i.index;
  if (deepest != kNone) {
    uint32_t at = sim_[deepest].tree_start;
    bool ok = at != kImmovable || j == 0;
    for (uint32_t u = 0; u < j && ok; ++u) ok = available(f, Value(ops[u]), at, first, last);
    if (ok) {
      ts = at;
      if (j > 0) {
        pre_nodes_.push_back(PreGets{i.index, j, pre_head_[at]});
        pre_head_[at] = static_cast<uint32_t>(pre_nodes_.size() - 1);
        pre_count_[i.index] = j;
      }
    } else {
      for (uint32_t u = j; u < k; ++u) demote(f, Value(ops[u]));
      stack_values_ -= k - j;
    }
  }
  sim_.resize(idx);
  return ts;
}

void ValuePlan::define(const FunctionBody& f, Inst i, uint32_t tree_start) {
  const InstData& d = f.inst(i);
  if (d.type != Type::kVoid) {
    Value v = Value::of_inst(i);
    uint32_t u = f.value_uses(v);
    VState& s = state_[key(v)];
    if (u == 0) {
      s = VState::kDrop;
    } else if (u == 1) {
      s = VState::kPending;
      sim_.push_back(SimEntry{key(v), tree_start, 0, 0});
    } else {
      s = rematerializable(d, u) ? VState::kRemat : VState::kLocal;
    }
    return;
  }
  if (d.op != Opcode::kCall && d.op != Opcode::kCallIndirect) return;
  uint32_t nr = f.num_results(i);
  if (nr < 2) return;
  bool all_once = nr <= 0xFFFF;
  for (uint32_t r = 0; r < nr && all_once; ++r) all_once = f.value_uses(f.result(i, r)) == 1;
  for (uint32_t r = 0; r < nr; ++r) {
    Value v = f.result(i, r);
    if (all_once) {
      state_[key(v)] = VState::kPending;
      sim_.push_back(SimEntry{key(v), tree_start, static_cast<uint16_t>(nr), static_cast<uint16_t>(r)});
    } else {
      state_[key(v)] = f.value_uses(v) == 0 ? VState::kDrop : VState::kLocal;
    }
  }
}

void ValuePlan::demote(const FunctionBody& f, Value v) {
  if (v.is_aux()) {
    // a result of a multi-result call: the whole group leaves the stack
    // a result of a multi-result call or a stack-carried parameter: the whole group leaves
    const ir::AuxValue& a = f.aux(v);
    if (a.kind == ir::AuxKind::kParam) {
      Block b(a.def);
      for (uint32_t k = 0, np = f.block(b).num_params; k < np; ++k) {
        VState& s = state_[key(f.block_param(b, k))];
        if (s == VState::kPending || s == VState::kStack) s = VState::kLocal;
      }
      return;
    }
    Inst call(a.def);
    for (uint32_t r = 0, nr = f.num_results(call); r < nr; ++r) {
      VState& s = state_[key(f.result(call, r))];
      if (s == VState::kPending || s == VState::kStack) s = VState::kLocal;
    }
    return;
  }
  const InstData& d = f.inst(v.inst());
  state_[key(v)] = rematerializable(d, f.value_uses(v)) ? VState::kRemat : VState::kLocal;
}

// Can {v} be read with local.get (or rematerialized) right before instruction {at}?
bool ValuePlan::available(const FunctionBody& f, Value v, uint32_t at, uint32_t first, uint32_t last) const {
  if (state_[key(v)] == VState::kRemat) return true;
  uint32_t def;
  if (!v.is_aux()) {
    def = v.index;
  } else {
    const ir::AuxValue& a = f.aux(v);
    if (a.kind == ir::AuxKind::kParam) return true;
    def = a.def;
  }
  return def < first || def >= last || def < at;
}

}  // namespace wasmrust::emit

// ---- live intervals and locals ----

namespace wasmrust::emit {

void ValuePlan::allocate(const FunctionBody& f, const Cfg& cfg, const Structurer& s) {
  uint32_t nkeys = static_cast<uint32_t>(state_.size());
  start_.assign(nkeys, kNone);
  end_.assign(nkeys, 0);
  hint_.assign(nkeys, kNone);
  order_.clear();
  walk_positions(f, cfg, s);
  // positions are bounded by the structurer's count; the bucket array is indexed by them
  bucket_.assign(s.num_positions() + 1, kNone);
  assign_locals(f, cfg.irreducible());
}

// First and last position of every value kept in a local. A value live into a loop (its
// interval starts before the loop and reaches into it) stays live to the loop's end, since
// the back edge carries it around.
void ValuePlan::touch(uint32_t k, uint32_t pos, uint32_t node) {
  if (start_[k] == kNone) {
    start_[k] = pos;
    order_.push_back(k);
    node_[k] = node;
  } else if (node_[k] != node) {
    node_[k] = kNone;  // crosses blocks (matters only with a dispatch loop, see walk_positions)
  }
  uint32_t e = pos;
  auto it = std::upper_bound(loops_.begin(), loops_.end(), start_[k],
                             [](uint32_t s, const std::pair<uint32_t, uint32_t>& l) { return s < l.first; });
  if (it != loops_.end()) e = std::max(e, it->second);
  end_[k] = std::max(end_[k], e);
}

void ValuePlan::walk_positions(const FunctionBody& f, const Cfg& cfg, const Structurer& s) {
  loop_end_.assign(cfg.size(), 0);
  for (const StructOp& op : s.ops())
    if (op.kind == OpKind::kEnd && op.label == LabelKind::kLoop) loop_end_[op.a] = op.pos;
  loops_.clear();
  node_.resize(state_.size());
  uint32_t node = 0;  // the node whose code or branch is being walked
  auto touch_value = [&](uint32_t raw, uint32_t pos) {
    uint32_t k = key(Value(raw));
    if (state_[k] == VState::kLocal) touch(k, pos, node);
  };
  for (const StructOp& op : s.ops()) {
    switch (op.kind) {
      case OpKind::kLoop: loops_.emplace_back(op.pos, loop_end_[op.a]); break;
      case OpKind::kEnd:
        if (op.label == LabelKind::kLoop) loops_.pop_back();
        break;
      case OpKind::kCode: {
        Block b = cfg.block(op.a);
        if (!b.valid()) break;
        node = op.a;
        auto range = f.block_insts(b);
        uint32_t base = s.code_pos(op.a) + 1 - range.first;
        for (uint32_t i = range.first; i < range.last; ++i) {
          Inst inst(i);
          for (uint32_t v : operands(inst)) touch_value(v, base + i);
          const InstData& d = f.inst(inst);
          if (is_terminator(d.op)) break;
          if (d.type != Type::kVoid) {
            touch_value(i, base + i);
          } else if (d.op == Opcode::kCall || d.op == Opcode::kCallIndirect) {
            for (uint32_t r = 0, nr = f.num_results(inst); r < nr; ++r) touch_value(f.result(inst, r).index, base + i);
          }
        }
        break;
      }
      case OpKind::kCopy: {
        const CfgEdge& e = cfg.edge(op.a);
        node = cfg.edge_source(op.a);
        Block tb = cfg.block(e.ir_target);
        for (uint32_t k = 0; k < e.nargs; ++k) {
          Value p = f.block_param(tb, k);
          if (state_[key(p)] != VState::kLocal) continue;
          if (!op.flag) touch_value(e.args[k], op.pos);
          touch(key(p), op.pos, node);
          uint32_t ak = key(Value(e.args[k]));
          if (hint_[key(p)] == kNone && state_[ak] == VState::kLocal) hint_[key(p)] = ak;
        }
        break;
      }
      case OpKind::kParams: {
        node = op.a;
        Block b = cfg.block(op.a);
        for (uint32_t k = 0, np = f.block(b).num_params; k < np; ++k) touch_value(f.block_param(b, k).index, op.pos);
        break;
      }
      case OpKind::kBrTable:
        node = op.a;
        if (op.flag) touch_value(f.inst(f.terminator(cfg.block(op.a))).a, op.pos);
        break;
      default:
        break;
    }
  }
  if (!cfg.irreducible()) return;
  // With a dispatch loop the code order no longer follows dominance: a value can flow from
  // its definition around the dispatch loop into a block placed before it, or through
  // blocks placed anywhere. Values that cross blocks keep their local for the whole body.
  uint32_t last = s.num_positions() ? s.num_positions() - 1 : 0;
  for (uint32_t k : order_) {
    if (node_[k] != kNone) continue;
    start_[k] = 0;
    end_[k] = last;
  }
  std::stable_sort(order_.begin(), order_.end(), [this](uint32_t a, uint32_t b) { return start_[a] < start_[b]; });
}

namespace {
constexpr Type kTypeOrder[] = {Type::kI32, Type::kI64, Type::kF32, Type::kF64,
                               Type::kV128, Type::kFuncRef, Type::kExternRef};
}

// Greedy scan in start order; a local is free again once the value in it has had its last
// use (reads of an instruction happen before its own result is stored, and a copy pushes
// all arguments before it stores any parameter, so "ends at p" frees it for "starts at p").
void ValuePlan::assign_locals(const FunctionBody& f, bool label) {
  for (auto& fl : free_) fl.clear();
  slot_type_.clear();
  next_.resize(state_.size());
  slot_.resize(state_.size());
  slot_free_.clear();
  if (label) {
    slot_type_.push_back(Type::kI32);  // slot 0: the dispatch label, never freed
    slot_free_.push_back(0);
  }
  uint32_t rp = 0;
  for (uint32_t k : order_) {
    uint32_t s0 = start_[k];
    for (; rp <= s0; ++rp) {
      for (uint32_t x = bucket_[rp]; x != kNone; x = next_[x]) {
        free_[static_cast<uint8_t>(slot_type_[slot_[x]])].push_back(slot_[x]);
        slot_free_[slot_[x]] = 1;
      }
      bucket_[rp] = kNone;
    }
    Type t = k < num_insts_ ? f.inst(Inst(k)).type : f.aux(Value((k - num_insts_) | Value::kAuxBit)).type;
    auto& fl = free_[static_cast<uint8_t>(t)];
    // A parameter takes the local of the argument copied into it when that one is free:
    // the copy then stores a local into itself and is left out.
    uint32_t slot = kNone;
    uint32_t h = hint_[k];
    if (h != kNone && start_[h] != kNone && slot_[h] < slot_free_.size() && slot_free_[slot_[h]] &&
        slot_type_[slot_[h]] == t)
      slot = slot_[h];
    while (slot == kNone && !fl.empty()) {  // entries taken through a hint are stale
      if (slot_free_[fl.back()]) slot = fl.back();
      fl.pop_back();
    }
    if (slot == kNone) {
      slot = static_cast<uint32_t>(slot_type_.size());
      slot_type_.push_back(t);
      slot_free_.push_back(0);
    }
    slot_free_[slot] = 0;
    slot_[k] = slot;
    next_[k] = bucket_[end_[k]];
    bucket_[end_[k]] = k;
  }
  // Declare the added locals grouped by type (one declaration each), after the function's own.
  num_temps_ = static_cast<uint32_t>(slot_type_.size());
  uint32_t count[8] = {};
  rank_.resize(num_temps_);
  for (uint32_t sl = 0; sl < num_temps_; ++sl) rank_[sl] = count[static_cast<uint8_t>(slot_type_[sl])]++;
  uint32_t type_base[8] = {};
  uint32_t base = f.num_locals();
  decls_.clear();
  for (Type t : kTypeOrder) {
    uint8_t ti = static_cast<uint8_t>(t);
    type_base[ti] = base;
    if (count[ti] == 0) continue;
    decls_.emplace_back(count[ti], t);
    base += count[ti];
  }
  for (uint32_t k : order_) local_[k] = type_base[static_cast<uint8_t>(slot_type_[slot_[k]])] + rank_[slot_[k]];
  label_local_ = label ? type_base[static_cast<uint8_t>(Type::kI32)] + rank_[0] : kNone;
}

}  // namespace wasmrust::emit
