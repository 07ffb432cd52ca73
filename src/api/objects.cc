// Store, instances, functions, memories, tables, globals and the linker: thin handles over
// the runtime's objects (see wasmrust.h).
#include <algorithm>
#include <string>

#include "api/api_impl.h"

namespace wasmrust {
namespace {

rt::VMFuncRef* ref_of(const Func& f) { return static_cast<rt::VMFuncRef*>(f.raw()); }
rt::Memory* mem_of(void* p) { return static_cast<rt::Memory*>(p); }
rt::Table* table_of(void* p) { return static_cast<rt::Table*>(p); }
rt::Global* global_of(void* p) { return static_cast<rt::Global*>(p); }

Extern to_extern(StoreImpl* s, const rt::Extern& e) {
  switch (e.kind) {
    case rt::ExternKind::kFunc: return Func(s, e.ptr);
    case rt::ExternKind::kMemory: return Memory(s, e.ptr);
    case rt::ExternKind::kTable: return Table(s, e.ptr);
    case rt::ExternKind::kGlobal: return Global(s, e.ptr);
  }
  return Func();
}

rt::Extern to_rt(const Extern& e) {
  switch (e.kind()) {
    case ExternKind::kFunc: return {rt::ExternKind::kFunc, e.func()->raw()};
    case ExternKind::kMemory: return {rt::ExternKind::kMemory, e.memory()->raw()};
    case ExternKind::kTable: return {rt::ExternKind::kTable, e.table()->raw()};
    case ExternKind::kGlobal: return {rt::ExternKind::kGlobal, e.global()->raw()};
  }
  return {};
}

Error type_error(const std::string& what) { return Error{ErrorCode::kInvalid, what}; }

std::optional<uint32_t> narrow(const std::optional<uint64_t>& v) {
  return v ? std::optional<uint32_t>(static_cast<uint32_t>(*v)) : std::nullopt;
}

}  // namespace

// ---- Store ----

Store::Store(const Engine& engine) {
  rt::RuntimeConfig c;
  c.bounds = engine.config().bounds_checks == BoundsChecks::kExplicit ? rt::BoundsMode::kExplicit
                                                                      : rt::BoundsMode::kGuard;
  c.stack_budget = engine.config().stack_budget;
  impl_ = std::make_unique<StoreImpl>(engine, c);
}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
const Engine& Store::engine() const { return impl_->engine; }

// ---- Func ----

namespace {

// Converts a host call's raw arguments to Vals, runs {body} on them and checks and stores
// the results it wrote.
template <typename Body>
Status call_host(StoreImpl* s, const rt::FuncSig& sig, const rt::RawVal* args, rt::RawVal* results, Body&& body) {
  Val argv[16], resv[16];
  std::vector<Val> big_args, big_results;
  std::span<Val> a(argv, sig.params.size()), r(resv, sig.results.size());
  if (sig.params.size() > 16) a = (big_args.resize(sig.params.size()), std::span<Val>(big_args));
  if (sig.results.size() > 16) r = (big_results.resize(sig.results.size()), std::span<Val>(big_results));
  for (size_t i = 0; i < a.size(); ++i) a[i] = val_of(sig.params[i], args[i], s);
  for (size_t i = 0; i < r.size(); ++i) r[i] = Val::null(sig.results[i]);
  WR_TRY(body(std::span<const Val>(a), r));
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i].type() != sig.results[i]) return Error{ErrorCode::kTrap, "host function returned a value of the wrong type"};
    results[i] = raw_of(r[i]);
  }
  return {};
}

}  // namespace

Func Func::create(Store& store, const FuncType& type, Callback fn) {
  StoreImpl* s = store.impl();
  rt::FuncSig sig{type.params, type.results};
  auto adapter = [s, sig, fn = std::move(fn)](const rt::RawVal* args, rt::RawVal* results) -> Status {
    return call_host(s, sig, args, results, fn);
  };
  return Func(s, s->store.new_host_func(sig, std::move(adapter)));
}

Func Func::create_with_caller(Store& store, const FuncType& type, CallerCallback fn) {
  StoreImpl* s = store.impl();
  rt::FuncSig sig{type.params, type.results};
  auto adapter = [s, sig, fn = std::move(fn)](rt::Instance* inst, const rt::RawVal* args, rt::RawVal* results) -> Status {
    Caller caller(s, inst);
    return call_host(s, sig, args, results,
                     [&](std::span<const Val> a, std::span<Val> r) { return fn(caller, a, r); });
  };
  return Func(s, s->store.new_host_func_with_caller(sig, std::move(adapter)));
}

