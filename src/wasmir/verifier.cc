// The WasmIR verifier: driver, error reporting, and the module-level rules (types,
// imports, tables, memories, globals, exports, start, segments, constant expressions).
#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "wasmir/text_util.h"
#include "wasmir/verifier_impl.h"

namespace wasmrust::ir {

namespace {
const char* tname(Type t) { return is_value_type(t) ? type_name(t) : "<invalid type>"; }

std::string ref(const char* prefix, uint64_t index) {
  std::string s(prefix);
  append_u64(s, index);
  return s;
}
}  // namespace

std::string VerifierError::to_string() const {
  if (location.empty()) return message;
  return location + ": " + message;
}

std::string VerifierErrors::to_string() const {
  std::string s;
  for (const VerifierError& e : errors) {
    s += e.to_string();
    s.push_back('\n');
  }
  return s;
}

VerifierErrors verify_module(const Module& m, const VerifyOptions& options) {
  VerifierErrors out;
  Verifier(m, options, &out).run();
  return out;
}

Status verify(const Module& m, const VerifyOptions& options) {
  VerifierErrors errs = verify_module(m, options);
  if (errs.empty()) return Status();
  Error e{ErrorCode::kVerify, errs.to_string()};
  if (!e.message.empty() && e.message.back() == '\n') e.message.pop_back();
  e.func = errs.errors[0].func;
  return e;
}

uint32_t text_line(const TextLocations& locs, const VerifierError& e) {
  auto at = [](const std::vector<uint32_t>& v, uint32_t i) { return i < v.size() ? v[i] : 0u; };
  if (e.func != kNoFunc && e.item == ItemKind::kNone) {
    if (e.func < locs.bodies.size()) {
      const TextLocations::Body& b = locs.bodies[e.func];
      if (e.inst.valid() && at(b.insts, e.inst.index)) return at(b.insts, e.inst.index);
      if (e.block.valid() && at(b.blocks, e.block.index)) return at(b.blocks, e.block.index);
    }
    return at(locs.funcs, e.func);
  }
  switch (e.item) {
    case ItemKind::kType: return at(locs.types, e.item_index);
    case ItemKind::kImport: return at(locs.imports, e.item_index);
    case ItemKind::kFunc: return at(locs.funcs, e.item_index);
    case ItemKind::kTable: return at(locs.tables, e.item_index);
    case ItemKind::kMemory: return at(locs.memories, e.item_index);
    case ItemKind::kGlobal: return at(locs.globals, e.item_index);
    case ItemKind::kExport: return at(locs.exports, e.item_index);
    case ItemKind::kStart: return locs.start;
    case ItemKind::kElem: return at(locs.elems, e.item_index);
    case ItemKind::kData: return at(locs.datas, e.item_index);
    case ItemKind::kDataCount: return locs.data_count;
    case ItemKind::kNone: return 0;
  }
  return 0;
}

// ---- reporting ----

void Verifier::item_error(ItemKind k, uint32_t index, std::string msg) {
  static const char* const kNames[] = {"module", "type", "import", "func", "table", "mem",
                                       "global", "export", "start", "elem", "data", "datacount"};
  VerifierError e;
  e.message = std::move(msg);
  e.item = k;
  e.item_index = index;
  e.location = kNames[static_cast<int>(k)];
  if (k == ItemKind::kType || k == ItemKind::kFunc || k == ItemKind::kTable || k == ItemKind::kMemory ||
      k == ItemKind::kGlobal || k == ItemKind::kElem || k == ItemKind::kData) {
    append_u64(e.location, index);
  } else if (k == ItemKind::kImport || k == ItemKind::kExport) {
    e.location.push_back(' ');
    append_u64(e.location, index);
  }
  if (k == ItemKind::kFunc) e.func = index;
  out_->errors.push_back(std::move(e));
}

std::string Verifier::func_location() const {
  std::string s = ref("func", fi_);
  if (!fn_->name.empty()) {
    s.push_back(' ');
    append_quoted(s, fn_->name);
  }
  return s;
}

// An error in the current function, at {b} and {i} when they are valid; the location
// names them as the printer does.
void Verifier::report(Block b, Inst i, std::string msg) {
  VerifierError e;
  e.message = std::move(msg);
  e.func = fi_;
  e.location = func_location();
  if (i.valid() && i.index < inst_block_.size() && inst_block_[i.index] != kNoBlock) b = Block(inst_block_[i.index]);
  if (b.valid()) {
    e.block = b;
    e.location.push_back(' ');
    e.location += bname(b);
  }
  if (i.valid()) {
    e.inst = i;
    e.location += " `";
    print_inst(m_, *f_, names(), i, &e.location);
    e.location.push_back('`');
  }
  out_->errors.push_back(std::move(e));
}

const FuncNames& Verifier::names() {
  if (!names_ready_) {
    names_.compute(*f_);
    names_ready_ = true;
  }
  return names_;
}

std::string Verifier::vname(Value v) {
  std::string s;
  print_value_name(names(), v, &s);
  return s;
}

std::string Verifier::bname(Block b) {
  std::string s;
  print_block_name(names(), b, &s);
  return s;
}

void Verifier::begin_function(uint32_t fi) {
  fi_ = fi;
  fn_ = &m_.funcs[fi];
  f_ = fn_->body.get();
  names_ready_ = false;
  inst_block_.clear();
}

// ---- driver ----

void Verifier::run() {
  check_types();
  check_imports();
  check_func_decls();
  check_tables();
  check_memories();
  check_globals();
  check_exports();
  check_start();
  check_elems();
  check_datas();
  collect_refs();
  for (uint32_t fi = 0; fi < m_.funcs.size(); ++fi) function(fi);
  effects_and_regions();
}

// ---- module items ----

void Verifier::check_types() {
  for (uint32_t t = 0; t < m_.types.size(); ++t) {
    for (const std::vector<Type>* list : {&m_.types[t].params, &m_.types[t].results}) {
      for (Type ty : *list)
        if (!is_value_type(ty)) item_error(ItemKind::kType, t, "a parameter or result is not a value type");
    }
  }
}

void Verifier::check_imports() {
  for (uint32_t i = 0; i < m_.imports.size(); ++i) {
    const Import& im = m_.imports[i];
    std::optional<uint32_t> back;
    size_t count = 0;
    switch (im.kind) {
      case ExternKind::kFunc: count = m_.funcs.size(); if (im.index < count) back = m_.funcs[im.index].import; break;
      case ExternKind::kTable: count = m_.tables.size(); if (im.index < count) back = m_.tables[im.index].import; break;
      case ExternKind::kMemory: count = m_.memories.size(); if (im.index < count) back = m_.memories[im.index].import; break;
      case ExternKind::kGlobal: count = m_.globals.size(); if (im.index < count) back = m_.globals[im.index].import; break;
    }
    if (im.index >= count) {
      item_error(ItemKind::kImport, i, std::string("imports unknown ") + extern_kind_name(im.kind) + " " + std::to_string(im.index));
    } else if (back != i) {
      item_error(ItemKind::kImport, i, std::string("the imported ") + extern_kind_name(im.kind) + " does not refer back to this import");
    }
  }
  // Imported entities come first in every index space.
  auto check_order = [&](const auto& v, ItemKind k, const char* what) {
    bool defined = false;
    for (uint32_t i = 0; i < v.size(); ++i) {
      if (!v[i].import) defined = true;
      else if (defined) item_error(k, i, std::string("an imported ") + what + " follows a defined one");
    }
  };
  check_order(m_.funcs, ItemKind::kFunc, "function");
  check_order(m_.tables, ItemKind::kTable, "table");
  check_order(m_.memories, ItemKind::kMemory, "memory");
  check_order(m_.globals, ItemKind::kGlobal, "global");
}

void Verifier::check_func_decls() {
  for (uint32_t fi = 0; fi < m_.funcs.size(); ++fi) {
    const Function& fn = m_.funcs[fi];
    if (fn.type_index >= m_.types.size()) item_error(ItemKind::kFunc, fi, ref("unknown type type", fn.type_index));
    if (fn.import && *fn.import >= m_.imports.size()) item_error(ItemKind::kFunc, fi, "unknown import");
    if (fn.import && fn.body) item_error(ItemKind::kFunc, fi, "an imported function has a body");
    if (!fn.import && !fn.body) item_error(ItemKind::kFunc, fi, "a defined function has no body");
    if (fn.attrs.effects) {
      for (const std::vector<uint32_t>* mems : {&fn.attrs.effects->mem_read, &fn.attrs.effects->mem_write})
        for (uint32_t mem : *mems)
          if (mem >= m_.memories.size()) item_error(ItemKind::kFunc, fi, ref("declared effects name unknown memory mem", mem));
    }
  }
}

void Verifier::check_tables() {
  for (uint32_t t = 0; t < m_.tables.size(); ++t) {
    const Table& tb = m_.tables[t];
    if (!is_ref(tb.elem)) item_error(ItemKind::kTable, t, "the element type is not a reference type");
    if (tb.limits.max && *tb.limits.max < tb.limits.min) item_error(ItemKind::kTable, t, "the minimum size exceeds the maximum");
    if (tb.limits.min > 0xFFFFFFFFull || (tb.limits.max && *tb.limits.max > 0xFFFFFFFFull))
      item_error(ItemKind::kTable, t, "table sizes are at most 2^32-1");
    if (tb.init) const_expr(*tb.init, tb.elem, ItemKind::kTable, t, "the initializer", ~uint32_t{0});
  }
}

void Verifier::check_memories() {
  for (uint32_t i = 0; i < m_.memories.size(); ++i) {
    const Memory& mem = m_.memories[i];
    uint64_t cap = mem.is64 ? (uint64_t{1} << 48) : 65536;
    if (mem.limits.max && *mem.limits.max < mem.limits.min) item_error(ItemKind::kMemory, i, "the minimum size exceeds the maximum");
    if (mem.limits.min > cap || (mem.limits.max && *mem.limits.max > cap))
      item_error(ItemKind::kMemory, i, mem.is64 ? "a 64-bit memory has at most 2^48 pages" : "a 32-bit memory has at most 65536 pages");
    if (mem.shared && !mem.limits.max) item_error(ItemKind::kMemory, i, "a shared memory needs a maximum size");
  }
}

void Verifier::check_globals() {
  for (uint32_t g = 0; g < m_.globals.size(); ++g) {
    const Global& gl = m_.globals[g];
    if (!is_value_type(gl.type)) item_error(ItemKind::kGlobal, g, "the type is not a value type");
    if (gl.import) {
      if (!gl.init.ops.empty()) item_error(ItemKind::kGlobal, g, "an imported global has an initializer");
    } else {
      const_expr(gl.init, gl.type, ItemKind::kGlobal, g, "the initializer", g);
    }
  }
}

void Verifier::check_exports() {
  std::unordered_set<std::string_view> seen;
  for (uint32_t e = 0; e < m_.exports.size(); ++e) {
    const Export& ex = m_.exports[e];
    if (!seen.insert(ex.name).second) item_error(ItemKind::kExport, e, "duplicate export name \"" + ex.name + "\"");
    size_t count = ex.kind == ExternKind::kFunc     ? m_.funcs.size()
                   : ex.kind == ExternKind::kTable  ? m_.tables.size()
                   : ex.kind == ExternKind::kMemory ? m_.memories.size()
                                                    : m_.globals.size();
    if (ex.index >= count)
      item_error(ItemKind::kExport, e, std::string("exports unknown ") + extern_kind_name(ex.kind) + " " + std::to_string(ex.index));
  }
}

void Verifier::check_start() {
  if (!m_.start) return;
  const FuncType* ft = callee_type_of(m_, *m_.start);
  if (*m_.start >= m_.funcs.size()) item_error(ItemKind::kStart, 0, ref("unknown function func", *m_.start));
  else if (ft && (!ft->params.empty() || !ft->results.empty()))
    item_error(ItemKind::kStart, 0, "the start function must take no parameters and return nothing");
}

void Verifier::check_elems() {
  for (uint32_t s = 0; s < m_.elems.size(); ++s) {
    const ElemSegment& e = m_.elems[s];
    if (!is_ref(e.type)) item_error(ItemKind::kElem, s, "the element type is not a reference type");
    if (e.mode == SegmentMode::kActive) {
      if (e.table >= m_.tables.size()) {
        item_error(ItemKind::kElem, s, ref("unknown table table", e.table));
      } else if (m_.tables[e.table].elem != e.type) {
        item_error(ItemKind::kElem, s, std::string("the segment's type ") + tname(e.type) + " differs from the table's " +
                                           tname(m_.tables[e.table].elem));
      }
      const_expr(e.offset, Type::kI32, ItemKind::kElem, s, "the offset", ~uint32_t{0});
    }
    for (const ConstExpr& item : e.items) const_expr(item, e.type, ItemKind::kElem, s, "an element", ~uint32_t{0});
  }
}

void Verifier::check_datas() {
  for (uint32_t s = 0; s < m_.datas.size(); ++s) {
    const DataSegment& d = m_.datas[s];
    if (d.mode == SegmentMode::kDeclarative) item_error(ItemKind::kData, s, "a data segment cannot be declarative");
    if (d.mode != SegmentMode::kActive) continue;
    if (d.mem >= m_.memories.size()) item_error(ItemKind::kData, s, ref("unknown memory mem", d.mem));
    const_expr(d.offset, address_type(m_, d.mem), ItemKind::kData, s, "the offset", ~uint32_t{0});
  }
  if (m_.data_count && *m_.data_count != m_.datas.size())
    item_error(ItemKind::kDataCount, 0, "datacount " + std::to_string(*m_.data_count) + " differs from the " +
                                            std::to_string(m_.datas.size()) + " data segments");
}

// A constant expression must leave exactly one value of {expected}. global.get may name an
// immutable global below {globals_visible} (all globals for segments and tables).
bool Verifier::const_expr(const ConstExpr& e, Type expected, ItemKind k, uint32_t index, const char* what,
                          uint32_t globals_visible) {
  std::vector<Type> stack;
  auto fail = [&](const std::string& msg) {
    item_error(k, index, std::string(what) + ": " + msg);
    return false;
  };
  for (const ConstOp& op : e.ops) {
    switch (op.kind) {
      case ConstOp::kI32Const: stack.push_back(Type::kI32); break;
      case ConstOp::kI64Const: stack.push_back(Type::kI64); break;
      case ConstOp::kF32Const: stack.push_back(Type::kF32); break;
      case ConstOp::kF64Const: stack.push_back(Type::kF64); break;
      case ConstOp::kV128Const: stack.push_back(Type::kV128); break;
      case ConstOp::kRefNull:
        if (!is_ref(op.type)) return fail("ref.null needs a reference type");
        stack.push_back(op.type);
        break;
      case ConstOp::kRefFunc:
        if (op.lo >= m_.funcs.size()) return fail(ref("unknown function func", op.lo));
        stack.push_back(Type::kFuncRef);
        break;
      case ConstOp::kGlobalGet: {
        if (op.lo >= m_.globals.size() || op.lo >= globals_visible)
          return fail(ref("global.get names a global that is unknown here: global", op.lo));
        const Global& g = m_.globals[op.lo];
        if (g.mut) return fail(ref("global.get of mutable global", op.lo));
        stack.push_back(g.type);
        break;
      }
      default: {
        Type t = op.kind <= ConstOp::kI32Mul ? Type::kI32 : Type::kI64;
        if (stack.size() < 2 || stack[stack.size() - 1] != t || stack[stack.size() - 2] != t)
          return fail(std::string("arithmetic needs two ") + tname(t) + " operands");
        stack.pop_back();
        break;
      }
    }
  }
  if (stack.size() != 1) return fail("a constant expression must produce exactly one value");
  if (stack[0] != expected) return fail(std::string("has type ") + tname(stack[0]) + ", expected " + tname(expected));
  return true;
}

// Functions that ref.func may name in code: those referenced by element segments, table
// and global initializers, and exports (wasm's C.refs).
void Verifier::collect_refs() {
  declared_refs_.assign(m_.funcs.size(), 0);
  auto mark_expr = [&](const ConstExpr& e) {
    for (const ConstOp& op : e.ops)
      if (op.kind == ConstOp::kRefFunc && op.lo < declared_refs_.size()) declared_refs_[op.lo] = 1;
  };
  for (const ElemSegment& s : m_.elems)
    for (const ConstExpr& e : s.items) mark_expr(e);
  for (const Global& g : m_.globals) mark_expr(g.init);
  for (const Table& t : m_.tables)
    if (t.init) mark_expr(*t.init);
  for (const Export& e : m_.exports)
    if (e.kind == ExternKind::kFunc && e.index < declared_refs_.size()) declared_refs_[e.index] = 1;
}

}  // namespace wasmrust::ir
