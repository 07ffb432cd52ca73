// Module-level decoding and validation: the header, each section's contents, constant
// expressions, the cross-section rules (function/code counts, data count), and handing
// function bodies to the FunctionDecoder.
//
// Depends on: reader.h, module_env.h, function_decoder.h. The streaming driver
// (streaming.cc) cuts the input into complete units (the header, one whole non-code
// section, the code section's count, one function body) and calls the methods below in
// input order; this class never sees a partial unit, so it needs no buffering of its own.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "frontend/function_decoder.h"
#include "frontend/module_env.h"
#include "frontend/reader.h"
#include "wasmrust/frontend.h"

namespace wasmrust::frontend {

/// Section ids of the binary format.
enum SectionId : uint8_t {
  kCustomSection = 0, kTypeSection, kImportSection, kFunctionSection, kTableSection, kMemorySection,
  kGlobalSection, kExportSection, kStartSection, kElementSection, kCodeSection, kDataSection,
  kDataCountSection,
};

class ModuleDecoder {
 public:
  ModuleDecoder(ir::Module* module, const FrontendOptions& options);

  void set_function_callback(FunctionCallback cb) { callback_ = std::move(cb); }
  ErrorSink& sink() { return sink_; }

  /// The 8-byte header.
  bool header(Reader& r);
  /// Check the order of a section with this id starting at {offset}; false if it is out of
  /// order, repeated, or unknown.
  bool begin_section(uint8_t id, uint64_t offset);
  /// A whole section other than code: {r} covers exactly its contents.
  bool section(uint8_t id, Reader& r);
  /// The code section's function count (read from its start).
  bool code_count(uint32_t count, uint64_t offset);
  /// One function body (the bytes after its size), in code section order.
  bool function_body(const uint8_t* begin, const uint8_t* end, uint64_t base);
  /// The code section ended at {offset}: all announced bodies must have come.
  bool end_code(uint64_t offset);
  /// End of input at {offset}.
  bool finish(uint64_t offset);

  const ModuleEnv& env() const { return env_; }
  size_t context_bytes() const { return body_.memory_bytes() + decoder_.memory_bytes(); }

 private:
  bool type_section(Reader& r);
  bool import_section(Reader& r);
  bool function_section(Reader& r);
  bool table_section(Reader& r);
  bool memory_section(Reader& r);
  bool global_section(Reader& r);
  bool export_section(Reader& r);
  bool start_section(Reader& r);
  bool element_section(Reader& r);
  bool element_segment(Reader& r);
  bool data_count_section(Reader& r);
  bool data_section(Reader& r);
  bool custom_section(Reader& r);

  bool read_value_type(Reader& r, Type* t);
  bool read_ref_type(Reader& r, Type* t);
  bool read_limits(Reader& r, ir::Limits* l, uint64_t max_allowed, const char* too_big);
  bool read_table_type(Reader& r, ir::Table* t);
  bool read_memory_type(Reader& r, ir::Memory* m);
  bool read_global_type(Reader& r, ir::Global* g);
  bool check_memory_count(Reader& r);
  /// A constant expression of type {type} (global initializers, segment offsets, items).
  bool read_const_expr(Reader& r, Type type, ir::ConstExpr* out);
  void declare_ref(uint32_t func) {
    if (func < env_.declared_refs.size()) env_.declared_refs[func] = 1;
  }

  ir::Module* m_;
  ModuleEnv env_;
  ErrorSink sink_;
  FunctionCallback callback_;
  ir::FunctionBody body_;  // the reused per-function context
  FunctionDecoder decoder_;
  int last_rank_ = 0;           // order rank of the last known section
  uint8_t last_id_ = 0;         // id of the last known section (for CustomSection::after)
  uint32_t num_defined_funcs_ = 0;
  bool saw_code_section_ = false;
  bool saw_data_section_ = false;
  uint32_t code_count_ = 0;
  uint32_t bodies_done_ = 0;
};

/// The name of function {func} from the name section of the complete module {bytes}, or
/// empty. Used to name the function in errors when the name section comes after the code.
std::string find_function_name(std::span<const uint8_t> bytes, uint32_t func);

}  // namespace wasmrust::frontend
