// The structurer's work loop: DoTree / nodeWithin of "Beyond Relooper" as an explicit stack.
//
//   doTree(x, ft)  = [block y_out]* loop? [block y_in]* code(x) term(x) ... end, doTree(y)
// where y_out are x's dominator children outside x's loop (their blocks enclose the loop)
// and y_in the others that need a block, both outermost-first by decreasing RPO number.
// {ft} is where control goes when it falls off the end of the code being produced: a node
// (the block ending there is followed by that node), kFtReturn (the function's end), or
// kFtNone. A branch to ft is left out.
#include "emit/wasm/structurer.h"

#include "emit/wasm/value_plan.h"

namespace wasmrust::emit {

void Structurer::run(const ir::FunctionBody& f, const Cfg& cfg, const ValuePlan& plan) {
  f_ = &f;
  cfg_ = &cfg;
  plan_ = &plan;
  uint32_t n = cfg.size();
  ops_.clear();
  work_.clear();
  used_.assign(n, 0);
  code_pos_.assign(n, kNone);
  edge_tramp_.assign(cfg.num_edges(), kNone);
  tramp_of_.assign(n, kNone);
  pos_ = 0;
  ntramp_ = 0;
  work_.push_back({Work::kDoTree, LabelKind::kBlock, 0, 0, kFtReturn, false});
  while (!work_.empty()) {
    Item w = work_.back();
    work_.pop_back();
    switch (w.kind) {
      case Work::kDoTree: {
        // parameters that came on the stack leave it before any block opens
        if (plan.stack_params(w.node)) emit(OpKind::kParams, w.node);
        uint32_t kids = static_cast<uint32_t>(cfg.dom_children(w.node).size());
        Work next = cfg.is_header(w.node) ? Work::kWrapOut : Work::kWrapIn;
        work_.push_back({next, LabelKind::kBlock, w.node, kids, w.ft, w.typed});
        break;
      }
      case Work::kWrapOut: wrap(w, true); break;
      case Work::kWrapIn: wrap(w, false); break;
      case Work::kEnd: emit(OpKind::kEnd, w.node, w.label); break;
      case Work::kElse: emit(OpKind::kElse); break;
      case Work::kEdge: edge(w.node, w.k, w.ft, w.typed, false); break;
    }
  }
}

void Structurer::emit(OpKind kind, uint32_t a, LabelKind label, uint8_t flag) {
  ops_.push_back(StructOp{kind, label, flag, 0, a, pos_});
  if (kind == OpKind::kCode) {
    code_pos_[a] = pos_;
    Block b = cfg_->block(a);
    pos_ += 1 + (b.valid() ? f_->block(b).num_insts : 1);
  } else {
    ++pos_;
  }
}

// One step of doTree: open the block of the next child that needs one (the pass over
// children outside the loop first, then the loop, then the others), or emit the node.
void Structurer::wrap(const Item& w, bool outside_pass) {
  uint32_t x = w.node;
  std::span<const uint32_t> kids = cfg_->dom_children(x);
  for (uint32_t j = w.k; j-- > 0;) {
    uint32_t y = kids[j];
    if (!cfg_->has_block(y) || cfg_->outside(y) != outside_pass) continue;
    bool typed = plan_->stack_params(y);
    emit(OpKind::kBlock, y, LabelKind::kBlock, typed ? 1 : 0);
    work_.push_back({Work::kDoTree, LabelKind::kBlock, y, 0, w.ft, w.typed});
    work_.push_back({Work::kEnd, LabelKind::kBlock, y, 0, 0, false});
    work_.push_back({outside_pass ? Work::kWrapOut : Work::kWrapIn, LabelKind::kBlock, x, j, y, typed});
    return;
  }
  if (outside_pass) {
    // Falling off a loop's end leaves it; a `return` left out inside it would not type-check.
    emit(OpKind::kLoop, x);
    work_.push_back({Work::kEnd, LabelKind::kLoop, x, 0, 0, false});
    uint32_t ft = w.ft == kFtReturn ? kFtNone : w.ft;
    work_.push_back({Work::kWrapIn, LabelKind::kBlock, x, static_cast<uint32_t>(kids.size()), ft, false});
    return;
  }
  emit(OpKind::kCode, x);
  term(x, w.ft, w.typed);
}

void Structurer::term(uint32_t x, uint32_t ft, bool typed) {
  switch (cfg_->term(x)) {
    case TermKind::kJump: edge(x, cfg_->edge_begin(x), ft, typed, true); break;
    case TermKind::kBrIf: br_if(x, ft, typed); break;
    case TermKind::kBrTable:
    case TermKind::kDispatch: br_table(x, ft); break;
    case TermKind::kReturn:
      if (ft != kFtReturn) emit(OpKind::kReturn, x);
      break;
    case TermKind::kUnreachable: emit(OpKind::kUnreachable, x); break;
  }
}

bool Structurer::labelable(uint32_t x, uint32_t e) const {
  const CfgEdge& ed = cfg_->edge(e);
  return !plan_->needs_copy(ed) && (ed.target <= x || cfg_->has_block(ed.target));
}

// Falling through reaches ft; with stack parameters only where the construct ends carry them.
bool Structurer::elidable(uint32_t x, uint32_t e, uint32_t ft, bool typed) const {
  const CfgEdge& ed = cfg_->edge(e);
  return !plan_->needs_copy(ed) && ed.target > x && cfg_->has_block(ed.target) && ed.target == ft &&
         (typed || !plan_->stack_params(ed.target));
}

void Structurer::branch_to(uint32_t x, uint32_t t, OpKind kind) {
  if (t <= x) {
    emit(kind, t, LabelKind::kLoop);
  } else {
    used_[t] = 1;
    emit(kind, t, LabelKind::kBlock);
  }
}

// The branch of {x} along edge {e}: copies into the target's parameters, then a `br`, nothing
// (the target is where control falls through to), or the target itself inlined.
void Structurer::edge(uint32_t x, uint32_t e, uint32_t ft, bool typed, bool stacked) {
  const CfgEdge& ed = cfg_->edge(e);
  if (plan_->needs_copy(ed)) emit(OpKind::kCopy, e, LabelKind::kBlock, stacked ? 1 : 0);
  uint32_t t = ed.target;
  if (t <= x || cfg_->has_block(t)) {
    if (t != ft || t <= x || (!typed && plan_->stack_params(t))) branch_to(x, t, OpKind::kBr);
    return;
  }
  work_.push_back({Work::kDoTree, LabelKind::kBlock, t, 0, ft, typed});
}

// An `if`, typed with ft's stack parameters when its arms may fall through with them (an if
// with results needs an else arm).
void Structurer::open_if(uint32_t ft, bool typed, bool with_else, uint32_t* ft_in, bool* typed_in) {
  *ft_in = ft == kFtReturn ? kFtNone : ft;
  *typed_in = typed && with_else && ft < kFtReturn && plan_->stack_params(ft);
  emit(OpKind::kIf, *typed_in ? ft : kNone, LabelKind::kIf, *typed_in ? 1 : 0);
  work_.push_back({Work::kEnd, LabelKind::kIf, 0, 0, 0, false});
}

// Conditional branch, cond on the stack. Shapes, cheapest first:
//   br_if T ; <else edge>            T needs no copies and has a label
//   if <then edge> end               the else edge falls through
//   i32.eqz br_if F ; <then edge>    F needs no copies and has a label
//   i32.eqz if <else edge> end       the then edge falls through
//   if <then edge> else <else edge> end
void Structurer::br_if(uint32_t x, uint32_t ft, bool typed) {
  uint32_t et = cfg_->edge_begin(x), ef = et + 1;
  uint32_t ft_in;
  bool typed_in;
  if (labelable(x, et)) {
    branch_to(x, cfg_->edge(et).target, OpKind::kBrIf);
    edge(x, ef, ft, typed, false);
  } else if (elidable(x, ef, ft, typed)) {
    open_if(ft, typed, false, &ft_in, &typed_in);
    work_.push_back({Work::kEdge, LabelKind::kBlock, x, et, ft_in, typed_in});
  } else if (labelable(x, ef)) {
    emit(OpKind::kEqz);
    branch_to(x, cfg_->edge(ef).target, OpKind::kBrIf);
    edge(x, et, ft, typed, false);
  } else if (elidable(x, et, ft, typed)) {
    emit(OpKind::kEqz);
    open_if(ft, typed, false, &ft_in, &typed_in);
    work_.push_back({Work::kEdge, LabelKind::kBlock, x, ef, ft_in, typed_in});
  } else {
    open_if(ft, typed, true, &ft_in, &typed_in);
    work_.push_back({Work::kEdge, LabelKind::kBlock, x, ef, ft_in, typed_in});
    work_.push_back({Work::kElse, LabelKind::kBlock, 0, 0, 0, false});
    work_.push_back({Work::kEdge, LabelKind::kBlock, x, et, ft_in, typed_in});
  }
}

// br_table: every target has a label (targets get blocks). Edges that need copies go
// through a trampoline block per distinct target, whose end is followed by the copies and
// the branch: block.. block (br_table ..) end copies br T0 end copies br T1 ...
void Structurer::br_table(uint32_t x, uint32_t ft) {
  uint32_t eb = cfg_->edge_begin(x), ee = cfg_->edge_end(x);
  uint32_t base = ntramp_, m = 0;
  tramp_rep_.clear();
  for (uint32_t e = eb; e < ee; ++e) {
    const CfgEdge& ed = cfg_->edge(e);
    if (!plan_->needs_copy(ed)) continue;
    uint32_t& t = tramp_of_[ed.ir_target];
    if (t == kNone) {
      t = base + m++;
      tramp_rep_.push_back(e);
    }
    edge_tramp_[e] = t;
  }
  ntramp_ += m;
  for (uint32_t i = m; i-- > 0;) emit(OpKind::kTramp, base + i, LabelKind::kTramp);
  for (uint32_t e = eb; e < ee; ++e) {
    uint32_t t = cfg_->edge(e).target;
    if (edge_tramp_[e] == kNone && t > x) used_[t] = 1;
  }
  emit(OpKind::kBrTable, x, LabelKind::kBlock, m > 0 ? 1 : 0);
  for (uint32_t i = 0; i < m; ++i) {
    uint32_t e = tramp_rep_[i];
    tramp_of_[cfg_->edge(e).ir_target] = kNone;
    emit(OpKind::kEnd, base + i, LabelKind::kTramp);
    edge(x, e, i + 1 == m ? ft : kFtNone, false, false);  // targets have blocks: nothing is inlined
  }
}

}  // namespace wasmrust::emit
