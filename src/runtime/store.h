// The runtime's store: everything instances share and own. A Store holds the per-store
// VMStoreContext (stack limit), and owns every memory, table, global, host function and
// instance created in it, all alive until the Store dies (as in wasmtime: no per-object
// reference counting, and references between instances of one store are plain pointers).
//
// Depends on: memory.h, table.h, module_info.h, abi_frame.h, func_type.h.
// Thread-safety: a Store is used by one thread at a time; different stores may run on
// different threads at once.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/abi_frame.h"
#include "runtime/func_type.h"
#include "runtime/memory.h"
#include "runtime/module_info.h"
#include "runtime/table.h"
#include "runtime/vmctx.h"
#include "wasmrust/result.h"

namespace wasmrust::rt {

class Instance;

/// Engine settings the runtime needs.
struct RuntimeConfig {
  BoundsMode bounds = BoundsMode::kGuard;
  /// Bytes of native stack wasm may use below the point where the host first calls in.
  size_t stack_budget = size_t{4} << 20;
};

/// A global's cell and type. The cell comes first so a Global* is a VMGlobal*.
struct Global {
  VMGlobal cell{};
  Type type = Type::kI32;
  bool mut = false;
  RawVal get() const;
  void set(const RawVal& v);
};

/// A host function: its entry slot (called through wr_host_adapter), signature and callable.
/// Callables must not throw; an exception is caught and becomes a trap.
using HostCallback = std::function<Status(const RawVal* args, RawVal* results)>;
/// A host function that is told which instance called it ({caller} is null when the host
/// calls it directly). The ABI passes no caller context, so such a function is bound to each
/// instance that imports it (Store::bind_caller): the binding knows its instance.
using HostCallerCallback = std::function<Status(Instance* caller, const RawVal* args, RawVal* results)>;
struct HostFunc {
  VMFuncRef ref;  // first member; ref.vmctx points back at this record
  FuncSig sig;
  AbiLayout layout;
  HostCallback fn;
  std::shared_ptr<const HostCallerCallback> caller_fn;  ///< set instead of {fn}; shared by bindings
  Instance* caller = nullptr;                            ///< the importing instance of a binding
};

/// An entity that can be imported or exported. {ptr} is a VMFuncRef*, Memory*, Table* or
/// Global* according to {kind}.
struct Extern {
  ExternKind kind = ExternKind::kFunc;
  void* ptr = nullptr;
  VMFuncRef* func() const { return static_cast<VMFuncRef*>(ptr); }
  Memory* memory() const { return static_cast<Memory*>(ptr); }
  Table* table() const { return static_cast<Table*>(ptr); }
  Global* global() const { return static_cast<Global*>(ptr); }
};

class Store {
 public:
  Store(TypeRegistry* types, RuntimeConfig config);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  VMStoreContext* vm() { return &vm_; }
  TypeRegistry& types() { return *types_; }
  const RuntimeConfig& config() const { return config_; }

  Result<Memory*> new_memory(uint64_t min, std::optional<uint64_t> max);
  Result<Table*> new_table(Type elem, uint32_t min, std::optional<uint32_t> max, void* init);
  Global* new_global(Type type, bool mut, const RawVal& init);
  VMFuncRef* new_host_func(FuncSig sig, HostCallback fn);
  /// A host function that receives its calling instance (see HostCallerCallback).
  VMFuncRef* new_host_func_with_caller(FuncSig sig, HostCallerCallback fn);
  /// What {inst} links for the imported function {f}: a binding of {f} to {inst} if {f} is a
  /// host function that takes its caller (made anew for each importer, so a function
  /// re-exported by one instance and imported by another sees the second), else {f} itself.
  VMFuncRef* bind_caller(VMFuncRef* f, Instance* inst);

  /// Instantiate {module} with {imports} (one per module import, in order). On a trap during
  /// initialization or the start function, the instance stays in the store (its functions
  /// may already sit in imported tables) and the trap is returned.
  Result<Instance*> instantiate(std::shared_ptr<const ModuleInfo> module, const std::vector<Extern>& imports);

  /// Call {f} with {args} (its parameter count), writing its results to {results}.
  Status call(const VMFuncRef* f, const RawVal* args, RawVal* results);
  /// The signature of {f}.
  const FuncSig& sig_of(const VMFuncRef* f) { return *call_info(f->type_id).sig; }

 private:
  // Signature and argument layout per canonical type id, filled on first use: a call then
  // takes no lock and allocates nothing for its layout.
  struct CallInfo {
    const FuncSig* sig;
    AbiLayout layout;
  };
  const CallInfo& call_info(uint32_t type_id);

  VMStoreContext vm_{};
  TypeRegistry* types_;
  std::vector<std::unique_ptr<CallInfo>> call_info_;
  RuntimeConfig config_;
  std::vector<std::unique_ptr<Memory>> memories_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::deque<Global> globals_;
  std::deque<HostFunc> host_funcs_;
  std::vector<std::unique_ptr<Instance>> instances_;
};

/// Call {code} of function type {sig} with {vmctx} under a new activation: sets the store's
/// stack limit if this is the store's outermost entry and turns traps into Errors.
Status invoke(VMStoreContext* store, size_t stack_budget, const void* code, void* vmctx, const FuncSig& sig,
              const AbiLayout& layout, const RawVal* args, RawVal* results);

}  // namespace wasmrust::rt
