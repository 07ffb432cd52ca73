// Bounds-checked access to the calling instance's linear memory for WASI calls.
//
// Depends on nothing. Every access checks `ptr + len <= size` in 64-bit arithmetic, so no
// guest pointer or length (32-bit each) can reach outside the memory; a failed check is
// EFAULT. Values are little-endian (the host is x86-64, like wasm) and may be unaligned.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace wasmrust::wasi {

class GuestMemory {
 public:
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  /// Whether [{ptr}, {ptr} + {len}) lies inside the memory.
  bool in_bounds(uint32_t ptr, uint64_t len) const { return uint64_t{ptr} + len <= size_; }
  /// The bytes at [{ptr}, {ptr} + {len}), or null if out of bounds.
  uint8_t* bytes(uint32_t ptr, uint64_t len) const { return in_bounds(ptr, len) ? base_ + ptr : nullptr; }

  template <typename T>
  bool read(uint32_t ptr, T* out) const {
    if (!in_bounds(ptr, sizeof(T))) return false;
    std::memcpy(out, base_ + ptr, sizeof(T));
    return true;
  }
  template <typename T>
  bool write(uint32_t ptr, T v) const {
    if (!in_bounds(ptr, sizeof(T))) return false;
    std::memcpy(base_ + ptr, &v, sizeof(T));
    return true;
  }
  /// A guest string (not NUL-terminated), or false if out of bounds.
  bool string(uint32_t ptr, uint32_t len, std::string_view* out) const {
    const uint8_t* p = bytes(ptr, len);
    if (!p) return false;
    *out = std::string_view(reinterpret_cast<const char*>(p), len);
    return true;
  }

 private:
  uint8_t* base_;
  uint64_t size_;
};

}  // namespace wasmrust::wasi
