// Function bodies: the pipeline for one function and the second pass over the structure.
#include "emit/wasm/function_writer.h"

#include "emit/wasm/emit_wasm.h"

#include <algorithm>

#include "wasmir/module.h"

namespace wasmrust::emit {

using ir::FunctionBody;
using ir::InstData;

namespace {
// Index of the type [] -> {results} in the module, for `block (type i)`.
uint32_t find_block_type(const void* ctx, std::span<const Type> results) {
  const ir::Module& m = *static_cast<const ir::Module*>(ctx);
  for (uint32_t i = 0; i < m.types.size(); ++i) {
    const ir::FuncType& t = m.types[i];
    if (t.params.empty() && std::equal(t.results.begin(), t.results.end(), results.begin(), results.end())) return i;
  }
  return kNone;
}
}  // namespace

Status FunctionWriter::write(const FunctionBody& f, FuncMap funcs, ByteWriter& w, EmitStats* stats,
                             const ir::Module* module) {
  funcs_ = funcs;
  WR_TRY(cfg_.build(f));
  plan_.plan(f, cfg_, module ? find_block_type : nullptr, module);
  st_.run(f, cfg_, plan_);
  plan_.allocate(f, cfg_, st_);

  size_t at = w.begin_sized();
  write_locals(f, w);
  uint32_t n = cfg_.size();
  block_label_.assign(n, kNone);
  loop_label_.assign(n, kNone);
  tramp_label_.assign(st_.num_tramps(), kNone);
  nlabels_ = 0;
  typed_.clear();
  bool open_end = false;  // the last thing written is the `end` of a void if or loop
  for (const StructOp& op : st_.ops()) {
    // A void if or loop whose every path branches away still "falls through" for
    // validation: where results are expected next, say that it does not.
    bool closes_typed = (op.kind == OpKind::kEnd || op.kind == OpKind::kElse) && !typed_.empty() && typed_.back() &&
                        !(op.kind == OpKind::kEnd && op.label == LabelKind::kBlock && !st_.block_used(op.a));
    if (open_end && closes_typed) w.byte(0x00);
    open_end = false;
    switch (op.kind) {
      case OpKind::kBlock:
        if (!st_.block_used(op.a)) break;
        w.byte(0x02);
        write_block_type(op, w);
        block_label_[op.a] = nlabels_++;
        typed_.push_back(op.flag);
        break;
      case OpKind::kLoop:
        w.byte(0x03);
        w.byte(0x40);
        loop_label_[op.a] = nlabels_++;
        typed_.push_back(0);
        break;
      case OpKind::kIf:
        w.byte(0x04);
        write_block_type(op, w);
        ++nlabels_;
        typed_.push_back(op.flag);
        break;
      case OpKind::kTramp:
        w.byte(0x02);
        w.byte(0x40);
        tramp_label_[op.a] = nlabels_++;
        typed_.push_back(0);
        break;
      case OpKind::kElse: w.byte(0x05); break;
      case OpKind::kEnd:
        if (op.label == LabelKind::kBlock && !st_.block_used(op.a)) break;
        w.byte(0x0B);
        --nlabels_;
        open_end = !typed_.back() && (op.label == LabelKind::kIf || op.label == LabelKind::kLoop);
        typed_.pop_back();
        break;
      case OpKind::kParams: write_params(f, op.a, w); break;
      case OpKind::kCode: write_code(f, op.a, w); break;
      case OpKind::kCopy: write_copy(f, op, w); break;
      case OpKind::kBr:
        w.byte(0x0C);
        w.u32(depth(op.label, op.a));
        break;
      case OpKind::kBrIf:
        w.byte(0x0D);
        w.u32(depth(op.label, op.a));
        break;
      case OpKind::kEqz: w.byte(0x45); break;
      case OpKind::kBrTable: write_br_table(f, op, w); break;
      case OpKind::kReturn: w.byte(0x0F); break;
      case OpKind::kUnreachable: w.byte(0x00); break;
    }
  }
  if (open_end && !f.results.empty()) w.byte(0x00);
  w.byte(0x0B);
  w.end_sized(at);
  if (stats) {
    ++stats->functions;
    stats->irreducible += cfg_.irreducible() ? 1 : 0;
    stats->temp_locals += plan_.num_temps();
    stats->stack_values += plan_.num_stack_values();
  }
  return {};
}

void FunctionWriter::write_block_type(const StructOp& op, ByteWriter& w) {
  if (!op.flag) {
    w.byte(0x40);
    return;
  }
  uint32_t bt = plan_.block_type(op.a);
  if (bt & ValuePlan::kTypeIndexBit) w.s64(bt & ~ValuePlan::kTypeIndexBit);  // s33 type index
  else w.byte(static_cast<uint8_t>(bt));
}

void FunctionWriter::write_locals(const FunctionBody& f, ByteWriter& w) {
  const std::vector<Type>& types = f.local_types();
  uint32_t runs = 0;
  for (uint32_t i = f.num_params; i < types.size(); ++i)
    if (i == f.num_params || types[i] != types[i - 1]) ++runs;
  w.u32(runs + static_cast<uint32_t>(plan_.temp_decls().size()));
  for (uint32_t i = f.num_params; i < types.size();) {
    uint32_t j = i;
    while (j < types.size() && types[j] == types[i]) ++j;
    w.u32(j - i);
    w.byte(type_code(types[i]));
    i = j;
  }
  for (const auto& [count, t] : plan_.temp_decls()) {
    w.u32(count);
    w.byte(type_code(t));
  }
}

uint32_t FunctionWriter::depth(LabelKind kind, uint32_t a) const {
  uint32_t idx = kind == LabelKind::kLoop ? loop_label_[a] : kind == LabelKind::kTramp ? tramp_label_[a] : block_label_[a];
  WR_DCHECK(idx != kNone && idx < nlabels_);
  return nlabels_ - 1 - idx;
}

void FunctionWriter::write_get(const FunctionBody& f, Value v, ByteWriter& w) {
  switch (plan_.state(v)) {
    case VState::kLocal:
      w.byte(0x20);
      w.u32(plan_.local(v));
      return;
    case VState::kRemat:
      write_inst(w, f, v.inst(), funcs_);
      return;
    default:
      // a value no reachable code defines (unverified IR): a zero keeps the code valid
      write_zero(w, f.value_type(v));
      return;
  }
}

void FunctionWriter::write_results(const FunctionBody& f, Inst i, ByteWriter& w) {
  const InstData& d = f.inst(i);
  auto store = [&](Value v) {
    switch (plan_.state(v)) {
      case VState::kLocal:
        w.byte(0x21);
        w.u32(plan_.local(v));
        break;
      case VState::kDrop: w.byte(0x1A); break;
      default: break;
    }
  };
  if (d.type != Type::kVoid) {
    store(Value::of_inst(i));
    return;
  }
  if (d.op != Opcode::kCall && d.op != Opcode::kCallIndirect) return;
  uint32_t nr = f.num_results(i);
  if (nr == 0 || plan_.state(f.result(i, 0)) == VState::kStack) return;
  for (uint32_t r = nr; r-- > 0;) {
    Value v = f.result(i, r);
    if (plan_.state(v) == VState::kLocal) {
      w.byte(0x21);
      w.u32(plan_.local(v));
    } else {
      w.byte(0x1A);
    }
  }
}

// Stack parameters that are not consumed where they are: into their locals, or dropped.
void FunctionWriter::write_params(const FunctionBody& f, uint32_t node, ByteWriter& w) {
  Block b = cfg_.block(node);
  uint32_t np = f.block(b).num_params;
  if (np == 0 || plan_.state(f.block_param(b, 0)) == VState::kStack) return;
  for (uint32_t k = np; k-- > 0;) {
    Value p = f.block_param(b, k);
    if (plan_.state(p) == VState::kLocal) {
      w.byte(0x21);
      w.u32(plan_.local(p));
    } else {
      w.byte(0x1A);
    }
  }
}

void FunctionWriter::write_code(const FunctionBody& f, uint32_t node, ByteWriter& w) {
  Block b = cfg_.block(node);
  if (!b.valid()) {  // dispatch node: br_table on the label
    w.byte(0x20);
    w.u32(plan_.label_local());
    return;
  }
  auto range = f.block_insts(b);
  for (uint32_t i = range.first; i < range.last; ++i) {
    Inst inst(i);
    for (uint32_t g = plan_.pre_gets_head(inst); g != kNone; g = plan_.pre_gets(g).next) {
      const ValuePlan::PreGets& pg = plan_.pre_gets(g);
      std::span<const uint32_t> ops = plan_.operands(Inst(pg.consumer));
      for (uint32_t u = 0; u < pg.count; ++u) write_get(f, Value(ops[u]), w);
    }
    const InstData& d = f.inst(inst);
    if (d.type != Type::kVoid && plan_.state(Value::of_inst(inst)) == VState::kRemat) continue;
    std::span<const uint32_t> ops = plan_.operands(inst);
    for (uint32_t u = plan_.pre_count(inst); u < ops.size(); ++u) {
      Value v(ops[u]);
      if (plan_.state(v) != VState::kStack) write_get(f, v, w);
    }
    if (is_terminator(d.op)) return;
    write_inst(w, f, inst, funcs_);
    write_results(f, inst, w);
  }
}

// Branch arguments into the target's parameter locals: push every argument (unless the
// terminator already did), then store from the last parameter down; then the dispatch label.
void FunctionWriter::write_copy(const FunctionBody& f, const StructOp& op, ByteWriter& w) {
  const CfgEdge& e = cfg_.edge(op.a);
  Block tb = cfg_.block(e.ir_target);
  // an argument already in its parameter's local needs no copy (arguments pushed by the
  // terminator are on the stack and must be stored all the same)
  auto in_place = [&](uint32_t k) {
    Value a(e.args[k]);
    return !op.flag && plan_.state(a) == VState::kLocal && plan_.local(a) == plan_.local(f.block_param(tb, k));
  };
  if (!op.flag) {
    for (uint32_t k = 0; k < e.nargs; ++k)
      if (plan_.state(f.block_param(tb, k)) == VState::kLocal && !in_place(k)) write_get(f, Value(e.args[k]), w);
  }
  for (uint32_t k = e.nargs; k-- > 0;) {
    Value p = f.block_param(tb, k);
    if (plan_.state(p) != VState::kLocal || in_place(k)) continue;
    w.byte(0x21);
    w.u32(plan_.local(p));
  }
  if (e.label != kNone) {
    w.byte(0x41);
    w.s32(static_cast<int32_t>(e.label));
    w.byte(0x21);
    w.u32(plan_.label_local());
  }
}

void FunctionWriter::write_br_table(const FunctionBody& f, const StructOp& op, ByteWriter& w) {
  uint32_t x = op.a;
  if (op.flag) write_get(f, Value(f.inst(f.terminator(cfg_.block(x))).a), w);
  uint32_t eb = cfg_.edge_begin(x), ee = cfg_.edge_end(x);
  w.byte(0x0E);
  w.u32(ee - eb - 1);
  for (uint32_t e = eb; e < ee; ++e) {
    uint32_t t = cfg_.edge(e).target;
    uint32_t tr = st_.edge_tramp(e);
    if (tr != kNone) w.u32(depth(LabelKind::kTramp, tr));
    else if (t <= x) w.u32(depth(LabelKind::kLoop, t));
    else w.u32(depth(LabelKind::kBlock, t));
  }
}

}  // namespace wasmrust::emit
