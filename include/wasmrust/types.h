// Value types and the handles that front ends use to build WasmIR.
//
// Depends on nothing. Entity handles are typed 32-bit ids (no pointers between IR objects);
// an id is valid only within the function body (Value, Block, Local, Inst) or module
// (FuncIdx, ...) that created it.
#pragma once

#include <cstdint>
#include <functional>

namespace wasmrust {

/// A WebAssembly value type. kVoid marks "no value" (an instruction without a result).
enum class Type : uint8_t {
  kVoid = 0,
  kI32,
  kI64,
  kF32,
  kF64,
  kV128,
  kFuncRef,
  kExternRef,
};

inline constexpr bool is_ref(Type t) { return t == Type::kFuncRef || t == Type::kExternRef; }
inline constexpr bool is_int(Type t) { return t == Type::kI32 || t == Type::kI64; }
inline constexpr bool is_float(Type t) { return t == Type::kF32 || t == Type::kF64; }
/// Size in bytes of a value of type {t} in memory (refs: pointer size).
inline constexpr uint32_t type_size(Type t) {
  switch (t) {
    case Type::kI32: case Type::kF32: return 4;
    case Type::kI64: case Type::kF64: case Type::kFuncRef: case Type::kExternRef: return 8;
    case Type::kV128: return 16;
    default: return 0;
  }
}
/// "i32", "f64", "funcref", ...; "void" for kVoid.
const char* type_name(Type t);
/// The wasm binary encoding of a value type (0x7F for i32, ...); 0x40 for kVoid.
uint8_t type_code(Type t);

/// A typed 32-bit id. kInvalid (all ones) marks "none".
template <typename Tag>
struct Id {
  static constexpr uint32_t kInvalid = ~uint32_t{0};
  uint32_t index = kInvalid;

  constexpr Id() = default;
  constexpr explicit Id(uint32_t i) : index(i) {}
  constexpr bool valid() const { return index != kInvalid; }
  constexpr explicit operator bool() const { return valid(); }
  friend constexpr bool operator==(Id a, Id b) { return a.index == b.index; }
  friend constexpr bool operator!=(Id a, Id b) { return a.index != b.index; }
  friend constexpr bool operator<(Id a, Id b) { return a.index < b.index; }
};

struct InstTag {};
struct BlockTag {};
struct LocalTag {};

/// An instruction in a function body.
using Inst = Id<InstTag>;
/// A basic block in a function body.
using Block = Id<BlockTag>;
/// A wasm local slot (parameters first, as in wasm).
using Local = Id<LocalTag>;

/// An SSA value. Results of single-result instructions share the instruction's id
/// (bit 31 clear); block parameters and the results of multi-result calls are auxiliary
/// values (bit 31 set, the rest an index into the body's auxiliary value table).
struct Value {
  static constexpr uint32_t kInvalid = ~uint32_t{0};
  static constexpr uint32_t kAuxBit = 0x80000000u;
  uint32_t index = kInvalid;

  constexpr Value() = default;
  constexpr explicit Value(uint32_t raw) : index(raw) {}
  static constexpr Value of_inst(Inst i) { return Value(i.index); }
  static constexpr Value aux(uint32_t i) { return Value(i | kAuxBit); }
  constexpr bool valid() const { return index != kInvalid; }
  constexpr explicit operator bool() const { return valid(); }
  constexpr bool is_aux() const { return (index & kAuxBit) != 0; }
  constexpr Inst inst() const { return Inst(index); }               ///< only if !is_aux()
  constexpr uint32_t aux_index() const { return index & ~kAuxBit; }  ///< only if is_aux()
  friend constexpr bool operator==(Value a, Value b) { return a.index == b.index; }
  friend constexpr bool operator!=(Value a, Value b) { return a.index != b.index; }
  friend constexpr bool operator<(Value a, Value b) { return a.index < b.index; }
};

}  // namespace wasmrust

template <typename Tag>
struct std::hash<wasmrust::Id<Tag>> {
  size_t operator()(wasmrust::Id<Tag> id) const noexcept { return id.index; }
};
template <>
struct std::hash<wasmrust::Value> {
  size_t operator()(wasmrust::Value v) const noexcept { return v.index; }
};
