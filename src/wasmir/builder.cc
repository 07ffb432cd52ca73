// The public builder (include/wasmrust/builder.h): module items, function setup, locals
// and blocks. Instructions are in builder_insts.cc.
//
// Every entry point validates its arguments against the module built so far before it
// touches the IR, so a misuse records an Error (kBuilder) and leaves the IR as it was.
#include "wasmrust/builder.h"

#include <algorithm>

#include "wasmir/builder_impl.h"
#include "wasmir/printer.h"
#include "wasmir/typing.h"
#include "wasmir/verifier.h"

namespace wasmrust {

void ModuleDeleter::operator()(ir::Module* m) const { delete m; }

std::string print_wasmir(const ir::Module& m) { return ir::print_module(m); }

Status verify_wasmir(const ir::Module& m) { return ir::verify(m); }

// ---- ModuleBuilder ----

ModuleBuilder::ModuleBuilder() : module_(new ir::Module) {}
ModuleBuilder::~ModuleBuilder() = default;

Error ModuleBuilder::misuse(uint32_t func, std::string msg) {
  Error e{ErrorCode::kBuilder, std::move(msg)};
  e.func = func;
  errors_.push_back(e);
  return e;
}

Status ModuleBuilder::check_usable() {
  if (finished_) return misuse(kNoFunc, "the module was already finished");
  return Status();
}

bool ModuleBuilder::valid_value_type(Type t) const { return ir::is_value_type(t); }

void ModuleBuilder::set_name(std::string_view name) {
  if (check_usable().ok()) module_->name = std::string(name);
}

Result<uint32_t> ModuleBuilder::add_type(std::span<const Type> params, std::span<const Type> results) {
  WR_TRY(check_usable());
  for (Type t : params)
    if (!valid_value_type(t)) return misuse(kNoFunc, "add_type: a parameter is not a value type");
  for (Type t : results)
    if (!valid_value_type(t)) return misuse(kNoFunc, "add_type: a result is not a value type");
  ir::FuncType ft{std::vector<Type>(params.begin(), params.end()), std::vector<Type>(results.begin(), results.end())};
  return module_->intern_type(ft);
}

namespace {

template <typename Vec>
bool has_definitions(const Vec& v) {
  return std::any_of(v.begin(), v.end(), [](const auto& x) { return !x.import; });
}

ir::EffectSet to_effect_set(const Effects& e) {
  ir::EffectSet s;
  auto bit = [](bool on, uint32_t flag) { return on ? flag : 0u; };
  s.flags = bit(e.global_write, ir::EffectSet::kGlobalWrite) | bit(e.table_write, ir::EffectSet::kTableWrite) |
            bit(e.atomics, ir::EffectSet::kAtomics) | bit(e.trap, ir::EffectSet::kTrap);
  s.mem_read = e.mem_read;
  s.mem_write = e.mem_write;
  s.host = e.host;
  auto norm = [](auto& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  norm(s.mem_read);
  norm(s.mem_write);
  norm(s.host);
  return s;
}

}  // namespace

// Checks {attrs} for a function of type {type}; fills {out}.
static std::optional<std::string> convert_attrs(const ir::Module& m, uint32_t type, const FunctionAttrs& attrs,
                                                ir::FuncAttrs* out) {
  const ir::FuncType& ft = m.types[type];
  if (attrs.linear_params.size() > ft.params.size()) return "more linear marks than parameters";
  if (attrs.linear_results.size() > ft.results.size()) return "more linear marks than results";
  if (attrs.effects) {
    for (const auto* mems : {&attrs.effects->mem_read, &attrs.effects->mem_write})
      for (uint32_t mem : *mems)
        if (mem >= m.memories.size()) return "declared effects name unknown memory " + std::to_string(mem);
    out->effects = to_effect_set(*attrs.effects);
  }
  out->tier = attrs.tier == CompileTier::kBaseline    ? ir::TierHint::kBaseline
              : attrs.tier == CompileTier::kOptimized ? ir::TierHint::kOptimized
                                                      : ir::TierHint::kNone;
  out->critical = attrs.critical;
  out->region = attrs.region;
  if (std::find(attrs.linear_params.begin(), attrs.linear_params.end(), true) != attrs.linear_params.end()) {
    out->linear_params = attrs.linear_params;
    out->linear_params.resize(ft.params.size(), false);
  }
  if (std::find(attrs.linear_results.begin(), attrs.linear_results.end(), true) != attrs.linear_results.end()) {
    out->linear_results = attrs.linear_results;
    out->linear_results.resize(ft.results.size(), false);
  }
  return std::nullopt;
}

Result<uint32_t> ModuleBuilder::import_function(std::string_view module, std::string_view field, uint32_t type,
                                                const FunctionAttrs& attrs) {
  WR_TRY(check_usable());
  if (type >= module_->types.size()) return misuse(kNoFunc, "import_function: unknown type " + std::to_string(type));
  if (has_definitions(module_->funcs)) return misuse(kNoFunc, "import_function: imports must come before defined functions");
  ir::Function fn;
  fn.type_index = type;
  fn.name = attrs.name;
  if (auto bad = convert_attrs(*module_, type, attrs, &fn.attrs)) return misuse(kNoFunc, "import_function: " + *bad);
  uint32_t index = static_cast<uint32_t>(module_->funcs.size());
  fn.import = static_cast<uint32_t>(module_->imports.size());
  module_->imports.push_back({std::string(module), std::string(field), ir::ExternKind::kFunc, index});
  module_->funcs.push_back(std::move(fn));
  return index;
}

Result<uint32_t> ModuleBuilder::import_memory(std::string_view module, std::string_view field, const Limits& limits,
                                              std::string_view region, bool is64) {
  WR_TRY(check_usable());
  if (has_definitions(module_->memories)) return misuse(kNoFunc, "import_memory: imports must come before defined memories");
  uint32_t index = static_cast<uint32_t>(module_->memories.size());
  ir::Memory mem;
  mem.limits = {limits.min, limits.max};
  mem.region = std::string(region);
  mem.is64 = is64;
  mem.import = static_cast<uint32_t>(module_->imports.size());
  module_->imports.push_back({std::string(module), std::string(field), ir::ExternKind::kMemory, index});
  module_->memories.push_back(std::move(mem));
  return index;
}

Result<uint32_t> ModuleBuilder::import_table(std::string_view module, std::string_view field, Type elem, const Limits& limits) {
  WR_TRY(check_usable());
  if (!is_ref(elem)) return misuse(kNoFunc, "import_table: the element type must be a reference type");
  if (has_definitions(module_->tables)) return misuse(kNoFunc, "import_table: imports must come before defined tables");
  uint32_t index = static_cast<uint32_t>(module_->tables.size());
  ir::Table t;
  t.elem = elem;
  t.limits = {limits.min, limits.max};
  t.import = static_cast<uint32_t>(module_->imports.size());
  module_->imports.push_back({std::string(module), std::string(field), ir::ExternKind::kTable, index});
  module_->tables.push_back(std::move(t));
  return index;
}

Result<uint32_t> ModuleBuilder::import_global(std::string_view module, std::string_view field, Type type, bool mut) {
  WR_TRY(check_usable());
  if (!valid_value_type(type)) return misuse(kNoFunc, "import_global: not a value type");
  if (has_definitions(module_->globals)) return misuse(kNoFunc, "import_global: imports must come before defined globals");
  uint32_t index = static_cast<uint32_t>(module_->globals.size());
  ir::Global g;
  g.type = type;
  g.mut = mut;
  g.import = static_cast<uint32_t>(module_->imports.size());
  module_->imports.push_back({std::string(module), std::string(field), ir::ExternKind::kGlobal, index});
  module_->globals.push_back(std::move(g));
  return index;
}

Result<uint32_t> ModuleBuilder::add_memory(const Limits& limits, std::string_view region, bool is64) {
  WR_TRY(check_usable());
  ir::Memory mem;
  mem.limits = {limits.min, limits.max};
  mem.region = std::string(region);
  mem.is64 = is64;
  module_->memories.push_back(std::move(mem));
  return static_cast<uint32_t>(module_->memories.size() - 1);
}

Result<uint32_t> ModuleBuilder::add_table(Type elem, const Limits& limits) {
  WR_TRY(check_usable());
  if (!is_ref(elem)) return misuse(kNoFunc, "add_table: the element type must be a reference type");
  ir::Table t;
  t.elem = elem;
  t.limits = {limits.min, limits.max};
  module_->tables.push_back(std::move(t));
  return static_cast<uint32_t>(module_->tables.size() - 1);
}

namespace {
// The constant expression for {c}, or an error message.
std::optional<std::string> const_expr(const ir::Module& m, const ConstInit& c, Type want, ir::ConstExpr* out) {
  ir::ConstOp op{ir::ConstOp::kI32Const, Type::kVoid, c.bits, 0};
  Type t = Type::kVoid;
  switch (c.kind) {
    case ConstInit::kI32: op.kind = ir::ConstOp::kI32Const; t = Type::kI32; break;
    case ConstInit::kI64: op.kind = ir::ConstOp::kI64Const; t = Type::kI64; break;
    case ConstInit::kF32: op.kind = ir::ConstOp::kF32Const; t = Type::kF32; break;
    case ConstInit::kF64: op.kind = ir::ConstOp::kF64Const; t = Type::kF64; break;
    case ConstInit::kRefNull:
      if (!is_ref(c.ref)) return std::string("ref.null needs a reference type");
      op.kind = ir::ConstOp::kRefNull;
      op.type = t = c.ref;
      break;
    case ConstInit::kRefFunc:
      if (c.bits >= m.funcs.size()) return "unknown function " + std::to_string(c.bits);
      op.kind = ir::ConstOp::kRefFunc;
      op.type = t = Type::kFuncRef;
      break;
    case ConstInit::kGlobalGet:
      if (c.bits >= m.globals.size()) return "unknown global " + std::to_string(c.bits);
      if (m.globals[c.bits].mut) return "global.get of a mutable global in a constant expression";
      op.kind = ir::ConstOp::kGlobalGet;
      t = m.globals[c.bits].type;
      break;
  }
  if (t != want) return std::string("the initializer has type ") + type_name(t) + ", expected " + type_name(want);
  out->ops.push_back(op);
  return std::nullopt;
}
}  // namespace

Result<uint32_t> ModuleBuilder::add_global(Type type, bool mut, const ConstInit& init) {
  WR_TRY(check_usable());
  if (!valid_value_type(type)) return misuse(kNoFunc, "add_global: not a value type");
  ir::Global g;
  g.type = type;
  g.mut = mut;
  if (auto bad = const_expr(*module_, init, type, &g.init)) return misuse(kNoFunc, "add_global: " + *bad);
  module_->globals.push_back(std::move(g));
  return static_cast<uint32_t>(module_->globals.size() - 1);
}

Result<FunctionBuilder*> ModuleBuilder::add_function(uint32_t type, const FunctionAttrs& attrs) {
  WR_TRY(check_usable());
  if (type >= module_->types.size()) return misuse(kNoFunc, "add_function: unknown type " + std::to_string(type));
  ir::Function fn;
  fn.type_index = type;
  fn.name = attrs.name;
  if (auto bad = convert_attrs(*module_, type, attrs, &fn.attrs)) return misuse(kNoFunc, "add_function: " + *bad);
  uint32_t index = static_cast<uint32_t>(module_->funcs.size());
  const ir::FuncType& ft = module_->types[type];
  auto body = std::make_unique<ir::FunctionBody>();
  body->func_index = index;
  body->type_index = type;
  body->num_params = static_cast<uint32_t>(ft.params.size());
  body->results = ft.results;
  for (Type t : ft.params) body->add_local(t);
  ir::FunctionBody* raw = body.get();
  fn.body = std::move(body);
  module_->funcs.push_back(std::move(fn));
  functions_.push_back(std::unique_ptr<FunctionBuilder>(new FunctionBuilder(this, index, raw)));
  return functions_.back().get();
}

Status ModuleBuilder::add_export(std::string_view name, ExternKind kind, uint32_t index) {
  WR_TRY(check_usable());
  size_t count = kind == ExternKind::kFunc     ? module_->funcs.size()
                 : kind == ExternKind::kTable  ? module_->tables.size()
                 : kind == ExternKind::kMemory ? module_->memories.size()
                                               : module_->globals.size();
  if (index >= count) return misuse(kNoFunc, "add_export: unknown index " + std::to_string(index));
  for (const ir::Export& e : module_->exports)
    if (e.name == name) return misuse(kNoFunc, "add_export: duplicate export name \"" + std::string(name) + "\"");
  module_->exports.push_back({std::string(name), static_cast<ir::ExternKind>(kind), index});
  return Status();
}

Status ModuleBuilder::set_start(uint32_t func) {
  WR_TRY(check_usable());
  const ir::FuncType* ft = ir::callee_type_of(*module_, func);
  if (ft == nullptr) return misuse(kNoFunc, "set_start: unknown function " + std::to_string(func));
  if (!ft->params.empty() || !ft->results.empty())
    return misuse(func, "set_start: the start function must take no parameters and return nothing");
  module_->start = func;
  return Status();
}

Result<uint32_t> ModuleBuilder::add_data(uint32_t memory, const ConstInit& offset, std::span<const uint8_t> bytes) {
  WR_TRY(check_usable());
  if (memory >= module_->memories.size()) return misuse(kNoFunc, "add_data: unknown memory " + std::to_string(memory));
  ir::DataSegment d;
  d.mem = memory;
  d.bytes.assign(bytes.begin(), bytes.end());
  if (auto bad = const_expr(*module_, offset, ir::address_type(*module_, memory), &d.offset))
    return misuse(kNoFunc, "add_data: " + *bad);
  module_->datas.push_back(std::move(d));
  return static_cast<uint32_t>(module_->datas.size() - 1);
}

Result<uint32_t> ModuleBuilder::add_passive_data(std::span<const uint8_t> bytes) {
  WR_TRY(check_usable());
  ir::DataSegment d;
  d.mode = ir::SegmentMode::kPassive;
  d.bytes.assign(bytes.begin(), bytes.end());
  module_->datas.push_back(std::move(d));
  return static_cast<uint32_t>(module_->datas.size() - 1);
}

namespace {
std::optional<std::string> elem_items(const ir::Module& m, std::span<const uint32_t> funcs, ir::ElemSegment* e) {
  for (uint32_t f : funcs) {
    if (f >= m.funcs.size()) return "unknown function " + std::to_string(f);
    ir::ConstExpr item;
    item.ops.push_back(ir::ConstOp{ir::ConstOp::kRefFunc, Type::kFuncRef, f, 0});
    e->items.push_back(std::move(item));
  }
  return std::nullopt;
}
}  // namespace

Result<uint32_t> ModuleBuilder::add_elem(uint32_t table, const ConstInit& offset, std::span<const uint32_t> funcs) {
  WR_TRY(check_usable());
  if (table >= module_->tables.size()) return misuse(kNoFunc, "add_elem: unknown table " + std::to_string(table));
  if (module_->tables[table].elem != Type::kFuncRef) return misuse(kNoFunc, "add_elem: the table is not a funcref table");
  ir::ElemSegment e;
  e.table = table;
  if (auto bad = const_expr(*module_, offset, Type::kI32, &e.offset)) return misuse(kNoFunc, "add_elem: " + *bad);
  if (auto bad = elem_items(*module_, funcs, &e)) return misuse(kNoFunc, "add_elem: " + *bad);
  module_->elems.push_back(std::move(e));
  return static_cast<uint32_t>(module_->elems.size() - 1);
}

Result<uint32_t> ModuleBuilder::add_passive_elem(std::span<const uint32_t> funcs) {
  return add_elem_segment(ir::SegmentMode::kPassive, funcs, "add_passive_elem: ");
}

Result<uint32_t> ModuleBuilder::add_declared_elem(std::span<const uint32_t> funcs) {
  return add_elem_segment(ir::SegmentMode::kDeclarative, funcs, "add_declared_elem: ");
}

// A passive or declarative funcref segment.
Result<uint32_t> ModuleBuilder::add_elem_segment(ir::SegmentMode mode, std::span<const uint32_t> funcs, const char* what) {
  WR_TRY(check_usable());
  ir::ElemSegment e;
  e.mode = mode;
  if (auto bad = elem_items(*module_, funcs, &e)) return misuse(kNoFunc, what + *bad);
  module_->elems.push_back(std::move(e));
  return static_cast<uint32_t>(module_->elems.size() - 1);
}

Result<ModulePtr> ModuleBuilder::finish(bool verify) {
  WR_TRY(check_usable());
  if (!errors_.empty()) {
    Error e{ErrorCode::kBuilder, std::to_string(errors_.size()) + " builder misuse(s):"};
    for (const Error& m : errors_) {
      e.message.push_back('\n');
      e.message += m.to_string();
    }
    e.func = errors_[0].func;
    return e;
  }
  if (verify) WR_TRY(ir::verify(*module_));
  finished_ = true;
  functions_.clear();
  return std::move(module_);
}

// ---- FunctionBuilder: locals, blocks ----

FunctionBuilder::Checker::Checker(FunctionBuilder& f, const char* what, bool needs_block) : fb(f), op(what) {
  if (fb.owner_->finished_) {
    fail("the module was already finished");
  } else if (needs_block && !fb.body_->in_block()) {
    fail(fb.body_->layout().empty() ? "no open block (call switch_to first)"
                                    : "no open block: the last block was terminated (switch_to a new block)");
  }
}

void FunctionBuilder::Checker::fail(const std::string& msg) {
  if (!ok) return;  // one report per call
  ok = false;
  std::string text = "func";
  text += std::to_string(fb.func_);
  text += ": ";
  text += op;
  text += ": ";
  text += msg;
  err = fb.owner_->misuse(fb.func_, std::move(text));
}

bool FunctionBuilder::Checker::value(Value v, uint32_t k) {
  if (!ok) return false;
  if (fb.body_->value_valid(v)) return true;
  fail("operand " + std::to_string(k) + " is not a value of this function");
  return false;
}

bool FunctionBuilder::Checker::typed(Value v, uint32_t k, Type want) {
  if (!value(v, k)) return false;
  Type t = fb.body_->value_type(v);
  if (t == want) return true;
  fail("operand " + std::to_string(k) + " has type " + type_name(t) + ", expected " + type_name(want));
  return false;
}

bool FunctionBuilder::Checker::index(uint32_t i, size_t count, const char* what) {
  if (!ok) return false;
  if (i < count) return true;
  fail(std::string("unknown ") + what + " " + std::to_string(i));
  return false;
}

bool FunctionBuilder::Checker::block(Block b, std::span<const Value> args) {
  if (!index(b.index, fb.body_->num_blocks(), "block")) return false;
  const ir::FunctionBody& f = *fb.body_;
  if (b == f.entry_block()) {
    fail("branch to the entry block");
    return false;
  }
  uint32_t n = f.block(b).num_params;
  if (args.size() != n) {
    fail("block " + std::to_string(b.index) + " takes " + std::to_string(n) + " arguments, got " + std::to_string(args.size()));
    return false;
  }
  for (uint32_t k = 0; k < n; ++k)
    if (!typed(args[k], k, f.value_type(f.block_param(b, k)))) return false;
  return true;
}

uint32_t FunctionBuilder::num_params() const { return body_->num_params; }

Local FunctionBuilder::param(uint32_t i) {
  Checker c(*this, "param", false);
  if (!c.index(i, body_->num_params, "parameter")) return Local();
  return Local(i);
}

Local FunctionBuilder::add_local(Type t, bool linear, std::string_view name) {
  Checker c(*this, "add_local", false);
  if (c.ok && !ir::is_value_type(t)) c.fail("not a value type");
  if (c.ok && body_->num_locals() >= ir::kMaxLocals) c.fail("too many locals");
  if (!c.ok) return Local();
  Local l = body_->add_local(t);
  if (linear) body_->mark_local_linear(l);
  if (!name.empty()) owner_->module_->funcs[func_].local_names.emplace_back(l.index, std::string(name));
  return l;
}

Type FunctionBuilder::local_type(Local l) const {
  return l.index < body_->num_locals() ? body_->local_type(l) : Type::kVoid;
}

Block FunctionBuilder::create_block(std::span<const Type> params, std::span<const bool> linear) {
  Checker c(*this, "create_block", false);
  for (Type t : params)
    if (c.ok && !ir::is_value_type(t)) c.fail("a parameter is not a value type");
  if (c.ok && params.size() > 0xFFFF) c.fail("too many block parameters");
  if (c.ok && linear.size() > params.size()) c.fail("more linear marks than parameters");
  if (!c.ok) return Block();
  Block b = body_->create_block(params);
  for (uint32_t k = 0; k < linear.size(); ++k)
    if (linear[k]) body_->mark_linear(body_->block_param(b, k));
  return b;
}

Value FunctionBuilder::block_param(Block b, uint32_t i) {
  Checker c(*this, "block_param", false);
  if (!c.index(b.index, body_->num_blocks(), "block") || !c.index(i, body_->block(b).num_params, "block parameter"))
    return Value();
  return body_->block_param(b, i);
}

bool FunctionBuilder::switch_to(Block b) {
  Checker c(*this, "switch_to", false);
  if (c.index(b.index, body_->num_blocks(), "block") && body_->block_started(b))
    c.fail("block " + std::to_string(b.index) + " was already filled");
  if (body_->layout().empty() && c.ok && body_->block(b).num_params != 0)
    c.fail("the entry block cannot have parameters");
  if (c.ok) body_->switch_to(b);
  return c.ok;
}

Block FunctionBuilder::current_block() const { return body_->current_block(); }

Type FunctionBuilder::value_type(Value v) const { return body_->value_valid(v) ? body_->value_type(v) : Type::kVoid; }

bool FunctionBuilder::mark_linear(Value v) {
  Checker c(*this, "mark_linear", false);
  if (c.value(v, 0)) body_->mark_linear(v);
  return c.ok;
}

void FunctionBuilder::set_srcloc(uint32_t offset) { body_->set_srcloc(offset); }

}  // namespace wasmrust
