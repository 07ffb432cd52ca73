// Function signatures as the runtime sees them, and the engine-wide registry that gives
// structurally equal signatures the same canonical id (compiled into call_indirect checks
// and stored in every VMFuncRef).
//
// Depends on: wasmrust/types.h. Thread-safe: intern() may be called from any thread; ids are
// never reused and a registry lives as long as its engine.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "wasmrust/types.h"

namespace wasmrust::rt {

/// A function signature: parameter and result types.
struct FuncSig {
  std::vector<Type> params;
  std::vector<Type> results;
  friend bool operator==(const FuncSig&, const FuncSig&) = default;
  /// "(i32, f64) -> (i64)"
  std::string to_string() const;
};

struct FuncSigHash {
  size_t operator()(const FuncSig& s) const noexcept;
};

/// Canonical signature ids, engine-wide.
class TypeRegistry {
 public:
  /// The id of {sig}, allocating one the first time a structure is seen.
  uint32_t intern(const FuncSig& sig);
  /// The signature of a canonical id (the reference stays valid for the registry's life).
  const FuncSig& sig(uint32_t id) const;
  uint32_t size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<FuncSig, uint32_t, FuncSigHash> ids_;
  std::deque<FuncSig> sigs_;  // deque: references stay valid as it grows
};

}  // namespace wasmrust::rt
