// Target-independent register numbering for the single-pass allocator.
//
// Depends on: wasmrust/types.h. A register is a small number: 0-15 are the target's integer
// registers in its own encoding order, 16-31 its vector/float registers. A target describes
// which of them the allocator may hand out (TargetRegs); nothing here knows x86.
#pragma once

#include <bit>
#include <cstdint>

#include "wasmrust/types.h"

namespace wasmrust::ra {

using Reg = uint8_t;
inline constexpr Reg kNoReg = 0xFF;
inline constexpr Reg kFirstFpReg = 16;
inline constexpr uint32_t kNumRegs = 32;

enum class RegClass : uint8_t { kGp, kFp };

inline constexpr RegClass reg_class(Reg r) { return r < kFirstFpReg ? RegClass::kGp : RegClass::kFp; }
/// Integers and references live in general registers; floats and v128 in vector registers.
inline constexpr RegClass class_of(Type t) {
  return (t == Type::kF32 || t == Type::kF64 || t == Type::kV128) ? RegClass::kFp : RegClass::kGp;
}

/// A set of registers as a 32-bit mask.
class RegSet {
 public:
  constexpr RegSet() = default;
  constexpr explicit RegSet(uint32_t bits) : bits_(bits) {}
  static constexpr RegSet of(Reg r) { return RegSet(1u << r); }
  constexpr bool has(Reg r) const { return r < kNumRegs && (bits_ >> r) & 1; }
  constexpr void add(Reg r) { bits_ |= 1u << r; }
  constexpr void remove(Reg r) { bits_ &= ~(1u << r); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr uint32_t bits() const { return bits_; }
  constexpr Reg first() const { return static_cast<Reg>(std::countr_zero(bits_)); }
  constexpr int count() const { return std::popcount(bits_); }
  constexpr RegSet operator|(RegSet o) const { return RegSet(bits_ | o.bits_); }
  constexpr RegSet operator&(RegSet o) const { return RegSet(bits_ & o.bits_); }
  constexpr RegSet operator-(RegSet o) const { return RegSet(bits_ & ~o.bits_); }
  friend constexpr bool operator==(RegSet a, RegSet b) { return a.bits_ == b.bits_; }

 private:
  uint32_t bits_ = 0;
};

/// What a target tells the allocator about its registers.
struct TargetRegs {
  RegSet allocatable;   ///< registers the allocator hands out (both classes)
  RegSet caller_saved;  ///< clobbered by calls
  /// Registers that hold block parameters at a merge, in order, per class (kNoReg ends).
  Reg param_gp[8];
  Reg param_fp[8];
  /// Allocation preference: groups tried in order (an empty set ends the list); within a
  /// group the lowest-numbered free register wins.
  RegSet prefer[8];
};

}  // namespace wasmrust::ra