FuncType Func::type() const {
  const rt::FuncSig& sig = store_->store.sig_of(ref_of(*this));
  return {sig.params, sig.results};
}

Result<std::vector<Val>> Func::call(std::span<const Val> args) const {
  if (!ref_) return type_error("call of a null function");
  const rt::FuncSig& sig = store_->store.sig_of(ref_of(*this));
  if (args.size() != sig.params.size())
    return type_error(std::string("expected ") + std::to_string(sig.params.size()) + " arguments, got " + std::to_string(args.size()));
  rt::RawVal argv[16], resv[16];
  std::vector<rt::RawVal> big_args, big_results;
  rt::RawVal* a = argv;
  rt::RawVal* r = resv;
  if (args.size() > 16) a = (big_args.resize(args.size()), big_args.data());
  if (sig.results.size() > 16) r = (big_results.resize(sig.results.size()), big_results.data());
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != sig.params[i])
      return type_error(std::string("argument ") + std::to_string(i) + ": expected " + type_name(sig.params[i]) + ", got " +
                        type_name(args[i].type()));
    a[i] = raw_of(args[i]);
  }
  WR_TRY(store_->store.call(ref_of(*this), a, r));
  std::vector<Val> out;
  out.reserve(sig.results.size());
  for (size_t i = 0; i < sig.results.size(); ++i) out.push_back(val_of(sig.results[i], r[i], store_));
  return out;
}

Result<std::vector<Val>> Func::call(std::initializer_list<Val> args) const {
  return call(std::span<const Val>(args.begin(), args.size()));
}

// ---- Memory ----

Result<Memory> Memory::create(Store& store, const MemoryType& type) {
  auto m = store.impl()->store.new_memory(type.limits.min, type.limits.max);
  if (!m.ok()) return m.take_error();
  return Memory(store.impl(), *m);
}
uint8_t* Memory::data() const { return mem_of(mem_)->data(); }
uint64_t Memory::size() const { return mem_of(mem_)->size_bytes(); }
uint64_t Memory::pages() const { return mem_of(mem_)->pages(); }
Result<uint64_t> Memory::grow(uint64_t delta) const {
  int64_t old = mem_of(mem_)->grow(delta);
  if (old < 0) return Error{ErrorCode::kLimit, std::string("memory cannot grow by ") + std::to_string(delta) + " pages"};
  return static_cast<uint64_t>(old);
}
MemoryType Memory::type() const {
  return {Limits{mem_of(mem_)->pages(), mem_of(mem_)->declared_max()}};
}

// ---- Table ----

Result<Table> Table::create(Store& store, const TableType& type, const Val& init) {
  if (!is_ref(type.elem) || init.type() != type.elem) return type_error("table element type mismatch");
  if (type.limits.min > 0xFFFFFFFFu || (type.limits.max && *type.limits.max > 0xFFFFFFFFu))
    return Error{ErrorCode::kLimit, "table limits exceed 2^32-1"};
  auto t = store.impl()->store.new_table(type.elem, static_cast<uint32_t>(type.limits.min),
                                         narrow(type.limits.max), raw_of(init).ref);
  if (!t.ok()) return t.take_error();
  return Table(store.impl(), *t);
}
uint32_t Table::size() const { return table_of(table_)->size(); }
std::optional<Val> Table::get(uint32_t i) const {
  rt::Table* t = table_of(table_);
  if (i >= t->size()) return std::nullopt;
  rt::RawVal v{};
  v.ref = t->get(i);
  return val_of(t->elem_type(), v, store_);
}
Status Table::set(uint32_t i, const Val& v) const {
  rt::Table* t = table_of(table_);
  if (v.type() != t->elem_type()) return type_error("table element type mismatch");
  if (i >= t->size()) return Error{ErrorCode::kTrap, "out of bounds table access"};
  t->set(i, raw_of(v).ref);
  return {};
}
Result<uint32_t> Table::grow(uint32_t delta, const Val& init) const {
  rt::Table* t = table_of(table_);
  if (init.type() != t->elem_type()) return type_error("table element type mismatch");
  int64_t old = t->grow(delta, raw_of(init).ref);
  if (old < 0) return Error{ErrorCode::kLimit, std::string("table cannot grow by ") + std::to_string(delta)};
  return static_cast<uint32_t>(old);
}
TableType Table::type() const {
  rt::Table* t = table_of(table_);
  auto max = t->declared_max();
  return {t->elem_type(), Limits{t->size(), max ? std::optional<uint64_t>(*max) : std::nullopt}};
}

