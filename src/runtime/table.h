// Tables of references (funcref: VMFuncRef*, externref: opaque host pointers; null = 0).
//
// Depends on: vmctx.h (VMTable is the first member, so a Table* is a VMTable*).
// Guarantees: elements beyond size are never exposed; grow respects the maximum and an
// implementation limit (kMaxTableElements) so a module cannot make us allocate without bound.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/vmctx.h"
#include "wasmrust/result.h"
#include "wasmrust/types.h"

namespace wasmrust::rt {

/// Implementation limit on table size (elements); the spec allows up to 2^32 - 1.
inline constexpr uint32_t kMaxTableElements = 10'000'000;

class Table {
 public:
  static Result<std::unique_ptr<Table>> create(Type elem, uint32_t min, std::optional<uint32_t> max, void* init);
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  VMTable* vm() { return &vm_; }
  Type elem_type() const { return elem_; }
  uint32_t size() const { return vm_.size; }
  std::optional<uint32_t> declared_max() const { return declared_max_; }
  void* get(uint32_t i) const { return elements_[i]; }
  void set(uint32_t i, void* v) { elements_[i] = v; }
  void** data() { return elements_.data(); }
  /// table.grow: the old size, or -1 if the table cannot grow by {delta}.
  int64_t grow(uint32_t delta, void* init);

 private:
  Table() = default;
  VMTable vm_{};  // first member: generated code holds Table* as VMTable*
  Type elem_ = Type::kFuncRef;
  std::optional<uint32_t> declared_max_;
  std::vector<void*> elements_;
};

}  // namespace wasmrust::rt
