// The WasmIR text printer: module items, function headers and bodies, instructions.
#include "wasmir/printer.h"

#include <cstdio>
#include <cstring>
#include <string_view>

#include "wasmir/text_util.h"
#include "wasmir/typing.h"

namespace wasmrust::ir {

// ---- FuncNames ----

void FuncNames::compute(const FunctionBody& f) {
  block_num_.assign(f.num_blocks(), kNone);
  inst_num_.assign(f.num_insts(), kNone);
  aux_num_.assign(f.num_aux(), kNone);
  order_.clear();
  for (Block b : f.layout()) {
    if (b.index < block_num_.size() && block_num_[b.index] == kNone) {
      block_num_[b.index] = static_cast<uint32_t>(order_.size());
      order_.push_back(b);
    }
  }
  num_placed_ = static_cast<uint32_t>(order_.size());
  for (uint32_t b = 0; b < f.num_blocks(); ++b) {
    if (block_num_[b] == kNone) {
      block_num_[b] = static_cast<uint32_t>(order_.size());
      order_.push_back(Block(b));
    }
  }
  uint32_t n = 0;
  for (uint32_t k = 0; k < order_.size(); ++k) {
    Block b = order_[k];
    const BlockData& bd = f.block(b);
    for (uint32_t p = 0; p < bd.num_params; ++p) aux_num_[bd.first_param + p] = n++;
    if (k >= num_placed_) continue;
    for (Inst i : f.block_insts(b)) {
      uint32_t nr = f.num_results(i);
      if (nr == 0) continue;
      if (f.inst(i).type != Type::kVoid) {
        inst_num_[i.index] = n++;
      } else {
        for (uint32_t r = 0; r < nr; ++r) aux_num_[f.result(i, r).aux_index()] = n++;
      }
    }
  }
}

uint32_t FuncNames::value(Value v) const {
  if (!v.valid()) return kNone;
  if (v.is_aux()) return v.aux_index() < aux_num_.size() ? aux_num_[v.aux_index()] : kNone;
  return v.index < inst_num_.size() ? inst_num_[v.index] : kNone;
}

void print_value_name(const FuncNames& names, Value v, std::string* out) {
  uint32_t n = names.value(v);
  if (n == FuncNames::kNone) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "<invalid value 0x%x>", v.index);
    out->append(buf);
    return;
  }
  out->push_back('v');
  append_u64(*out, n);
}

void print_block_name(const FuncNames& names, Block b, std::string* out) {
  uint32_t n = names.block(b);
  if (n == FuncNames::kNone) {
    out->append("<invalid block ");
    append_u64(*out, b.index);
    out->push_back('>');
    return;
  }
  out->append("block");
  append_u64(*out, n);
}

void print_effects(const EffectSet& e, std::string* out) {
  out->append("effects(");
  bool first = true;
  auto item = [&](const char* s) {
    if (!first) out->append(", ");
    first = false;
    out->append(s);
  };
  for (uint32_t m : e.mem_read) {
    item("read mem");
    append_u64(*out, m);
  }
  for (uint32_t m : e.mem_write) {
    item("write mem");
    append_u64(*out, m);
  }
  if (e.flags & EffectSet::kGlobalWrite) item("global_write");
  if (e.flags & EffectSet::kTableWrite) item("table_write");
  if (e.flags & EffectSet::kAtomics) item("atomics");
  if (e.flags & EffectSet::kTrap) item("trap");
  for (const std::string& h : e.host) {
    item("host ");
    append_quoted(*out, h);
  }
  out->push_back(')');
}

namespace {

const char* type_text(Type t) { return is_value_type(t) ? type_name(t) : "<invalid type>"; }

void append_ref(std::string& out, const char* prefix, uint64_t index) {
  out.append(prefix);
  append_u64(out, index);
}

// ---- instructions ----

class InstPrinter {
 public:
  InstPrinter(const Module& m, const FunctionBody& f, const FuncNames& names, std::string& out)
      : m_(m), f_(f), names_(names), out_(out) {}

  void print(Inst i);

