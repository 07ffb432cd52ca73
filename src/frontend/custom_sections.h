// Custom sections the frontend understands: the name section (module, function, local
// and the extended names) and the WasmRust attribute sections of docs/custom-sections.md
// (wasmrust.effects, wasmrust.linear, wasmrust.regions, metadata.code.compilation_priority).
//
// Depends on: reader.h, module_env.h, wasmir/module.h. Guarantees: a malformed name
// section is ignored as a whole (the module stays valid); a malformed WasmRust section is
// a kMalformed error naming the section and the offset.
#pragma once

#include <string_view>

#include "frontend/module_env.h"
#include "frontend/reader.h"
#include "wasmir/module.h"

namespace wasmrust::frontend {

/// Read the contents of a "name" section (after its name) into {m}; ignores it if malformed.
void read_name_section(Reader& r, ir::Module* m);

/// True for the custom section names read by read_attribute_section().
bool is_attribute_section(std::string_view name);

/// Read a WasmRust attribute section (after its name) into {m} / {env}.
bool read_attribute_section(std::string_view name, Reader& r, ModuleEnv* env, ir::Module* m);

/// Mark the locals that wasmrust.linear lists for {func} in its freshly decoded {body}.
bool apply_linear_locals(const ModuleEnv& env, uint32_t func, ir::FunctionBody* body, ErrorSink* sink, uint64_t offset);

/// At the end of the module: apply linear local marks that arrived after the code section
/// to retained bodies.
bool finish_attributes(const ModuleEnv& env, ir::Module* m, ErrorSink* sink, uint64_t offset);

}  // namespace wasmrust::frontend