// ---- Global ----

Result<Global> Global::create(Store& store, const GlobalType& type, const Val& init) {
  if (init.type() != type.type) return type_error("global initializer type mismatch");
  return Global(store.impl(), store.impl()->store.new_global(type.type, type.mut, raw_of(init)));
}
Val Global::get() const { return val_of(global_of(global_)->type, global_of(global_)->get(), store_); }
Status Global::set(const Val& v) const {
  rt::Global* g = global_of(global_);
  if (!g->mut) return type_error("global is immutable");
  if (v.type() != g->type) return type_error("global type mismatch");
  g->set(raw_of(v));
  return {};
}
GlobalType Global::type() const { return {global_of(global_)->type, global_of(global_)->mut}; }

// ---- Instance ----

Result<Instance> Instance::create(Store& store, const Module& module, std::span<const Extern> imports) {
  if (module.impl()->engine.get() != store.engine().impl())
    return Error{ErrorCode::kLink, "module and store belong to different engines"};
  std::vector<rt::Extern> raw;
  raw.reserve(imports.size());
  for (const Extern& e : imports) raw.push_back(to_rt(e));
  auto inst = store.impl()->store.instantiate(module.impl()->info, raw);
  if (!inst.ok()) return inst.take_error();
  return Instance(store.impl(), *inst);
}

std::optional<Extern> Instance::get(std::string_view name) const {
  auto e = static_cast<rt::Instance*>(inst_)->find_export(name);
  if (!e) return std::nullopt;
  return to_extern(store_, *e);
}
std::optional<Func> Instance::get_func(std::string_view name) const {
  auto e = get(name);
  return e ? e->func() : std::nullopt;
}
std::optional<Memory> Instance::get_memory(std::string_view name) const {
  auto e = get(name);
  return e ? e->memory() : std::nullopt;
}
std::optional<Table> Instance::get_table(std::string_view name) const {
  auto e = get(name);
  return e ? e->table() : std::nullopt;
}
std::optional<Global> Instance::get_global(std::string_view name) const {
  auto e = get(name);
  return e ? e->global() : std::nullopt;
}
std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  auto* inst = static_cast<rt::Instance*>(inst_);
  std::vector<std::pair<std::string, Extern>> out;
  const auto& ex = inst->module().exports;
  for (uint32_t i = 0; i < ex.size(); ++i) out.emplace_back(ex[i].name, to_extern(store_, inst->export_at(i)));
  return out;
}

// ---- Caller ----

std::optional<Instance> Caller::instance() const {
  if (!inst_) return std::nullopt;
  return Instance(store_, inst_);
}
std::optional<Extern> Caller::get_export(std::string_view name) const {
  if (!inst_) return std::nullopt;
  return Instance(store_, inst_).get(name);
}
std::optional<Memory> Caller::get_memory(std::string_view name) const {
  auto e = get_export(name);
  return e ? e->memory() : std::nullopt;
}

// ---- Linker ----

Status Linker::define(std::string_view module, std::string_view name, const Extern& item) {
  if (get(module, name))
    return Error{ErrorCode::kLink, std::string("\"") + std::string(module) + "\" \"" + std::string(name) + "\" is already defined"};
  defs_.push_back({std::string(module), std::string(name), item});
  return {};
}

Status Linker::define_instance(std::string_view module, const Instance& instance) {
  for (const auto& export_entry : instance.exports()) {
    // (Not a structured binding: C++20 as clang-14 implements it cannot capture those.)
    const auto& name = export_entry.first;
    const auto& ext = export_entry.second;
    // Re-registering a name replaces the old definition, as the spec tests' "register" does.
    auto it = std::find_if(defs_.begin(), defs_.end(), [&](const Entry& e) { return e.module == module && e.name == name; });
    if (it != defs_.end()) it->item = ext;
    else defs_.push_back({std::string(module), name, ext});
  }
  return {};
}

std::optional<Extern> Linker::get(std::string_view module, std::string_view name) const {
  for (const Entry& e : defs_)
    if (e.module == module && e.name == name) return e.item;
  return std::nullopt;
}

Result<Instance> Linker::instantiate(const Module& module) const {
  std::vector<Extern> imports;
  for (const rt::ImportInfo& im : module.impl()->info->imports) {
    auto e = get(im.module, im.field);
    if (!e) return Error{ErrorCode::kLink, std::string("unknown import \"") + im.module + "\" \"" + im.field + "\""};
    imports.push_back(*e);
  }
  return Instance::create(*store_, module, imports);
}

}  // namespace wasmrust