 private:
  void defs(Inst i);
  bool needs_annotation(Inst i, uint32_t r, Type actual) const;
  void value(Value v) { print_value_name(names_, v, &out_); }
  void sp_value(Value v) {
    out_.push_back(' ');
    value(v);
  }
  void value_list(ValueList vs, bool leading_space);
  void block_call(Block b, ValueList args);
  void memarg(Inst i);
  void operands(Inst i);
  void bulk(const InstData& d, const char* p3, const char* p4);
  void call(Inst i);

  const Module& m_;
  const FunctionBody& f_;
  const FuncNames& names_;
  std::string& out_;
};

void InstPrinter::value_list(ValueList vs, bool leading_space) {
  for (uint32_t k = 0; k < vs.size(); ++k) {
    if (k > 0) out_.append(", ");
    else if (leading_space) out_.push_back(' ');
    value(vs[k]);
  }
}

void InstPrinter::block_call(Block b, ValueList args) {
  print_block_name(names_, b, &out_);
  if (!args.empty()) {
    out_.push_back('(');
    value_list(args, false);
    out_.push_back(')');
  }
}

bool InstPrinter::needs_annotation(Inst i, uint32_t r, Type actual) const {
  const InstData& d = f_.inst(i);
  Format fmt = op_format(d.op);
  if (fmt == Format::Call || fmt == Format::CallIndirect) {
    const FuncType* ft = fmt == Format::Call ? callee_type_of(m_, d.c) : type_at(m_, d.c);
    return ft == nullptr || r >= ft->results.size() || ft->results[r] != actual;
  }
  std::optional<Type> t = infer_result_type(m_, f_, d);
  return !t || *t != actual;
}

void InstPrinter::defs(Inst i) {
  uint32_t nr = f_.num_results(i);
  if (nr == 0) return;
  for (uint32_t r = 0; r < nr; ++r) {
    if (r > 0) out_.append(", ");
    Value v = f_.result(i, r);
    value(v);
    Type t = f_.value_type(v);
    if (needs_annotation(i, r, t)) {
      out_.append(": ");
      out_.append(type_text(t));
    }
    if (f_.is_linear(v)) out_.append(" linear");
  }
  out_.append(" = ");
}

void InstPrinter::memarg(Inst i) {
  MemArg ma = f_.memarg(i);
  if (ma.mem != 0) {
    out_.push_back(' ');
    append_ref(out_, "mem", ma.mem);
  }
  if (ma.offset != 0) {
    out_.append(" offset=");
    append_u64(out_, ma.offset);
  }
  if (ma.align_log2 != op_info(f_.inst(i).op).mem_log2) {
    out_.append(" align=");
    append_u64(out_, uint64_t{1} << ma.align_log2);
  }
}

void InstPrinter::bulk(const InstData& d, const char* p3, const char* p4) {
  const uint32_t* r = f_.extra(d.a);
  out_.push_back(' ');
  append_ref(out_, p3, r[3]);
  if (p4 != nullptr) {
    out_.push_back(' ');
    append_ref(out_, p4, r[4]);
  }
  value_list(ValueList{r, 3}, true);
}

void InstPrinter::call(Inst i) {
  const InstData& d = f_.inst(i);
  ValueList args = f_.call_args(i);
  out_.push_back(' ');
  if (d.op == Opcode::kCall) {
    append_ref(out_, "func", d.c);
  } else {
    append_ref(out_, "type", d.c);
    out_.push_back(' ');
    append_ref(out_, "table", *f_.extra(d.a + d.b));
    out_.push_back(' ');
    if (args.empty()) {
      value(Value());
    } else {
      --args.count;
      value(args[args.count]);
    }
  }
  out_.push_back('(');
  value_list(args, false);
  out_.push_back(')');
}

void InstPrinter::print(Inst i) {
  const InstData& d = f_.inst(i);
  uint32_t loc = f_.srcloc(i);
  if (loc != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "@%04x ", loc);
    out_.append(buf);
  }
  defs(i);
  out_.append(opcode_name(d.op));
  operands(i);
}

