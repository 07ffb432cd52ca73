// Test support: modules whose functions are hand-written x86-64 (xbyak) following
// docs/abi.md, so the runtime (traps, stubs, instances, libcalls) is tested without a code
// generator. Each function generator gets the module's VMOffsets and records trap and call
// sites like a backend does.
#pragma once

#include <xbyak/xbyak.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/instance.h"
#include "runtime/module_code.h"
#include "runtime/module_info.h"
#include "runtime/store.h"

namespace wasmrust::rt::test {

class Asm : public Xbyak::CodeGenerator {
 public:
  explicit Asm(const VMOffsets& o) : Xbyak::CodeGenerator(16384, Xbyak::DontSetProtectRWE), off(o) {}
  const VMOffsets& off;
  std::vector<TrapSite> traps;
  std::vector<CallSiteInfo> calls;

  uint32_t here() const { return static_cast<uint32_t>(getSize()); }
  /// Record that the next instruction may trap with {c}.
  void site(TrapCode c, uint32_t srcloc) { traps.push_back({here(), srcloc, c}); }
  void enter() {
    push(rbp);
    mov(rbp, rsp);
  }
  void leave_ret() {
    leave();
    ret();
  }
  /// Prologue stack check against the store's limit (rdi = vmctx): ud2 with kStackOverflow.
  void stack_check(uint32_t srcloc) {
    Xbyak::Label ok;
    mov(rax, ptr[rdi + VMOffsets::kStore]);
    cmp(rsp, ptr[rax]);
    jae(ok);
    site(TrapCode::kStackOverflow, srcloc);
    ud2();
    L(ok);
  }
  /// Call function {f} through its entry slot (clobbers rax, rdi; args in the other regs).
  void call_func(uint32_t f, uint32_t srcloc) {
    mov(rax, ptr[rdi + off.func_ref(f)]);
    mov(rdi, ptr[rax + 8]);
    call(ptr[rax]);
    calls.push_back({here(), srcloc});
  }
  /// Call a runtime function by absolute address.
  void call_abs(const void* fn, uint32_t srcloc) {
    mov(rax, reinterpret_cast<uint64_t>(fn));
    call(rax);
    calls.push_back({here(), srcloc});
  }
  /// rax = memory {m}'s base.
  void memory_base(uint32_t m) {
    mov(rax, ptr[rdi + off.memory(m)]);
    mov(rax, ptr[rax]);
  }
};

using Gen = std::function<void(Asm&)>;

/// Builds a ModuleInfo plus code for hand-written functions.
struct TestModule {
  std::shared_ptr<ModuleInfo> info = std::make_shared<ModuleInfo>();
  std::vector<Gen> gens;  // per defined function

  uint32_t type(std::vector<Type> params, std::vector<Type> results) {
    info->types.push_back({std::move(params), std::move(results)});
    return static_cast<uint32_t>(info->types.size() - 1);
  }
  uint32_t import_func(uint32_t type_index, std::string module, std::string field) {
    uint32_t f = static_cast<uint32_t>(info->func_types.size());
    info->func_types.push_back(type_index);
    info->num_imported_funcs++;
    info->imports.push_back({std::move(module), std::move(field), ExternKind::kFunc, f});
    return f;
  }
  uint32_t func(uint32_t type_index, Gen gen, std::string name = "") {
    uint32_t f = static_cast<uint32_t>(info->func_types.size());
    info->func_types.push_back(type_index);
    gens.push_back(std::move(gen));
    if (info->func_names.size() <= f) info->func_names.resize(f + 1);
    info->func_names[f] = std::move(name);
    return f;
  }
  void export_(std::string name, ExternKind kind, uint32_t index) {
    info->exports.push_back({std::move(name), kind, index});
  }

  /// Canonical ids, offsets and code; then the module is ready to instantiate.
  std::shared_ptr<const ModuleInfo> finish(TypeRegistry& types) {
    for (const FuncSig& s : info->types) info->type_ids.push_back(types.intern(s));
    info->finalize();
    auto code = std::make_shared<ModuleCode>();
    std::vector<std::unique_ptr<Asm>> asms;
    size_t total = 0;
    for (auto& g : gens) {
      asms.push_back(std::make_unique<Asm>(info->offsets));
      g(*asms.back());
      total += (asms.back()->getSize() + 15) & ~size_t{15};
    }
    code->set_num_funcs(static_cast<uint32_t>(info->func_types.size()));
    code->set_func_names(info->func_names);
    if (!code->allocate(total).ok()) return nullptr;
    uint32_t offset = 0;
    for (size_t i = 0; i < asms.size(); ++i) {
      Asm& a = *asms[i];
      uint32_t size = static_cast<uint32_t>(a.getSize());
      code->add_function(info->num_imported_funcs + static_cast<uint32_t>(i), offset, a.getCode(), size,
                         a.traps.data(), a.traps.size(), a.calls.data(), a.calls.size());
      offset += (size + 15) & ~15u;
    }
    if (!code->publish().ok()) return nullptr;
    info->code = code;
    return info;
  }
};

/// A type registry and a store, as an engine would hold them.
struct Env {
  TypeRegistry types;
  Store store;
  explicit Env(RuntimeConfig c = {}) : store(&types, c) {}
};

inline RawVal i32(uint32_t v) {
  RawVal r{};
  r.i64 = 0;
  r.i32 = v;
  return r;
}
inline RawVal i64(uint64_t v) {
  RawVal r{};
  r.i64 = v;
  return r;
}

}  // namespace wasmrust::rt::test
