// A module instance: its VMContext (laid out by VMOffsets), entry slots for its functions,
// its memories, tables and globals (own or imported), and its segments. Instantiation
// follows the spec: imports are checked, entities created, then active element segments
// initialize tables and active data segments memories, in order, each dropped after use;
// then the start function runs.
//
// Depends on: store.h, module_info.h. Guarantees: the VMContext and entry slots do not move
// for the instance's life; a trap during initialization leaves earlier writes in place, as
// the spec requires.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "runtime/module_info.h"
#include "runtime/store.h"
#include "runtime/vmctx.h"
#include "wasmrust/result.h"

namespace wasmrust::rt {

class Instance {
 public:
  Instance(Store* store, std::shared_ptr<const ModuleInfo> module);
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  /// Link {imports}, create entities and evaluate segment items (no side effect on imports).
  Status link(const std::vector<Extern>& imports);
  /// Run active segment initialization and the start function.
  Status initialize();

  static Instance* of(VMContext* vmctx) {
    return static_cast<Instance*>(reinterpret_cast<VMContextHeader*>(vmctx)->instance);
  }
  VMContext* vmctx() const { return vmctx_; }
  Store* store() const { return store_; }
  const ModuleInfo& module() const { return *module_; }
  const std::shared_ptr<const ModuleInfo>& module_ptr() const { return module_; }

  Memory* memory(uint32_t i) const { return memories_[i]; }
  Table* table(uint32_t i) const { return tables_[i]; }
  Global* global(uint32_t i) const { return globals_[i]; }
  VMFuncRef* func(uint32_t i) const { return funcs_[i]; }
  uint32_t num_memories() const { return static_cast<uint32_t>(memories_.size()); }
  uint32_t num_tables() const { return static_cast<uint32_t>(tables_.size()); }

  /// The export named {name}, if any.
  std::optional<Extern> find_export(std::string_view name) const;
  Extern export_at(uint32_t i) const;

  // ---- segments (for the bulk-memory and table libcalls) ----
  std::span<const uint8_t> data_segment(uint32_t i) const;
  void drop_data(uint32_t i) { data_dropped_[i] = true; }
  std::span<void* const> elem_segment(uint32_t i) const { return elem_items_[i]; }
  void drop_elem(uint32_t i) { elem_items_[i].clear(); elem_items_[i].shrink_to_fit(); }

 private:
  Status link_imports(const std::vector<Extern>& imports);
  Status check_import(const ImportInfo& im, const Extern& ext) const;
  Status create_entities();
  Result<RawVal> eval(const InitExpr& e) const;
  void build_vmctx();

  Store* store_;
  std::shared_ptr<const ModuleInfo> module_;
  VMContext* vmctx_ = nullptr;
  std::unique_ptr<VMFuncRef[]> own_funcs_;
  std::vector<VMFuncRef*> funcs_;
  std::vector<Memory*> memories_;
  std::vector<Table*> tables_;
  std::vector<Global*> globals_;
  std::vector<bool> data_dropped_;
  std::vector<std::vector<void*>> elem_items_;
};

/// memory.init, table.init and friends, with the spec's bounds rules; false = out of bounds.
bool memory_init(Instance& inst, uint32_t mem, uint32_t seg, uint64_t dst, uint64_t src, uint64_t len);
bool table_init(Instance& inst, uint32_t table, uint32_t seg, uint64_t dst, uint64_t src, uint64_t len);

}  // namespace wasmrust::rt