void InstPrinter::operands(Inst i) {
  const InstData& d = f_.inst(i);
  switch (op_format(d.op)) {
    case Format::Const32:
      out_.push_back(' ');
      if (d.op == Opcode::kF32Const) append_f32(out_, d.a);
      else append_i64(out_, static_cast<int32_t>(d.a));
      return;
    case Format::Const64: {
      uint64_t bits = d.a | (uint64_t{d.b} << 32);
      out_.push_back(' ');
      if (d.op == Opcode::kF64Const) append_f64(out_, bits);
      else append_i64(out_, static_cast<int64_t>(bits));
      return;
    }
    case Format::Const128: {
      const uint32_t* w = f_.extra(d.a);
      char buf[64];
      std::snprintf(buf, sizeof buf, " i32x4 0x%08x 0x%08x 0x%08x 0x%08x", w[0], w[1], w[2], w[3]);
      out_.append(buf);
      return;
    }
    case Format::Load: case Format::Store:
      memarg(i);
      value_list(f_.fixed_operands(i), true);
      return;
    case Format::LoadLane: case Format::StoreLane:
      memarg(i);
      out_.push_back(' ');
      append_u64(out_, f_.memarg(i).lane);
      value_list(f_.fixed_operands(i), true);
      return;
    case Format::ExtractLane: case Format::ReplaceLane:
      out_.push_back(' ');
      append_u64(out_, d.imm8);
      value_list(f_.fixed_operands(i), true);
      return;
    case Format::Shuffle: {
      uint8_t lanes[16];
      std::memcpy(lanes, f_.extra(d.c), 16);
      for (uint8_t l : lanes) {
        out_.push_back(' ');
        append_u64(out_, l);
      }
      value_list(f_.fixed_operands(i), true);
      return;
    }
    case Format::LocalGet: out_.push_back(' '); append_ref(out_, "local", d.a); return;
    case Format::LocalSet: case Format::LocalTee:
      out_.push_back(' ');
      append_ref(out_, "local", d.b);
      sp_value(Value(d.a));
      return;
    case Format::GlobalGet: out_.push_back(' '); append_ref(out_, "global", d.a); return;
    case Format::GlobalSet:
      out_.push_back(' ');
      append_ref(out_, "global", d.b);
      sp_value(Value(d.a));
      return;
    case Format::MemorySize: out_.push_back(' '); append_ref(out_, "mem", d.a); return;
    case Format::MemoryGrow:
      out_.push_back(' ');
      append_ref(out_, "mem", d.b);
      sp_value(Value(d.a));
      return;
    case Format::MemoryFill: bulk(d, "mem", nullptr); return;
    case Format::MemoryCopy: bulk(d, "mem", "mem"); return;
    case Format::MemoryInit: bulk(d, "mem", "data"); return;
    case Format::DataDrop: out_.push_back(' '); append_ref(out_, "data", d.a); return;
    case Format::ElemDrop: out_.push_back(' '); append_ref(out_, "elem", d.a); return;
    case Format::TableGet:
      out_.push_back(' ');
      append_ref(out_, "table", d.b);
      sp_value(Value(d.a));
      return;
    case Format::TableSet: case Format::TableGrow:
      out_.push_back(' ');
      append_ref(out_, "table", d.c);
      value_list(f_.fixed_operands(i), true);
      return;
    case Format::TableSize: out_.push_back(' '); append_ref(out_, "table", d.a); return;
    case Format::TableFill: bulk(d, "table", nullptr); return;
    case Format::TableCopy: bulk(d, "table", "table"); return;
    case Format::TableInit: bulk(d, "table", "elem"); return;
    case Format::RefNull: out_.push_back(' '); out_.append(type_text(static_cast<Type>(d.imm8))); return;
    case Format::RefFunc: out_.push_back(' '); append_ref(out_, "func", d.a); return;
    case Format::Call: case Format::CallIndirect: call(i); return;
    case Format::Jump:
      out_.push_back(' ');
      f_.for_each_successor(i, [&](const BlockCall& bc) { block_call(bc.block, bc.args); });
      return;
    case Format::BrIf: {
      sp_value(Value(d.a));
      f_.for_each_successor(i, [&](const BlockCall& bc) {
        out_.append(", ");
        block_call(bc.block, bc.args);
      });
      return;
    }
    case Format::BrTable: {
      const uint32_t* r = f_.extra(d.b);
      uint32_t n = r[0], nargs = r[1];
      const uint32_t* t = r + 2 + nargs;
      sp_value(Value(d.a));
      out_.append(", [");
      for (uint32_t k = 0; k < n; ++k) {
        if (k > 0) out_.append(", ");
        print_block_name(names_, Block(t[k]), &out_);
      }
      out_.append("], ");
      print_block_name(names_, Block(t[n]), &out_);
      if (nargs > 0) {
        out_.append(", (");
        value_list(ValueList{r + 2, nargs}, false);
        out_.push_back(')');
      }
      return;
    }
    case Format::Return: value_list(f_.return_values(i), true); return;
    default:  // Unary, Binary, Ternary, Select, RefIsNull, Unreachable
      value_list(f_.fixed_operands(i), true);
      return;
  }
}

