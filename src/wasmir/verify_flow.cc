// The WasmIR verifier, flow rules: SSA dominance of every use, and linear values and
// locals consumed exactly once on every path (docs/wasmir-text.md, "Linear values").
//
// The linear check is one forward pass in reverse post-order over bit sets of "held"
// items (linear locals first, then linear values). A join whose incoming paths disagree,
// and a loop back edge whose state differs from the loop entry's, are errors; each item
// is reported once (then it is "poisoned"). Nothing is allocated for functions without
// linear items.
#include "wasmir/verifier_impl.h"

#include <algorithm>

namespace wasmrust::ir {

void Verifier::dominance() {
  const FunctionBody& f = *f_;
  for (Block b : f.layout()) {
    if (b.index >= f.num_blocks() || !dom_.reachable(b)) continue;
    for (Inst i : f.block_insts(b)) {
      if (bad_inst_[i.index]) continue;
      f.for_each_operand(i, [&](Value v) { check_dominates(i, v); });
    }
  }
}

void Verifier::check_dominates(Inst use, Value v) {
  const FunctionBody& f = *f_;
  uint32_t ub = inst_block_[use.index];
  uint32_t def;
  if (v.is_aux()) {
    const AuxValue& a = f.aux(v);
    if (a.kind == AuxKind::kParam) {
      if (a.def >= f.num_blocks() || !dom_.dominates(Block(a.def), Block(ub)))
        inst_error(use, vname(v) + " is a parameter of " + bname(Block(a.def)) + ", which does not dominate this use");
      return;
    }
    def = a.def;
  } else {
    def = v.index;
  }
  uint32_t db = def < inst_block_.size() ? inst_block_[def] : kNoBlock;
  if (db == ub) {
    if (def >= use.index) inst_error(use, vname(v) + " is used before its definition");
    return;
  }
  if (db == kNoBlock || !dom_.dominates(Block(db), Block(ub)))
    inst_error(use, "the definition of " + vname(v) + " does not dominate this use");
}

namespace {
constexpr uint32_t kNoItem = ~uint32_t{0};
bool has_bit(const uint64_t* s, uint32_t k) { return (s[k / 64] >> (k % 64)) & 1; }
void set_bit(uint64_t* s, uint32_t k) { s[k / 64] |= uint64_t{1} << (k % 64); }
void clear_bit(uint64_t* s, uint32_t k) { s[k / 64] &= ~(uint64_t{1} << (k % 64)); }
}  // namespace

struct Verifier::LinearPass {
  Verifier& v;
  const FunctionBody& f;
  std::vector<uint32_t> locals;              // sorted linear locals; item k = locals[k]
  std::vector<uint32_t> aux_item, inst_item;  // value -> item
  std::vector<Value> values;                 // item - locals.size() -> value
  uint32_t words = 0;
  std::vector<uint64_t> in, cur, edge, poison;
  std::vector<uint8_t> has_in;

  LinearPass(Verifier& verifier) : v(verifier), f(*verifier.f_) {}

