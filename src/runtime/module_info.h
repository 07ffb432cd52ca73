// What the runtime needs to know about a module to instantiate it: the runtime's own copy of
// a module's declarations (the layer above translates its IR into this; the runtime includes
// no frontend or IR header), plus the compiled code.
//
// Depends on: func_type.h, module_code.h, vmctx.h. Immutable once built; shared by every
// instance of the module.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/func_type.h"
#include "runtime/module_code.h"
#include "runtime/vmctx.h"
#include "wasmrust/types.h"

namespace wasmrust::rt {

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3 };
const char* extern_kind_name(ExternKind k);

/// One instruction of a constant expression (evaluated at instantiation).
struct ConstInstr {
  enum Kind : uint8_t {
    kI32Const, kI64Const, kF32Const, kF64Const, kV128Const,
    kRefNull, kRefFunc, kGlobalGet,
    kI32Add, kI32Sub, kI32Mul, kI64Add, kI64Sub, kI64Mul,
  };
  Kind kind;
  Type type = Type::kVoid;  ///< kRefNull: the reference type
  uint64_t lo = 0;          ///< constant bits, or function/global index
  uint64_t hi = 0;          ///< high bits of a v128
};
using InitExpr = std::vector<ConstInstr>;

struct ImportInfo {
  std::string module, field;
  ExternKind kind;
  uint32_t index;  ///< index in the kind's index space
};

struct TableInfo {
  Type elem = Type::kFuncRef;
  uint32_t min = 0;
  std::optional<uint32_t> max;
  std::optional<InitExpr> init;
  bool imported = false;
};

struct MemoryInfo {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool imported = false;
};

struct GlobalInfo {
  Type type = Type::kI32;
  bool mut = false;
  InitExpr init;  ///< empty for imports
  bool imported = false;
};

struct ExportInfo {
  std::string name;
  ExternKind kind;
  uint32_t index;
};

enum class SegmentMode : uint8_t { kActive, kPassive, kDeclarative };

struct DataSegmentInfo {
  SegmentMode mode = SegmentMode::kActive;
  uint32_t mem = 0;
  InitExpr offset;
  std::vector<uint8_t> bytes;
};

struct ElemSegmentInfo {
  SegmentMode mode = SegmentMode::kActive;
  Type type = Type::kFuncRef;
  uint32_t table = 0;
  InitExpr offset;
  std::vector<InitExpr> items;
};

struct ModuleInfo {
  std::vector<FuncSig> types;
  std::vector<uint32_t> type_ids;  ///< canonical id per type index
  std::vector<uint32_t> func_types;  ///< type index per function (imports first)
  uint32_t num_imported_funcs = 0;
  std::vector<ImportInfo> imports;
  std::vector<TableInfo> tables;
  std::vector<MemoryInfo> memories;
  std::vector<GlobalInfo> globals;
  std::vector<ExportInfo> exports;
  std::vector<DataSegmentInfo> datas;
  std::vector<ElemSegmentInfo> elems;
  std::optional<uint32_t> start;
  std::vector<std::string> func_names;  ///< may be shorter than the function space
  VMOffsets offsets;
  std::unordered_map<std::string, uint32_t> export_index;  ///< name -> position in exports
  std::shared_ptr<const ModuleCode> code;

  const FuncSig& func_sig(uint32_t func) const { return types[func_types[func]]; }
  uint32_t func_type_id(uint32_t func) const { return type_ids[func_types[func]]; }
  /// Compute the offsets and the export index from the declarations.
  void finalize();
};

}  // namespace wasmrust::rt