// ---- module items ----

class ModulePrinter {
 public:
  ModulePrinter(const Module& m, std::string& out) : m_(m), out_(out) {}
  void module();
  void function(uint32_t fi);

 private:
  void name(const std::string& n) {
    if (n.empty()) return;
    out_.push_back(' ');
    append_quoted(out_, n);
  }
  void types(const std::vector<Type>& ts);
  void limits(const Limits& l);
  void const_expr(const ConstExpr& e);
  void import(const Import& im);
  void func_header(uint32_t fi);
  void params(const Function& fn, uint32_t fi);
  void attrs(const FuncAttrs& a);
  void body(const FunctionBody& f, const Function& fn);
  void locals(const FunctionBody& f, const Function& fn);
  void table(uint32_t i);
  void memory(uint32_t i);
  void global(uint32_t i);
  void segment_mode(SegmentMode mode, const char* prefix, uint32_t index, const ConstExpr& offset);
  void elem(const ElemSegment& e, uint32_t i);
  void data(const DataSegment& d, uint32_t i);
  const std::string* local_name(const Function& fn, uint32_t local);

  const Module& m_;
  std::string& out_;
  FuncNames names_;
  std::vector<uint8_t> linear_;  // per local of the current body
  size_t local_name_cursor_ = 0;
};

void ModulePrinter::types(const std::vector<Type>& ts) {
  out_.push_back('(');
  for (size_t k = 0; k < ts.size(); ++k) {
    if (k > 0) out_.append(", ");
    out_.append(type_text(ts[k]));
  }
  out_.push_back(')');
}

void ModulePrinter::limits(const Limits& l) {
  out_.push_back(' ');
  append_u64(out_, l.min);
  if (l.max) {
    out_.push_back(' ');
    append_u64(out_, *l.max);
  }
}

void ModulePrinter::const_expr(const ConstExpr& e) {
  out_.push_back('(');
  for (size_t k = 0; k < e.ops.size(); ++k) {
    const ConstOp& op = e.ops[k];
    if (k > 0) out_.push_back(' ');
    switch (op.kind) {
      case ConstOp::kI32Const: out_.append("i32.const "); append_i64(out_, static_cast<int32_t>(op.lo)); break;
      case ConstOp::kI64Const: out_.append("i64.const "); append_i64(out_, static_cast<int64_t>(op.lo)); break;
      case ConstOp::kF32Const: out_.append("f32.const "); append_f32(out_, static_cast<uint32_t>(op.lo)); break;
      case ConstOp::kF64Const: out_.append("f64.const "); append_f64(out_, op.lo); break;
      case ConstOp::kV128Const: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "v128.const i32x4 0x%08x 0x%08x 0x%08x 0x%08x", uint32_t(op.lo),
                      uint32_t(op.lo >> 32), uint32_t(op.hi), uint32_t(op.hi >> 32));
        out_.append(buf);
        break;
      }
      case ConstOp::kRefNull: out_.append("ref.null "); out_.append(type_text(op.type)); break;
      case ConstOp::kRefFunc: out_.append("ref.func "); append_ref(out_, "func", op.lo); break;
      case ConstOp::kGlobalGet: out_.append("global.get "); append_ref(out_, "global", op.lo); break;
      case ConstOp::kI32Add: out_.append("i32.add"); break;
      case ConstOp::kI32Sub: out_.append("i32.sub"); break;
      case ConstOp::kI32Mul: out_.append("i32.mul"); break;
      case ConstOp::kI64Add: out_.append("i64.add"); break;
      case ConstOp::kI64Sub: out_.append("i64.sub"); break;
      case ConstOp::kI64Mul: out_.append("i64.mul"); break;
    }
  }
  out_.push_back(')');
}

