// Custom sections the emitter generates from the module: the name section and the WasmRust
// attribute sections of docs/custom-sections.md.
//
// Depends on: byte_writer.h, inst_writer.h (FuncMap), wasmir/module.h. Guarantees: entries
// are written in increasing (emitted) function index order; nothing is written for a
// section that would be empty.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "emit/wasm/byte_writer.h"
#include "emit/wasm/inst_writer.h"
#include "wasmir/module.h"

namespace wasmrust::emit {

/// Names of the sections write_attribute_sections() produces.
bool is_attribute_section(std::string_view name);

/// The `name` section: module, function and local names (subsections 0-2) and the
/// extended-name subsections for tables, memories, globals, element and data segments.
/// {order} lists old function indexes in emitted order (imports first).
void write_name_section(ByteWriter& w, const ir::Module& m, const std::vector<uint32_t>& order);

/// wasmrust.effects, wasmrust.linear, wasmrust.regions, metadata.code.compilation_priority.
void write_attribute_sections(ByteWriter& w, const ir::Module& m, const std::vector<uint32_t>& order);

}  // namespace wasmrust::emit
