// Store: creation of runtime objects and instantiation (see store.h).
#include "runtime/store.h"

#include <cstring>

#include "runtime/instance.h"
#include "runtime/trap_handler.h"

namespace wasmrust::rt {

RawVal Global::get() const {
  RawVal v;
  std::memcpy(v.v128, cell.bytes, 16);
  return v;
}

void Global::set(const RawVal& v) { std::memcpy(cell.bytes, v.v128, 16); }

Store::Store(TypeRegistry* types, RuntimeConfig config) : types_(types), config_(config) { ensure_signal_handlers(); }

Store::~Store() = default;

Result<Memory*> Store::new_memory(uint64_t min, std::optional<uint64_t> max) {
  auto m = Memory::create(min, max, config_.bounds);
  if (!m.ok()) return m.take_error();
  memories_.push_back(std::move(m.value()));
  return memories_.back().get();
}

Result<Table*> Store::new_table(Type elem, uint32_t min, std::optional<uint32_t> max, void* init) {
  auto t = Table::create(elem, min, max, init);
  if (!t.ok()) return t.take_error();
  tables_.push_back(std::move(t.value()));
  return tables_.back().get();
}

Global* Store::new_global(Type type, bool mut, const RawVal& init) {
  Global& g = globals_.emplace_back();
  g.type = type;
  g.mut = mut;
  g.set(init);
  return &g;
}

VMFuncRef* Store::new_host_func(FuncSig sig, HostCallback fn) {
  HostFunc& h = host_funcs_.emplace_back();
  h.ref.code.store(reinterpret_cast<const void*>(&wr_host_adapter), std::memory_order_relaxed);
  h.ref.vmctx = reinterpret_cast<VMContext*>(&h);
  h.ref.type_id = types_->intern(sig);
  h.ref.func_index = 0;
  h.layout = AbiLayout::of(sig);
  h.sig = std::move(sig);
  h.fn = std::move(fn);
  return &h.ref;
}

VMFuncRef* Store::new_host_func_with_caller(FuncSig sig, HostCallerCallback fn) {
  VMFuncRef* ref = new_host_func(std::move(sig), nullptr);
  reinterpret_cast<HostFunc*>(ref->vmctx)->caller_fn = std::make_shared<const HostCallerCallback>(std::move(fn));
  return ref;
}

VMFuncRef* Store::bind_caller(VMFuncRef* f, Instance* inst) {
  if (f->code.load(std::memory_order_relaxed) != reinterpret_cast<const void*>(&wr_host_adapter)) return f;
  const HostFunc& orig = *reinterpret_cast<const HostFunc*>(f->vmctx);
  if (!orig.caller_fn) return f;
  HostFunc& h = host_funcs_.emplace_back();
  h.ref.code.store(reinterpret_cast<const void*>(&wr_host_adapter), std::memory_order_relaxed);
  h.ref.vmctx = reinterpret_cast<VMContext*>(&h);
  h.ref.type_id = f->type_id;
  h.ref.func_index = f->func_index;
  h.sig = orig.sig;
  h.layout = orig.layout;
  h.caller_fn = orig.caller_fn;
  h.caller = inst;
  return &h.ref;
}

Result<Instance*> Store::instantiate(std::shared_ptr<const ModuleInfo> module, const std::vector<Extern>& imports) {
  auto inst = std::make_unique<Instance>(this, std::move(module));
  WR_TRY(inst->link(imports));
  Instance* p = inst.get();
  instances_.push_back(std::move(inst));
  WR_TRY(p->initialize());
  return p;
}

const Store::CallInfo& Store::call_info(uint32_t type_id) {
  if (type_id >= call_info_.size()) call_info_.resize(type_id + 1);
  std::unique_ptr<CallInfo>& info = call_info_[type_id];
  if (!info) {
    const FuncSig& sig = types_->sig(type_id);
    info.reset(new CallInfo{&sig, AbiLayout::of(sig)});
  }
  return *info;
}

Status Store::call(const VMFuncRef* f, const RawVal* args, RawVal* results) {
  const void* code = f->code.load(std::memory_order_acquire);
  if (!code) return Error{ErrorCode::kUnsupported, "function has no code"};
  const CallInfo& info = call_info(f->type_id);
  return invoke(&vm_, config_.stack_budget, code, f->vmctx, *info.sig, info.layout, args, results);
}

}  // namespace wasmrust::rt