  uint32_t num_locals() const { return static_cast<uint32_t>(locals.size()); }
  uint32_t local_item(uint32_t local) const {
    auto it = std::lower_bound(locals.begin(), locals.end(), local);
    return it != locals.end() && *it == local ? static_cast<uint32_t>(it - locals.begin()) : kNoItem;
  }
  uint32_t value_item(Value x) const {
    if (x.is_aux()) return x.aux_index() < aux_item.size() ? aux_item[x.aux_index()] : kNoItem;
    return x.index < inst_item.size() ? inst_item[x.index] : kNoItem;
  }
  std::string name(uint32_t item) {
    if (item < num_locals()) return "linear local" + std::to_string(locals[item]);
    return "linear value " + v.vname(values[item - num_locals()]);
  }
  void add_value(Value x) {
    uint32_t& slot = x.is_aux() ? aux_item[x.aux_index()] : inst_item[x.index];
    if (slot != kNoItem) return;
    slot = num_locals() + static_cast<uint32_t>(values.size());
    values.push_back(x);
  }
  bool setup();
  void run();
  void block(Block b);
  void inst(Inst i);
  void terminator(Block b, Inst i);
  void consume(Value x, Inst at, uint64_t* state);
  void merge(Block from, Block to, Inst at);
};

bool Verifier::LinearPass::setup() {
  const std::vector<bool>& lp = v.fn_->attrs.linear_params;
  for (uint32_t p = 0; p < lp.size() && p < f.num_params; ++p)
    if (lp[p]) locals.push_back(p);
  for (Local l : f.linear_locals())
    if (l.index < f.num_locals()) locals.push_back(l.index);
  std::sort(locals.begin(), locals.end());
  locals.erase(std::unique(locals.begin(), locals.end()), locals.end());
  bool any_value = !f.linear_inst_values().empty();
  for (uint32_t a = 0; a < f.num_aux() && !any_value; ++a) any_value = f.aux(Value::aux(a)).flags & kValueLinear;
  if (locals.empty() && !any_value) return false;
  aux_item.assign(f.num_aux(), kNoItem);
  inst_item.assign(f.num_insts(), kNoItem);
  for (uint32_t a = 0; a < f.num_aux(); ++a)
    if (f.aux(Value::aux(a)).flags & kValueLinear) add_value(Value::aux(a));
  for (Value x : f.linear_inst_values())
    if (f.value_valid(x)) add_value(x);
  // A local.get of a linear local moves its value out: the result is linear, marked or not.
  for (uint32_t i = 0; i < f.num_insts() && !locals.empty(); ++i) {
    const InstData& d = f.inst(Inst(i));
    if (d.op == Opcode::kLocalGet && local_item(d.a) != kNoItem && d.type != Type::kVoid) add_value(Value::of_inst(Inst(i)));
  }
  uint32_t items = num_locals() + static_cast<uint32_t>(values.size());
  words = (items + 63) / 64;
  return true;
}

void Verifier::LinearPass::run() {
  uint32_t nb = f.num_blocks();
  in.assign(size_t{nb} * words, 0);
  has_in.assign(nb, 0);
  poison.assign(words, 0);
  cur.resize(words);
  edge.resize(words);
  Block entry = f.entry_block();
  for (uint32_t k = 0; k < num_locals() && locals[k] < f.num_params; ++k) set_bit(&in[entry.index * words], k);
  has_in[entry.index] = 1;
  for (Block b : v.dom_.rpo()) block(b);
}

void Verifier::LinearPass::consume(Value x, Inst at, uint64_t* state) {
  uint32_t it = value_item(x);
  if (it == kNoItem || has_bit(poison.data(), it)) return;
  if (!has_bit(state, it)) {
    v.inst_error(at, name(it) + " is used after it was consumed");
    set_bit(poison.data(), it);
    return;
  }
  clear_bit(state, it);
}

void Verifier::LinearPass::block(Block b) {
  std::copy_n(&in[b.index * words], words, cur.begin());
  const BlockData& bd = f.block(b);
  for (uint32_t p = 0; p < bd.num_params; ++p) {
    uint32_t it = value_item(f.block_param(b, p));
    if (it != kNoItem) set_bit(cur.data(), it);
  }
  for (Inst i : f.block_insts(b)) {
    if (is_terminator(f.inst(i).op)) {
      terminator(b, i);
      return;
    }
    inst(i);
  }
}

void Verifier::LinearPass::inst(Inst i) {
  const InstData& d = f.inst(i);
  f.for_each_operand(i, [&](Value x) { consume(x, i, cur.data()); });
  Format fmt = op_format(d.op);
  if (fmt == Format::LocalGet) {
    uint32_t it = local_item(d.a);
    if (it != kNoItem && !has_bit(poison.data(), it)) {
      if (!has_bit(cur.data(), it)) {
        v.inst_error(i, name(it) + " holds no value here (it was moved out or never set)");
        set_bit(poison.data(), value_item(Value::of_inst(i)));  // no second report for the result
      }
      clear_bit(cur.data(), it);
    }
  } else if (fmt == Format::LocalSet || fmt == Format::LocalTee) {
    uint32_t it = local_item(d.b);
    if (it == kNoItem) {
      if (value_item(Value(d.a)) != kNoItem) v.inst_error(i, name(value_item(Value(d.a))) + " is stored in a non-linear local");
    } else if (!has_bit(poison.data(), it)) {
      if (has_bit(cur.data(), it)) v.inst_error(i, name(it) + " is overwritten while it still holds a value");
      if (fmt == Format::LocalTee) v.inst_error(i, "local.tee would copy the value of " + name(it) + "; use local.set");
      set_bit(cur.data(), it);
    }
  }
  for (uint32_t r = 0, n = f.num_results(i); r < n; ++r) {
    uint32_t it = value_item(f.result(i, r));
    if (it != kNoItem) set_bit(cur.data(), it);
  }
}

void Verifier::LinearPass::terminator(Block b, Inst i) {
  const InstData& d = f.inst(i);
  if (d.op == Opcode::kUnreachable) return;  // a trap ends the path: nothing leaks
  if (d.op == Opcode::kReturn) {
    ValueList vals = f.return_values(i);
    const std::vector<bool>& lr = v.fn_->attrs.linear_results;
    for (uint32_t k = 0; k < vals.size(); ++k) {
      consume(vals[k], i, cur.data());
      uint32_t it = value_item(vals[k]);
      if (it != kNoItem && !(k < lr.size() && lr[k])) v.inst_error(i, name(it) + " is returned through a non-linear result");
    }
    uint32_t items = num_locals() + static_cast<uint32_t>(values.size());
    for (uint32_t it = 0; it < items; ++it) {
      if (!has_bit(cur.data(), it) || has_bit(poison.data(), it)) continue;
      v.inst_error(i, name(it) + (it < num_locals() ? " still holds a value at this return" : " is not consumed before this return"));
      set_bit(poison.data(), it);
    }
    return;
  }
  if (d.op == Opcode::kBrIf || d.op == Opcode::kBrTable) consume(Value(d.a), i, cur.data());
  f.for_each_successor(i, [&](const BlockCall& bc) {
    edge = cur;
    for (uint32_t k = 0; k < bc.args.size(); ++k) {
      consume(bc.args[k], i, edge.data());
      uint32_t it = value_item(bc.args[k]);
      if (it == kNoItem || has_bit(poison.data(), it) || bc.block.index >= f.num_blocks()) continue;
      if (k < f.block(bc.block).num_params && value_item(f.block_param(bc.block, k)) == kNoItem) {
        v.inst_error(i, name(it) + " is passed to a non-linear parameter of " + v.bname(bc.block));
        set_bit(poison.data(), it);
      }
    }
    merge(b, bc.block, i);
  });
}

void Verifier::LinearPass::merge(Block from, Block to, Inst at) {
  if (to.index >= f.num_blocks() || !v.dom_.reachable(to)) return;
  uint64_t* t = &in[to.index * words];
  if (!has_in[to.index]) {
    std::copy_n(edge.begin(), words, t);
    has_in[to.index] = 1;
    return;
  }
  bool back = v.dom_.rpo_number(to) <= v.dom_.rpo_number(from);
  for (uint32_t w = 0; w < words; ++w) {
    uint64_t diff = (t[w] ^ edge[w]) & ~poison[w];
    for (; diff != 0; diff &= diff - 1) {
      uint32_t it = w * 64 + static_cast<uint32_t>(__builtin_ctzll(diff));
      if (back) {
        bool held = has_bit(edge.data(), it);
        v.inst_error(at, name(it) + (held ? " is still held" : " is not held") + " when this branch loops back to " +
                             v.bname(to) + ", unlike when " + v.bname(to) + " is first entered");
      } else {
        v.block_error(to, name(it) + " is held on some paths into " + v.bname(to) + " but not on others");
      }
      set_bit(poison.data(), it);
    }
    if (!back) t[w] |= edge[w];
  }
}

void Verifier::linear() {
  if (f_->layout().empty()) return;
  LinearPass pass(*this);
  if (!pass.setup()) return;
  pass.run();
}

}  // namespace wasmrust::ir