const std::string* ModulePrinter::local_name(const Function& fn, uint32_t local) {
  auto& names = fn.local_names;
  while (local_name_cursor_ < names.size() && names[local_name_cursor_].first < local) ++local_name_cursor_;
  if (local_name_cursor_ < names.size() && names[local_name_cursor_].first == local)
    return &names[local_name_cursor_].second;
  return nullptr;
}

void ModulePrinter::params(const Function& fn, uint32_t fi) {
  const FuncType* ft = callee_type_of(m_, fi);
  const FunctionBody* f = fn.body.get();
  uint32_t np = f ? f->num_params : (ft ? static_cast<uint32_t>(ft->params.size()) : 0);
  out_.push_back('(');
  for (uint32_t k = 0; k < np; ++k) {
    if (k > 0) out_.append(", ");
    append_ref(out_, "local", k);
    out_.append(": ");
    Type t = f ? (k < f->num_locals() ? f->local_type(Local(k)) : Type::kVoid) : ft->params[k];
    out_.append(type_text(t));
    if (const std::string* n = local_name(fn, k)) name(*n);
    bool lin = (k < fn.attrs.linear_params.size() && fn.attrs.linear_params[k]) || (k < linear_.size() && linear_[k]);
    if (lin) out_.append(" linear");
  }
  out_.append(") -> (");
  const std::vector<Type>* results = f ? &f->results : (ft ? &ft->results : nullptr);
  for (size_t k = 0; results && k < results->size(); ++k) {
    if (k > 0) out_.append(", ");
    out_.append(type_text((*results)[k]));
    if (k < fn.attrs.linear_results.size() && fn.attrs.linear_results[k]) out_.append(" linear");
  }
  out_.push_back(')');
}

void ModulePrinter::attrs(const FuncAttrs& a) {
  if (a.effects) {
    out_.push_back(' ');
    print_effects(*a.effects, &out_);
  }
  if (a.tier == TierHint::kBaseline) out_.append(" tier baseline");
  if (a.tier == TierHint::kOptimized) out_.append(" tier optimized");
  if (a.critical) out_.append(" critical");
  if (!a.region.empty()) {
    out_.append(" region ");
    append_quoted(out_, a.region);
  }
}

void ModulePrinter::func_header(uint32_t fi) {
  const Function& fn = m_.funcs[fi];
  out_.append("func ");
  append_ref(out_, "func", fi);
  name(fn.name);
  out_.push_back(' ');
  append_ref(out_, "type", fn.type_index);
  out_.push_back(' ');
  local_name_cursor_ = 0;
  linear_.clear();
  if (fn.body) {
    linear_.assign(fn.body->num_locals(), 0);
    for (Local l : fn.body->linear_locals())
      if (l.index < linear_.size()) linear_[l.index] = 1;
  }
  params(fn, fi);
  attrs(fn.attrs);
}

void ModulePrinter::locals(const FunctionBody& f, const Function& fn) {
  uint32_t n = f.num_locals();
  for (uint32_t k = f.num_params; k < n;) {
    Type t = f.local_type(Local(k));
    const std::string* nm = local_name(fn, k);
    // A run of plain locals of one type prints as one line.
    uint32_t end = k + 1;
    if (nm == nullptr && !linear_[k]) {
      while (end < n && f.local_type(Local(end)) == t && !linear_[end] && local_name(fn, end) == nullptr) ++end;
    }
    out_.append("  ");
    append_ref(out_, "local", k);
    if (end > k + 1) append_ref(out_, "..local", end - 1);
    out_.append(": ");
    out_.append(type_text(t));
    if (nm) name(*nm);
    if (linear_[k]) out_.append(" linear");
    out_.push_back('\n');
    k = end;
  }
}

