// Translation of a WasmIR module's declarations into the runtime's ModuleInfo (the runtime
// includes no IR header, so this layer does it).
//
// Depends on: wasmir/module.h, runtime/module_info.h, runtime/func_type.h.
#pragma once

#include <memory>

#include "runtime/func_type.h"
#include "runtime/module_info.h"
#include "wasmir/module.h"
#include "wasmrust/result.h"

namespace wasmrust::tiering {

/// Everything but the code: types with canonical ids from {types}, imports, entities,
/// segments, exports, start, names and VMOffsets. kUnsupported for features the runtime
/// does not have (64-bit or shared memories).
Result<std::shared_ptr<rt::ModuleInfo>> build_module_info(const ir::Module& m, rt::TypeRegistry& types);

/// Canonical ids of the module's types (CompileEnv::canonical_type_ids).
std::vector<uint32_t> canonical_type_ids(const ir::Module& m, rt::TypeRegistry& types);

/// VMOffsets from the module's counts (the same computation the runtime uses).
rt::VMOffsets vm_offsets(const ir::Module& m);

}  // namespace wasmrust::tiering
