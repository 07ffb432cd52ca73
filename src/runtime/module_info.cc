// ModuleInfo helpers.
#include "runtime/module_info.h"

namespace wasmrust::rt {

const char* extern_kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::kFunc: return "func";
    case ExternKind::kTable: return "table";
    case ExternKind::kMemory: return "memory";
    case ExternKind::kGlobal: return "global";
  }
  return "?";
}

void ModuleInfo::finalize() {
  offsets.num_memories = static_cast<uint32_t>(memories.size());
  offsets.num_globals = static_cast<uint32_t>(globals.size());
  offsets.num_tables = static_cast<uint32_t>(tables.size());
  offsets.num_funcs = static_cast<uint32_t>(func_types.size());
  export_index.clear();
  for (uint32_t i = 0; i < exports.size(); ++i) export_index.emplace(exports[i].name, i);
}

}  // namespace wasmrust::rt