void ModulePrinter::body(const FunctionBody& f, const Function& fn) {
  out_.append(" {\n");
  locals(f, fn);
  names_.compute(f);
  const std::vector<Block>& order = names_.order();
  InstPrinter ip(m_, f, names_, out_);
  for (uint32_t k = 0; k < order.size(); ++k) {
    Block b = order[k];
    const BlockData& bd = f.block(b);
    print_block_name(names_, b, &out_);
    if (bd.num_params > 0) {
      out_.push_back('(');
      for (uint32_t p = 0; p < bd.num_params; ++p) {
        if (p > 0) out_.append(", ");
        Value v = f.block_param(b, p);
        print_value_name(names_, v, &out_);
        out_.append(": ");
        out_.append(type_text(f.value_type(v)));
        if (f.is_linear(v)) out_.append(" linear");
      }
      out_.push_back(')');
    }
    out_.push_back(':');
    if (k >= names_.num_placed()) {
      out_.append(" unplaced\n");
      continue;
    }
    out_.push_back('\n');
    for (Inst i : f.block_insts(b)) {
      out_.append("  ");
      ip.print(i);
      out_.push_back('\n');
    }
  }
  out_.append("}\n");
}

void ModulePrinter::function(uint32_t fi) {
  func_header(fi);
  const Function& fn = m_.funcs[fi];
  if (fn.body) body(*fn.body, fn);
  else out_.push_back('\n');
}

void ModulePrinter::table(uint32_t i) {
  const Table& t = m_.tables[i];
  out_.append("table ");
  append_ref(out_, "table", i);
  name(t.name);
  out_.push_back(' ');
  out_.append(type_text(t.elem));
  limits(t.limits);
  if (t.init) {
    out_.append(" = ");
    const_expr(*t.init);
  }
}

void ModulePrinter::memory(uint32_t i) {
  const Memory& mem = m_.memories[i];
  out_.append("memory ");
  append_ref(out_, "mem", i);
  name(mem.name);
  if (mem.is64) out_.append(" i64");
  limits(mem.limits);
  if (mem.shared) out_.append(" shared");
  if (!mem.region.empty()) {
    out_.append(" region ");
    append_quoted(out_, mem.region);
  }
}

void ModulePrinter::global(uint32_t i) {
  const Global& g = m_.globals[i];
  out_.append("global ");
  append_ref(out_, "global", i);
  name(g.name);
  if (g.mut) out_.append(" mut");
  out_.push_back(' ');
  out_.append(type_text(g.type));
  if (!g.import) {
    out_.append(" = ");
    const_expr(g.init);
  }
}

void ModulePrinter::import(const Import& im) {
  out_.append("import ");
  append_quoted(out_, im.module);
  out_.push_back(' ');
  append_quoted(out_, im.field);
  out_.push_back(' ');
  switch (im.kind) {
    case ExternKind::kFunc:
      if (im.index < m_.funcs.size()) return function(im.index);
      append_ref(out_, "func ", im.index);
      break;
    case ExternKind::kTable:
      if (im.index < m_.tables.size()) table(im.index);
      else append_ref(out_, "table ", im.index);
      break;
    case ExternKind::kMemory:
      if (im.index < m_.memories.size()) memory(im.index);
      else append_ref(out_, "memory ", im.index);
      break;
    case ExternKind::kGlobal:
      if (im.index < m_.globals.size()) global(im.index);
      else append_ref(out_, "global ", im.index);
      break;
  }
  out_.push_back('\n');
}

void ModulePrinter::segment_mode(SegmentMode mode, const char* prefix, uint32_t index, const ConstExpr& offset) {
  if (mode == SegmentMode::kPassive) {
    out_.append(" passive");
  } else if (mode == SegmentMode::kDeclarative) {
    out_.append(" declare");
  } else {
    out_.push_back(' ');
    append_ref(out_, prefix, index);
    out_.push_back(' ');
    const_expr(offset);
  }
}

