// The machine code of one module and what the runtime needs to explain a pc inside it:
// per-function ranges, trap sites and call sites; and the process-wide code registry that
// maps any pc to the module code holding it.
//
// Depends on: code_memory.h, trap.h. Guarantees:
//  - CodeRegistry::lookup() takes no lock and allocates nothing, so the signal handler may
//    call it. Registration and unregistration serialize on a mutex; unregister() returns
//    only when no reader can still see the removed entry, so the ModuleCode may then die.
//  - A ModuleCode registers itself when published and unregisters in its destructor.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/code_memory.h"
#include "runtime/trap.h"
#include "wasmrust/result.h"

namespace wasmrust::rt {

/// A return address with the wasm offset of its call. Offsets are function-relative.
struct CallSiteInfo {
  uint32_t return_offset;
  uint32_t srcloc;
};

/// Where one compiled function sits and where its tables are.
struct FuncCodeInfo {
  uint32_t func_index = 0;
  uint32_t offset = 0;  ///< from the start of the module's code
  uint32_t size = 0;
  uint32_t traps_begin = 0, traps_end = 0;  ///< range in ModuleCode::traps()
  uint32_t calls_begin = 0, calls_end = 0;  ///< range in ModuleCode::calls()
};

class ModuleCode {
 public:
  ModuleCode() = default;
  ModuleCode(const ModuleCode&) = delete;
  ModuleCode& operator=(const ModuleCode&) = delete;
  ~ModuleCode();

  // ---- building (before publish) ----
  /// Reserve the code memory; functions are then copied in with add_function.
  Status allocate(size_t code_bytes);
  /// Copy one function's code and tables at {offset} (16-aligned, ascending order).
  void add_function(uint32_t func_index, uint32_t offset, const uint8_t* code, uint32_t size,
                    const TrapSite* traps, size_t num_traps, const CallSiteInfo* calls, size_t num_calls);
  /// Names for backtraces, indexed by function index (may be empty).
  void set_func_names(std::vector<std::string> names) { names_ = std::move(names); }
  void set_num_funcs(uint32_t n) { code_of_func_.assign(n, kNoCode); }
  /// Make the code executable and register it with the process-wide registry.
  Status publish();

  // ---- queries ----
  const uint8_t* base() const { return mem_.base(); }
  size_t code_size() const { return mem_.size(); }
  bool contains(uintptr_t pc) const;
  /// Entry address of function {func_index}, or null if it has no code here (an import).
  const void* func_code(uint32_t func_index) const;
  /// The function whose code holds {pc}, or null.
  const FuncCodeInfo* find_func(uintptr_t pc) const;
  /// Trap site at exactly {pc} in {f}, or null.
  const TrapSite* find_trap(const FuncCodeInfo& f, uintptr_t pc) const;
  /// Wasm offset of the call whose return address is {pc}, or ~0u.
  uint32_t call_srcloc(const FuncCodeInfo& f, uintptr_t pc) const;
  const std::string& func_name(uint32_t func_index) const;
  const std::vector<FuncCodeInfo>& funcs() const { return funcs_; }

 private:
  static constexpr uint32_t kNoCode = ~0u;
  CodeMemory mem_;
  std::vector<FuncCodeInfo> funcs_;        // ascending offsets
  std::vector<uint32_t> code_of_func_;     // func index -> position in funcs_
  std::vector<TrapSite> traps_;
  std::vector<CallSiteInfo> calls_;
  std::vector<std::string> names_;
  bool registered_ = false;
};

/// The process-wide map from code addresses to ModuleCode.
class CodeRegistry {
 public:
  static CodeRegistry& get();
  void add(const ModuleCode* code);
  void remove(const ModuleCode* code);
  /// The module code holding {pc}, or null. Lock-free; safe in a signal handler. The result
  /// stays valid while wasm code of that module is on the stack.
  const ModuleCode* lookup(uintptr_t pc) const;

 private:
  struct Entry {
    uintptr_t start, end;
    const ModuleCode* code;
  };
  struct Table {
    size_t size;
    Entry entries[1];
  };
  static Table* make_table(size_t n);
  void swap_in(Table* t);

  std::mutex mu_;
  std::atomic<Table*> table_{nullptr};
  mutable std::atomic<uint32_t> readers_{0};
};

}  // namespace wasmrust::rt
