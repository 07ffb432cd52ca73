// WasmIR modules: types, imports, functions, tables, memories, globals, segments, exports,
// names, custom sections, and the WasmRust attributes (effects, linear marks, compile
// hints, memory regions).
//
// Depends on: function.h. Index spaces follow wasm: imported entities come first in each
// of the function, table, memory and global spaces.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasmir/function.h"
#include "wasmrust/types.h"

namespace wasmrust::ir {

struct FuncType {
  std::vector<Type> params;
  std::vector<Type> results;
  friend bool operator==(const FuncType& a, const FuncType& b) {
    return a.params == b.params && a.results == b.results;
  }
};

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3 };
const char* extern_kind_name(ExternKind k);

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

/// A constant expression (global initializers, segment offsets, element items), kept as a
/// short sequence of wasm constant instructions.
struct ConstOp {
  enum Kind : uint8_t {
    kI32Const, kI64Const, kF32Const, kF64Const, kV128Const,
    kRefNull, kRefFunc, kGlobalGet,
    kI32Add, kI32Sub, kI32Mul, kI64Add, kI64Sub, kI64Mul,  // extended-const
  };
  Kind kind;
  Type type = Type::kVoid;  ///< kRefNull: the reference type
  uint64_t lo = 0;          ///< constant bits, or function/global index
  uint64_t hi = 0;          ///< high bits of v128
};
struct ConstExpr {
  std::vector<ConstOp> ops;
};

// ---- WasmRust attributes ----

/// Effects a function may have. Memory effects are per memory index; host calls are
/// recorded by import module name.
struct EffectSet {
  enum Flag : uint32_t {
    kGlobalWrite = 1 << 0,
    kAtomics = 1 << 1,
    kTrap = 1 << 2,
    kTableWrite = 1 << 3,
  };
  uint32_t flags = 0;
  std::vector<uint32_t> mem_read;    ///< sorted, unique memory indexes
  std::vector<uint32_t> mem_write;   ///< sorted, unique memory indexes
  std::vector<std::string> host;     ///< sorted, unique import module names

  bool empty() const { return flags == 0 && mem_read.empty() && mem_write.empty() && host.empty(); }
  /// True if every effect of {other} is in this set.
  bool covers(const EffectSet& other) const;
  /// Add every effect of {other}.
  void merge(const EffectSet& other);
  friend bool operator==(const EffectSet&, const EffectSet&) = default;
};

enum class TierHint : uint8_t { kNone, kBaseline, kOptimized };

struct FuncAttrs {
  std::optional<EffectSet> effects;  ///< declared effects; none = not declared
  TierHint tier = TierHint::kNone;
  bool critical = false;
  std::string region;                ///< region the function is bound to; empty = none
  std::vector<bool> linear_params;   ///< per parameter (empty = none linear)
  std::vector<bool> linear_results;  ///< per result (empty = none linear)
  bool empty() const {
    return !effects && tier == TierHint::kNone && !critical && region.empty() && linear_params.empty() &&
           linear_results.empty();
  }
};

// ---- entities ----

struct Import {
  std::string module;
  std::string field;
  ExternKind kind;
  uint32_t index;  ///< index in the kind's index space
};

struct Function {
  uint32_t type_index = 0;
  std::string name;                    ///< from the name section or the text form
  std::optional<uint32_t> import;      ///< index into Module::imports if imported
  FuncAttrs attrs;
  std::vector<std::pair<uint32_t, std::string>> local_names;  ///< sorted by local index
  std::unique_ptr<FunctionBody> body;  ///< null for imports (and bodies not retained)
  uint32_t code_offset = 0;            ///< byte offset of the body in the .wasm (0 if none)
  uint32_t code_size = 0;              ///< body size in bytes
};

struct Table {
  Type elem = Type::kFuncRef;
  Limits limits;
  std::optional<ConstExpr> init;  ///< table initializer expression, if any
  std::optional<uint32_t> import;
  std::string name;
};

struct Memory {
  Limits limits;  ///< in 64 KiB pages
  bool is64 = false;
  bool shared = false;
  std::string region;  ///< WasmRust region tag; empty = none
  std::optional<uint32_t> import;
  std::string name;
};

struct Global {
  Type type = Type::kI32;
  bool mut = false;
  ConstExpr init;  ///< empty for imports
  std::optional<uint32_t> import;
  std::string name;
};

struct Export {
  std::string name;
  ExternKind kind;
  uint32_t index;
};

enum class SegmentMode : uint8_t { kActive, kPassive, kDeclarative };

struct DataSegment {
  SegmentMode mode = SegmentMode::kActive;
  uint32_t mem = 0;
  ConstExpr offset;  ///< active only
  std::vector<uint8_t> bytes;
  std::string name;
};

struct ElemSegment {
  SegmentMode mode = SegmentMode::kActive;
  Type type = Type::kFuncRef;
  uint32_t table = 0;
  ConstExpr offset;              ///< active only
  std::vector<ConstExpr> items;  ///< one expression per element (ref.func N / ref.null / global.get)
  std::string name;
};

/// A custom section kept as bytes. {after} is the id of the known section it followed
/// (0 = before any), so an emitter can put it back in place.
struct CustomSection {
  std::string name;
  std::vector<uint8_t> bytes;
  uint8_t after = 0;
};

struct Module {
  std::string name;
  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<Function> funcs;
  std::vector<Table> tables;
  std::vector<Memory> memories;
  std::vector<Global> globals;
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;  ///< the DataCount section, if present
  std::vector<CustomSection> customs;

  uint32_t num_imported_funcs() const;
  const FuncType& func_type(uint32_t func) const { return types[funcs[func].type_index]; }
  /// Index of the type equal to {t}, appending it if new.
  uint32_t intern_type(const FuncType& t);
};

}  // namespace wasmrust::ir
