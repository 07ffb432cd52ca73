// The WasmIR verifier, per function: signature, block layout and terminators, and every
// instruction's operand and result types and immediates (from the opcode table through
// typing.h), calls and branches.
#include "wasmir/text_util.h"
#include "wasmir/verifier_impl.h"

namespace wasmrust::ir {

namespace {
const char* tname(Type t) { return is_value_type(t) ? type_name(t) : "<invalid type>"; }

std::string expect_text(const TypeExpect& e) {
  return e.kind == TypeExpect::kAnyRef ? std::string("a reference type") : std::string(tname(e.type));
}
}  // namespace

void Verifier::function(uint32_t fi) {
  begin_function(fi);
  if (f_ == nullptr) return;
  errors_at_start_ = out_->errors.size();
  const FunctionBody& f = *f_;
  inst_block_.assign(f.num_insts(), kNoBlock);
  for (Block b : f.layout()) {
    if (b.index >= f.num_blocks()) continue;
    for (Inst i : f.block_insts(b))
      if (i.index < inst_block_.size()) inst_block_[i.index] = b.index;
  }
  bad_inst_.assign(f.num_insts(), 0);
  signature();
  layout();
  for (Block b : f.layout()) {
    if (b.index >= f.num_blocks()) continue;
    for (Inst i : f.block_insts(b)) inst(i);
  }
  dom_.compute(f);
  dominance();
  // Linearity is only meaningful on otherwise well-formed code.
  if (opt_.linear && out_->errors.size() == errors_at_start_) linear();
}

void Verifier::signature() {
  const FunctionBody& f = *f_;
  const FuncType* ft = type_at(m_, fn_->type_index);
  if (f.func_index != fi_) func_error("the body belongs to func" + std::to_string(f.func_index));
  if (f.type_index != fn_->type_index) func_error("the body's type index differs from the function's");
  for (uint32_t l = 0; l < f.num_locals(); ++l)
    if (!is_value_type(f.local_type(Local(l)))) func_error("local" + std::to_string(l) + " is not of a value type");
  if (ft) {
    bool params_ok = f.num_params == ft->params.size() && f.num_params <= f.num_locals();
    for (uint32_t p = 0; params_ok && p < f.num_params; ++p) params_ok = f.local_type(Local(p)) == ft->params[p];
    if (!params_ok) func_error("the parameters differ from type" + std::to_string(fn_->type_index));
    if (f.results != ft->results) func_error("the results differ from type" + std::to_string(fn_->type_index));
  }
  if (fn_->attrs.linear_params.size() > f.num_params) func_error("more linear marks than parameters");
  if (fn_->attrs.linear_results.size() > f.results.size()) func_error("more linear marks than results");
  for (Local l : f.linear_locals()) {
    if (l.index >= f.num_locals()) func_error("linear mark on unknown local" + std::to_string(l.index));
    else if (l.index < f.num_params) func_error("linear mark on parameter local" + std::to_string(l.index) + " (mark it in the signature)");
  }
}

void Verifier::layout() {
  const FunctionBody& f = *f_;
  if (f.layout().empty()) {
    func_error("the function has no blocks");
    return;
  }
  Block entry = f.entry_block();
  if (entry.index < f.num_blocks() && f.block(entry).num_params != 0) block_error(entry, "the entry block has parameters");
  std::vector<uint8_t> seen(f.num_blocks(), 0);
  for (Block b : f.layout()) {
    if (b.index >= f.num_blocks()) {
      func_error("the layout names unknown block " + std::to_string(b.index));
      continue;
    }
    if (seen[b.index]) {
      block_error(b, "the block appears twice in the layout");
      continue;
    }
    seen[b.index] = 1;
    auto range = f.block_insts(b);
    if (range.size() == 0) {
      block_error(b, "the block is empty (it needs a terminator)");
      continue;
    }
    for (Inst i : range) {
      bool last = i.index + 1 == range.last;
      bool term = is_terminator(f.inst(i).op);
      if (term && !last) inst_error(i, "a terminator in the middle of a block");
      if (!term && last) block_error(b, "the block does not end with a terminator");
    }
  }
}

bool Verifier::operands_valid(Inst i) {
  bool ok = true;
  uint32_t k = 0;
  f_->for_each_operand(i, [&](Value v) {
    if (!f_->value_valid(v)) {
      inst_error(i, "operand " + std::to_string(k) + " is not a value");
      ok = false;
    }
    ++k;
  });
  if (!ok) bad_inst_[i.index] = 1;
  return ok;
}

void Verifier::inst(Inst i) {
  const InstData& d = f_->inst(i);
  if (static_cast<uint32_t>(d.op) >= kOpcodeCount) {
    inst_error(i, "invalid opcode");
    bad_inst_[i.index] = 1;
    return;
  }
  bool ok = operands_valid(i);
  switch (op_format(d.op)) {
    case Format::Call: case Format::CallIndirect:
      call(i);
      return;
    case Format::Jump: case Format::BrIf: case Format::BrTable: case Format::Return: case Format::Unreachable:
      terminator(i);
      return;
    default:
      if (ok) plain(i);
      immediates(i);
      return;
  }
}

// Operand and result types of instructions that are neither calls nor terminators.
void Verifier::plain(Inst i) {
  const InstData& d = f_->inst(i);
  ValueList ops = f_->fixed_operands(i);
  for (uint32_t k = 0; k < ops.size(); ++k) {
    TypeExpect e = operand_expect(m_, *f_, i, k);
    Type t = f_->value_type(ops[k]);
    if (!e.accepts(t))
      inst_error(i, "operand " + std::to_string(k) + " (" + vname(ops[k]) + ") has type " + tname(t) + ", expected " + expect_text(e));
  }
  if (d.op == Opcode::kSelect) {
    if (!is_value_type(d.type)) inst_error(i, "select needs a result type");
    return;
  }
  std::optional<Type> want = infer_result_type(m_, *f_, d);
  if (want && *want != d.type) {
    std::string got = d.type == Type::kVoid ? "no result" : std::string("result type ") + tname(d.type);
    std::string exp = *want == Type::kVoid ? "none" : tname(*want);
    inst_error(i, "has " + got + ", expected " + (*want == Type::kVoid ? "no result" : exp));
  }
}

bool Verifier::check_index(Inst i, uint32_t index, size_t count, const char* what) {
  if (index < count) return true;
  inst_error(i, std::string("unknown ") + what + std::to_string(index));
  return false;
}

void Verifier::memarg(Inst i) {
  const InstData& d = f_->inst(i);
  const OpInfo& info = op_info(d.op);
  MemArg ma = f_->memarg(i);
  if (check_index(i, ma.mem, m_.memories.size(), "mem") && !m_.memories[ma.mem].is64 && ma.offset > 0xFFFFFFFFull)
    inst_error(i, "the offset does not fit a 32-bit memory");
  if (ma.align_log2 > info.mem_log2)
    inst_error(i, "alignment " + std::to_string(1u << ma.align_log2) + " exceeds the natural alignment " +
                      std::to_string(1u << info.mem_log2));
  Format fmt = info.format;
  if ((fmt == Format::LoadLane || fmt == Format::StoreLane) && ma.lane >= (16u >> info.mem_log2))
    inst_error(i, "lane " + std::to_string(ma.lane) + " out of range");
}

void Verifier::immediates(Inst i) {
  const InstData& d = f_->inst(i);
  const uint32_t* r = nullptr;
  switch (op_format(d.op)) {
    case Format::Load: case Format::Store: case Format::LoadLane: case Format::StoreLane: memarg(i); return;
    case Format::ExtractLane: case Format::ReplaceLane:
      if (d.imm8 >= lane_count(d.op)) inst_error(i, "lane " + std::to_string(d.imm8) + " out of range");
      return;
    case Format::Shuffle: {
      const uint8_t* lanes = reinterpret_cast<const uint8_t*>(f_->extra(d.c));
      for (int k = 0; k < 16; ++k)
        if (lanes[k] >= 32) inst_error(i, "shuffle lane " + std::to_string(lanes[k]) + " out of range");
      return;
    }
    case Format::LocalGet: check_index(i, d.a, f_->num_locals(), "local"); return;
    case Format::LocalSet: case Format::LocalTee: check_index(i, d.b, f_->num_locals(), "local"); return;
    case Format::GlobalGet: check_index(i, d.a, m_.globals.size(), "global"); return;
    case Format::GlobalSet:
      if (check_index(i, d.b, m_.globals.size(), "global") && !m_.globals[d.b].mut)
        inst_error(i, "global.set of immutable global" + std::to_string(d.b));
      return;
    case Format::MemorySize: check_index(i, d.a, m_.memories.size(), "mem"); return;
    case Format::MemoryGrow: check_index(i, d.b, m_.memories.size(), "mem"); return;
    case Format::MemoryFill: r = f_->extra(d.a); check_index(i, r[3], m_.memories.size(), "mem"); return;
    case Format::MemoryCopy:
      r = f_->extra(d.a);
      check_index(i, r[3], m_.memories.size(), "mem");
      check_index(i, r[4], m_.memories.size(), "mem");
      return;
    case Format::MemoryInit:
      r = f_->extra(d.a);
      check_index(i, r[3], m_.memories.size(), "mem");
      check_index(i, r[4], m_.datas.size(), "data");
      return;
    case Format::DataDrop: check_index(i, d.a, m_.datas.size(), "data"); return;
    case Format::ElemDrop: check_index(i, d.a, m_.elems.size(), "elem"); return;
    case Format::TableGet: check_index(i, d.b, m_.tables.size(), "table"); return;
    case Format::TableSet: case Format::TableGrow: check_index(i, d.c, m_.tables.size(), "table"); return;
    case Format::TableSize: check_index(i, d.a, m_.tables.size(), "table"); return;
    case Format::TableFill: check_index(i, f_->extra(d.a)[3], m_.tables.size(), "table"); return;
    case Format::TableCopy: {
      r = f_->extra(d.a);
      bool ok = check_index(i, r[3], m_.tables.size(), "table") & check_index(i, r[4], m_.tables.size(), "table");
      if (ok && m_.tables[r[3]].elem != m_.tables[r[4]].elem) inst_error(i, "the tables' element types differ");
      return;
    }
    case Format::TableInit: {
      r = f_->extra(d.a);
      bool ok = check_index(i, r[3], m_.tables.size(), "table") & check_index(i, r[4], m_.elems.size(), "elem");
      if (ok && m_.tables[r[3]].elem != m_.elems[r[4]].type) inst_error(i, "the segment's element type differs from the table's");
      return;
    }
    case Format::RefNull:
      if (!is_ref(static_cast<Type>(d.imm8))) inst_error(i, "ref.null needs a reference type");
      return;
    case Format::RefFunc:
      if (check_index(i, d.a, m_.funcs.size(), "func") && !declared_refs_[d.a])
        inst_error(i, "func" + std::to_string(d.a) + " is not declared for ref.func (no element segment, export or initializer names it)");
      return;
    default:
      return;
  }
}

void Verifier::check_args(Inst i, ValueList args, const std::vector<Type>& want, const std::string& what) {
  if (args.size() != want.size()) {
    inst_error(i, what + " takes " + std::to_string(want.size()) + " values, got " + std::to_string(args.size()));
    return;
  }
  for (uint32_t k = 0; k < args.size(); ++k) {
    if (!f_->value_valid(args[k])) continue;
    Type t = f_->value_type(args[k]);
    if (t != want[k])
      inst_error(i, "value " + std::to_string(k) + " (" + vname(args[k]) + ") for " + what + " has type " + tname(t) +
                        ", expected " + tname(want[k]));
  }
}

void Verifier::call(Inst i) {
  const InstData& d = f_->inst(i);
  ValueList args = f_->call_args(i);
  const FuncType* ft = nullptr;
  std::string what;
  if (d.op == Opcode::kCall) {
    if (!check_index(i, d.c, m_.funcs.size(), "func")) return;
    ft = callee_type_of(m_, d.c);
    what = "func" + std::to_string(d.c);
  } else {
    uint32_t table = *f_->extra(d.a + d.b);
    if (check_index(i, table, m_.tables.size(), "table") && m_.tables[table].elem != Type::kFuncRef)
      inst_error(i, "call_indirect needs a funcref table");
    if (!check_index(i, d.c, m_.types.size(), "type")) return;
    ft = &m_.types[d.c];
    what = "type" + std::to_string(d.c);
    if (args.size() == 0) {
      inst_error(i, "call_indirect has no callee index");
      return;
    }
    --args.count;
    Value callee = args[args.count];
    if (f_->value_valid(callee) && f_->value_type(callee) != Type::kI32)
      inst_error(i, "the callee index " + vname(callee) + " has type " + tname(f_->value_type(callee)) + ", expected i32");
  }
  if (ft == nullptr) return;  // the function's own type is unknown: reported with the function
  check_args(i, args, ft->params, what);
  uint32_t nr = f_->num_results(i);
  if (nr != ft->results.size()) {
    inst_error(i, "the call has " + std::to_string(nr) + " results, " + what + " returns " + std::to_string(ft->results.size()));
    return;
  }
  for (uint32_t r = 0; r < nr; ++r) {
    Type t = f_->value_type(f_->result(i, r));
    if (t != ft->results[r])
      inst_error(i, "result " + std::to_string(r) + " has type " + tname(t) + ", " + what + " returns " + tname(ft->results[r]));
  }
}

void Verifier::branch_target(Inst i, const BlockCall& bc) {
  const FunctionBody& f = *f_;
  if (bc.block.index >= f.num_blocks()) {
    inst_error(i, "branch to unknown block " + std::to_string(bc.block.index));
    return;
  }
  if (!f.block_started(bc.block)) inst_error(i, "branch to " + bname(bc.block) + ", which is not in the layout");
  else if (bc.block == f.entry_block()) inst_error(i, "branch to the entry block");
  const BlockData& bd = f.block(bc.block);
  std::vector<Type>& want = scratch_types_;
  want.clear();
  for (uint32_t p = 0; p < bd.num_params; ++p) want.push_back(f.value_type(f.block_param(bc.block, p)));
  check_args(i, bc.args, want, bname(bc.block));
}

void Verifier::terminator(Inst i) {
  const InstData& d = f_->inst(i);
  if (d.type != Type::kVoid) inst_error(i, "a terminator has no result");
  if (d.op == Opcode::kBrIf || d.op == Opcode::kBrTable) {
    Value c(d.a);
    if (f_->value_valid(c) && f_->value_type(c) != Type::kI32)
      inst_error(i, "the condition " + vname(c) + " has type " + tname(f_->value_type(c)) + ", expected i32");
  }
  if (d.op == Opcode::kReturn) {
    check_args(i, f_->return_values(i), f_->results, "return");
    return;
  }
  f_->for_each_successor(i, [&](const BlockCall& bc) { branch_target(i, bc); });
}

}  // namespace wasmrust::ir
