// Linear memories. Guard mode reserves the whole 32-bit reach of generated code (8 GiB +
// 64 KiB, PROT_NONE) and commits pages as the memory grows, so base never moves and an
// out-of-bounds access faults. Explicit-check mode maps only the current size and may move
// base on grow (the code checks bounds itself and reloads base after calls).
//
// Depends on: vmctx.h (VMMemory is the first member, so a Memory* is a VMMemory*).
// Guarantees: grow never exceeds the maximum; new pages read as zero; a failed grow leaves
// the memory unchanged.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "runtime/vmctx.h"
#include "wasmrust/result.h"

namespace wasmrust::rt {

inline constexpr uint64_t kPageSize = 65536;
inline constexpr uint64_t kMaxPages32 = 65536;
/// Address space reserved per memory in guard mode.
inline constexpr uint64_t kGuardReservation = (uint64_t{8} << 30) + kPageSize;

enum class BoundsMode : uint8_t { kGuard, kExplicit };

class Memory {
 public:
  /// A memory of {min} pages growing up to {max} (none: the 32-bit limit).
  static Result<std::unique_ptr<Memory>> create(uint64_t min, std::optional<uint64_t> max, BoundsMode mode);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  VMMemory* vm() { return &vm_; }
  uint8_t* data() const { return vm_.base; }
  uint64_t size_bytes() const { return vm_.size; }
  uint64_t pages() const { return vm_.size / kPageSize; }
  uint64_t max_pages() const { return vm_.max_pages; }
  /// The declared maximum (for import subtyping), if any.
  std::optional<uint64_t> declared_max() const { return declared_max_; }
  BoundsMode mode() const { return mode_; }
  /// memory.grow: the old size in pages, or -1 if the memory cannot grow by {delta}.
  int64_t grow(uint64_t delta);

 private:
  Memory() = default;
  VMMemory vm_{};  // first member: generated code holds Memory* as VMMemory*
  BoundsMode mode_ = BoundsMode::kGuard;
  std::optional<uint64_t> declared_max_;
  uint8_t* mapping_ = nullptr;
  uint64_t mapped_ = 0;  // bytes mapped (guard: the reservation)
};

}  // namespace wasmrust::rt
