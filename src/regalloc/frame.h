// Stack frame slots for spilled values, block-parameter homes and call result areas.
//
// Depends on nothing. Slots are offsets from the frame pointer, growing downward from a base
// the target chooses (below its saved registers and locals). Freed slots go to a free list
// per size and are handed out again; the lowest offset ever used gives the frame size, so
// the target patches its prologue once the function is done. No allocation per slot once
// the free lists have grown (their capacity is kept across functions).
#pragma once

#include <cstdint>
#include <vector>

namespace wasmrust::ra {

class FrameSlots {
 public:
  /// Start a function: slots are carved below {base} (a negative frame offset, 16-aligned).
  void reset(int32_t base) {
    base_ = next_ = lowest_ = base;
    free8_.clear();
    free16_.clear();
  }
  /// A slot of {size} bytes (8 or 16; 16-byte slots are 16-aligned).
  int32_t alloc(uint32_t size) {
    std::vector<int32_t>& list = size > 8 ? free16_ : free8_;
    if (!list.empty()) {
      int32_t off = list.back();
      list.pop_back();
      return off;
    }
    if (size > 8) return alloc_area(16);
    next_ -= 8;
    lower(next_);
    return next_;
  }
  /// A contiguous, 16-aligned area of {size} bytes (multi-value call results).
  int32_t alloc_area(uint32_t size) {
    int32_t at = (next_ - static_cast<int32_t>(size)) & ~15;
    // Keep the 8-byte hole a 16-aligned area may leave.
    if (at + static_cast<int32_t>(size) + 8 <= next_) free8_.push_back(next_ - 8);
    next_ = at;
    lower(next_);
    return at;
  }
  void free(int32_t off, uint32_t size) { (size > 8 ? free16_ : free8_).push_back(off); }
  /// Bytes below the base ever used.
  uint32_t depth() const { return static_cast<uint32_t>(base_ - lowest_); }
  int32_t lowest() const { return lowest_; }

 private:
  void lower(int32_t off) {
    if (off < lowest_) lowest_ = off;
  }
  int32_t base_ = 0, next_ = 0, lowest_ = 0;
  std::vector<int32_t> free8_, free16_;
};

}  // namespace wasmrust::ra
