// Instantiation and segment initialization (see instance.h).
#include "runtime/instance.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include "support/check.h"

namespace wasmrust::rt {
namespace {

Error link_error(const ImportInfo& im, const std::string& why) {
  return Error{ErrorCode::kLink, why + " (import \"" + im.module + "\" \"" + im.field + "\")"};
}

Error init_trap(TrapCode code) {
  Error e{ErrorCode::kTrap, trap_message(code)};
  e.trap = static_cast<uint8_t>(code);
  return e;
}

// Limits subtyping (spec: import matching): the provided entity's current size must be at
// least the declared minimum, and a declared maximum needs a provided maximum within it.
bool limits_match(uint64_t have_min, std::optional<uint64_t> have_max, uint64_t want_min,
                  std::optional<uint64_t> want_max) {
  if (have_min < want_min) return false;
  if (!want_max) return true;
  return have_max && *have_max <= *want_max;
}

std::optional<uint64_t> widen(std::optional<uint32_t> v) {
  return v ? std::optional<uint64_t>(*v) : std::nullopt;
}

}  // namespace

Instance::Instance(Store* store, std::shared_ptr<const ModuleInfo> module)
    : store_(store), module_(std::move(module)) {}

Instance::~Instance() { std::free(vmctx_); }

Status Instance::link(const std::vector<Extern>& imports) {
  WR_TRY(link_imports(imports));
  WR_TRY(create_entities());
  build_vmctx();
  elem_items_.resize(module_->elems.size());
  for (size_t i = 0; i < module_->elems.size(); ++i) {
    const ElemSegmentInfo& seg = module_->elems[i];
    if (seg.mode == SegmentMode::kDeclarative) continue;  // dropped at instantiation
    elem_items_[i].reserve(seg.items.size());
    for (const InitExpr& item : seg.items) {
      auto v = eval(item);
      if (!v.ok()) return v.take_error();
      elem_items_[i].push_back(v->ref);
    }
  }
  data_dropped_.assign(module_->datas.size(), false);
  return {};
}

Status Instance::link_imports(const std::vector<Extern>& imports) {
  const ModuleInfo& m = *module_;
  if (imports.size() != m.imports.size())
    return Error{ErrorCode::kLink, std::string("module has ") + std::to_string(m.imports.size()) + " imports, " +
                                       std::to_string(imports.size()) + " given"};
  for (size_t i = 0; i < imports.size(); ++i) {
    const ImportInfo& im = m.imports[i];
    const Extern& ext = imports[i];
    WR_TRY(check_import(im, ext));
    switch (im.kind) {
      case ExternKind::kFunc: funcs_.push_back(store_->bind_caller(ext.func(), this)); break;
      case ExternKind::kMemory: memories_.push_back(ext.memory()); break;
      case ExternKind::kTable: tables_.push_back(ext.table()); break;
      case ExternKind::kGlobal: globals_.push_back(ext.global()); break;
    }
  }
  return {};
}

Status Instance::check_import(const ImportInfo& im, const Extern& ext) const {
  const ModuleInfo& m = *module_;
  if (ext.kind != im.kind || ext.ptr == nullptr) return link_error(im, "incompatible import type");
  switch (im.kind) {
    case ExternKind::kFunc:
      if (ext.func()->type_id != m.func_type_id(im.index)) return link_error(im, "incompatible import type");
      return {};
    case ExternKind::kMemory: {
      const MemoryInfo& want = m.memories[im.index];
      const Memory* have = ext.memory();
      if (!limits_match(have->pages(), have->declared_max(), want.min, want.max))
        return link_error(im, "incompatible import type");
      return {};
    }
    case ExternKind::kTable: {
      const TableInfo& want = m.tables[im.index];
      const Table* have = ext.table();
      if (have->elem_type() != want.elem ||
          !limits_match(have->size(), widen(have->declared_max()), want.min, widen(want.max)))
        return link_error(im, "incompatible import type");
      return {};
    }
    case ExternKind::kGlobal: {
      const GlobalInfo& want = m.globals[im.index];
      if (ext.global()->type != want.type || ext.global()->mut != want.mut)
        return link_error(im, "incompatible import type");
      return {};
    }
  }
  return {};
}

Status Instance::create_entities() {
  const ModuleInfo& m = *module_;
  uint32_t nfuncs = static_cast<uint32_t>(m.func_types.size());
  uint32_t ndefined = nfuncs - m.num_imported_funcs;
  own_funcs_.reset(new VMFuncRef[ndefined]);
  for (uint32_t i = 0; i < ndefined; ++i) {
    uint32_t f = m.num_imported_funcs + i;
    VMFuncRef& r = own_funcs_[i];
    r.code.store(m.code ? m.code->func_code(f) : nullptr, std::memory_order_relaxed);
    r.vmctx = nullptr;  // set once the VMContext exists
    r.type_id = m.func_type_id(f);
    r.func_index = f;
    funcs_.push_back(&r);
  }
  for (size_t i = globals_.size(); i < m.globals.size(); ++i) {
    auto v = eval(m.globals[i].init);
    if (!v.ok()) return v.take_error();
    globals_.push_back(store_->new_global(m.globals[i].type, m.globals[i].mut, *v));
  }
  for (size_t i = memories_.size(); i < m.memories.size(); ++i) {
    auto mem = store_->new_memory(m.memories[i].min, m.memories[i].max);
    if (!mem.ok()) return mem.take_error();
    memories_.push_back(*mem);
  }
  for (size_t i = tables_.size(); i < m.tables.size(); ++i) {
    const TableInfo& t = m.tables[i];
    void* init = nullptr;
    if (t.init) {
      auto v = eval(*t.init);
      if (!v.ok()) return v.take_error();
      init = v->ref;
    }
    auto tab = store_->new_table(t.elem, t.min, t.max, init);
    if (!tab.ok()) return tab.take_error();
    tables_.push_back(*tab);
  }
  return {};
}

void Instance::build_vmctx() {
  const VMOffsets& o = module_->offsets;
  size_t size = (o.size() + 15) & ~size_t{15};
  vmctx_ = static_cast<VMContext*>(std::aligned_alloc(16, size));
  WR_CHECK(vmctx_ != nullptr);
  std::memset(vmctx_, 0, size);
  auto* bytes = reinterpret_cast<uint8_t*>(vmctx_);
  auto* header = reinterpret_cast<VMContextHeader*>(vmctx_);
  header->store = store_->vm();
  header->instance = this;
  auto put = [&](uint32_t offset, void* p) { std::memcpy(bytes + offset, &p, sizeof p); };
  for (uint32_t i = 0; i < memories_.size(); ++i) put(o.memory(i), memories_[i]->vm());
  for (uint32_t i = 0; i < globals_.size(); ++i) put(o.global(i), &globals_[i]->cell);
  for (uint32_t i = 0; i < tables_.size(); ++i) put(o.table(i), tables_[i]->vm());
  for (uint32_t i = 0; i < funcs_.size(); ++i) put(o.func_ref(i), funcs_[i]);
  uint32_t ndefined = static_cast<uint32_t>(funcs_.size()) - module_->num_imported_funcs;
  for (uint32_t i = 0; i < ndefined; ++i) own_funcs_[i].vmctx = vmctx_;
}

Result<RawVal> Instance::eval(const InitExpr& e) const {
  RawVal stack[16];
  size_t sp = 0;
  auto bad = [] { return Error{ErrorCode::kInvalid, "malformed constant expression"}; };
  for (const ConstInstr& op : e) {
    if (sp >= 16) return Error{ErrorCode::kLimit, "constant expression too deep"};
    RawVal v;
    std::memset(&v, 0, sizeof v);
    switch (op.kind) {
      case ConstInstr::kI32Const: case ConstInstr::kF32Const: case ConstInstr::kI64Const:
      case ConstInstr::kF64Const:
        v.i64 = op.lo;
        break;
      case ConstInstr::kV128Const:
        std::memcpy(v.v128, &op.lo, 8);
        std::memcpy(v.v128 + 8, &op.hi, 8);
        break;
      case ConstInstr::kRefNull: v.ref = nullptr; break;
      case ConstInstr::kRefFunc:
        if (op.lo >= funcs_.size()) return bad();
        v.ref = funcs_[op.lo];
        break;
      case ConstInstr::kGlobalGet:
        if (op.lo >= globals_.size()) return bad();
        v = globals_[op.lo]->get();
        break;
      default: {
        if (sp < 2) return bad();
        RawVal b = stack[--sp], a = stack[--sp];
        switch (op.kind) {
          case ConstInstr::kI32Add: v.i32 = a.i32 + b.i32; break;
          case ConstInstr::kI32Sub: v.i32 = a.i32 - b.i32; break;
          case ConstInstr::kI32Mul: v.i32 = a.i32 * b.i32; break;
          case ConstInstr::kI64Add: v.i64 = a.i64 + b.i64; break;
          case ConstInstr::kI64Sub: v.i64 = a.i64 - b.i64; break;
          case ConstInstr::kI64Mul: v.i64 = a.i64 * b.i64; break;
          default: return bad();
        }
      }
    }
    stack[sp++] = v;
  }
  if (sp != 1) return bad();
  return stack[0];
}

Status Instance::initialize() {
  const ModuleInfo& m = *module_;
  for (uint32_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegmentInfo& seg = m.elems[i];
    if (seg.mode != SegmentMode::kActive) continue;  // declarative ones were never filled
    auto off = eval(seg.offset);
    if (!off.ok()) return off.take_error();
    if (!table_init(*this, seg.table, i, off->i32, 0, elem_items_[i].size()))
      return init_trap(TrapCode::kTableOutOfBounds);
    drop_elem(i);
  }
  for (uint32_t i = 0; i < m.datas.size(); ++i) {
    const DataSegmentInfo& seg = m.datas[i];
    if (seg.mode != SegmentMode::kActive) continue;
    auto off = eval(seg.offset);
    if (!off.ok()) return off.take_error();
    if (!memory_init(*this, seg.mem, i, off->i32, 0, seg.bytes.size()))
      return init_trap(TrapCode::kMemoryOutOfBounds);
    drop_data(i);
  }
  if (m.start) return store_->call(funcs_[*m.start], nullptr, nullptr);
  return {};
}

std::optional<Extern> Instance::find_export(std::string_view name) const {
  const ModuleInfo& m = *module_;
  auto it = m.export_index.find(std::string(name));
  if (it == m.export_index.end()) return std::nullopt;
  return export_at(it->second);
}

Extern Instance::export_at(uint32_t i) const {
  const ExportInfo& e = module_->exports[i];
  switch (e.kind) {
    case ExternKind::kFunc: return {e.kind, funcs_[e.index]};
    case ExternKind::kMemory: return {e.kind, memories_[e.index]};
    case ExternKind::kTable: return {e.kind, tables_[e.index]};
    case ExternKind::kGlobal: return {e.kind, globals_[e.index]};
  }
  return {};
}

std::span<const uint8_t> Instance::data_segment(uint32_t i) const {
  if (data_dropped_[i]) return {};
  return module_->datas[i].bytes;
}

bool memory_init(Instance& inst, uint32_t mem, uint32_t seg, uint64_t dst, uint64_t src, uint64_t len) {
  std::span<const uint8_t> data = inst.data_segment(seg);
  Memory* m = inst.memory(mem);
  if (src + len > data.size() || dst + len > m->size_bytes()) return false;
  if (len) std::memcpy(m->data() + dst, data.data() + src, len);
  return true;
}

bool table_init(Instance& inst, uint32_t table, uint32_t seg, uint64_t dst, uint64_t src, uint64_t len) {
  std::span<void* const> items = inst.elem_segment(seg);
  Table* t = inst.table(table);
  if (src + len > items.size() || dst + len > t->size()) return false;
  for (uint64_t k = 0; k < len; ++k) t->set(static_cast<uint32_t>(dst + k), items[src + k]);
  return true;
}

}  // namespace wasmrust::rt