void ModulePrinter::elem(const ElemSegment& e, uint32_t i) {
  out_.append("elem ");
  append_ref(out_, "elem", i);
  name(e.name);
  segment_mode(e.mode, "table", e.table, e.offset);
  out_.push_back(' ');
  out_.append(type_text(e.type));
  out_.append(" [");
  for (size_t k = 0; k < e.items.size(); ++k) {
    if (k > 0) out_.append(", ");
    const ConstExpr& it = e.items[k];
    if (it.ops.size() == 1 && it.ops[0].kind == ConstOp::kRefFunc) append_ref(out_, "func", it.ops[0].lo);
    else const_expr(it);
  }
  out_.append("]\n");
}

void ModulePrinter::data(const DataSegment& d, uint32_t i) {
  out_.append("data ");
  append_ref(out_, "data", i);
  name(d.name);
  segment_mode(d.mode, "mem", d.mem, d.offset);
  out_.push_back(' ');
  append_quoted(out_, std::string_view(reinterpret_cast<const char*>(d.bytes.data()), d.bytes.size()));
  out_.push_back('\n');
}

void ModulePrinter::module() {
  if (!m_.name.empty()) {
    out_.append("module");
    name(m_.name);
    out_.push_back('\n');
  }
  for (uint32_t i = 0; i < m_.types.size(); ++i) {
    out_.append("type ");
    append_ref(out_, "type", i);
    out_.append(" = ");
    types(m_.types[i].params);
    out_.append(" -> ");
    types(m_.types[i].results);
    out_.push_back('\n');
  }
  for (const Import& im : m_.imports) import(im);
  for (uint32_t i = 0; i < m_.tables.size(); ++i)
    if (!m_.tables[i].import) table(i), out_.push_back('\n');
  for (uint32_t i = 0; i < m_.memories.size(); ++i)
    if (!m_.memories[i].import) memory(i), out_.push_back('\n');
  for (uint32_t i = 0; i < m_.globals.size(); ++i)
    if (!m_.globals[i].import) global(i), out_.push_back('\n');
  for (const Export& e : m_.exports) {
    out_.append("export ");
    append_quoted(out_, e.name);
    static const char* const kPrefix[] = {" func", " mem", " table", " global"};
    const char* p = kPrefix[0];
    switch (e.kind) {
      case ExternKind::kFunc: p = " func"; break;
      case ExternKind::kMemory: p = " mem"; break;
      case ExternKind::kTable: p = " table"; break;
      case ExternKind::kGlobal: p = " global"; break;
    }
    (void)kPrefix;
    append_ref(out_, p, e.index);
    out_.push_back('\n');
  }
  if (m_.start) append_ref(out_, "start func", *m_.start), out_.push_back('\n');
  for (uint32_t i = 0; i < m_.elems.size(); ++i) elem(m_.elems[i], i);
  for (uint32_t i = 0; i < m_.datas.size(); ++i) data(m_.datas[i], i);
  if (m_.data_count) append_ref(out_, "datacount ", *m_.data_count), out_.push_back('\n');
  for (uint32_t i = 0; i < m_.funcs.size(); ++i) {
    if (m_.funcs[i].import) continue;
    out_.push_back('\n');
    function(i);
  }
  for (const CustomSection& c : m_.customs) {
    out_.append("custom ");
    append_quoted(out_, c.name);
    if (c.after != 0) append_ref(out_, " after ", c.after);
    out_.push_back(' ');
    append_quoted(out_, std::string_view(reinterpret_cast<const char*>(c.bytes.data()), c.bytes.size()));
    out_.push_back('\n');
  }
}

}  // namespace

void print_inst(const Module& m, const FunctionBody& f, const FuncNames& names, Inst i, std::string* out) {
  InstPrinter(m, f, names, *out).print(i);
}

void print_function(const Module& m, uint32_t func, std::string* out) {
  if (func >= m.funcs.size()) return;
  ModulePrinter(m, *out).function(func);
}

void print_module(const Module& m, std::string* out) { ModulePrinter(m, *out).module(); }

std::string print_module(const Module& m) {
  std::string out;
  print_module(m, &out);
  return out;
}

}  // namespace wasmrust::ir
