// Trap codes shared by generated code, the runtime and the embedder API.
// The messages are the spec test suite's assert_trap texts.
#pragma once

#include <cstdint>

namespace wasmrust::rt {

enum class TrapCode : uint8_t {
  kNone = 0,
  kUnreachable,             ///< "unreachable"
  kMemoryOutOfBounds,       ///< "out of bounds memory access"
  kIntegerDivideByZero,     ///< "integer divide by zero"
  kIntegerOverflow,         ///< "integer overflow"
  kInvalidConversion,       ///< "invalid conversion to integer"
  kTableOutOfBounds,        ///< "out of bounds table access" (table.get/set/fill/copy/init)
  kIndirectCallOutOfBounds, ///< "undefined element" (call_indirect index >= table size)
  kIndirectCallNull,        ///< "uninitialized element"
  kIndirectCallSignature,   ///< "indirect call type mismatch"
  kStackOverflow,           ///< "call stack exhausted"
  kNullReference,           ///< "null reference"
  kHostTrap,                ///< a host function returned a trap
};

inline const char* trap_message(TrapCode c) {
  switch (c) {
    case TrapCode::kNone: return "no trap";
    case TrapCode::kUnreachable: return "unreachable";
    case TrapCode::kMemoryOutOfBounds: return "out of bounds memory access";
    case TrapCode::kIntegerDivideByZero: return "integer divide by zero";
    case TrapCode::kIntegerOverflow: return "integer overflow";
    case TrapCode::kInvalidConversion: return "invalid conversion to integer";
    case TrapCode::kTableOutOfBounds: return "out of bounds table access";
    case TrapCode::kIndirectCallOutOfBounds: return "undefined element";
    case TrapCode::kIndirectCallNull: return "uninitialized element";
    case TrapCode::kIndirectCallSignature: return "indirect call type mismatch";
    case TrapCode::kStackOverflow: return "call stack exhausted";
    case TrapCode::kNullReference: return "null reference";
    case TrapCode::kHostTrap: return "host trap";
  }
  return "unknown trap";
}

/// A place in generated code that can trap: a ud2 or a faulting memory access.
struct TrapSite {
  uint32_t code_offset;  ///< from the start of the function's code
  uint32_t srcloc;       ///< wasm byte offset (module-relative)
  TrapCode code;
};

}  // namespace wasmrust::rt
