// The x86-64 assembler used by tier-1: xbyak in its no-exception mode, plus branches with
// our own fixups (xbyak's labels allocate per label; ours are positions in reused vectors).
//
// Depends on: xbyak (header-only), regalloc/regs.h. Every translation unit that includes
// xbyak must see XBYAK_NO_EXCEPTION, so include xbyak only through this header.
// Register numbers are the allocator's: 0-15 the general registers in encoding order,
// 16-31 xmm0-xmm15.
#pragma once

#ifndef XBYAK_NO_EXCEPTION
#define XBYAK_NO_EXCEPTION
#endif
#include <xbyak/xbyak.h>

#include <cstdint>
#include <cstring>

#include "regalloc/regs.h"

namespace wasmrust::x64 {

using ra::Reg;

/// x86 condition codes (the low nibble of jcc/setcc/cmovcc).
enum Cond : uint8_t {
  kOverflow = 0, kNoOverflow = 1, kBelow = 2, kAboveEqual = 3, kEqual = 4, kNotEqual = 5,
  kBelowEqual = 6, kAbove = 7, kSign = 8, kNotSign = 9, kParity = 10, kNoParity = 11,
  kLess = 12, kGreaterEqual = 13, kLessEqual = 14, kGreater = 15,
};
inline Cond negate(Cond c) { return static_cast<Cond>(c ^ 1); }

// Fixed registers (allocator numbering).
inline constexpr Reg kRax = 0, kRcx = 1, kRdx = 2, kRbx = 3, kRsp = 4, kRbp = 5, kRsi = 6, kRdi = 7;
inline constexpr Reg kR8 = 8, kR9 = 9, kR10 = 10, kR11 = 11, kR12 = 12, kR13 = 13, kR14 = 14, kR15 = 15;
inline constexpr Reg kXmm0 = 16;
inline constexpr Reg xmm_reg(int i) { return static_cast<Reg>(kXmm0 + i); }

class Asm : public Xbyak::CodeGenerator {
 public:
  Asm(size_t size, void* buffer) : Xbyak::CodeGenerator(size, buffer) {}

  uint32_t pos() const { return static_cast<uint32_t>(getSize()); }

  static Xbyak::Reg64 r64(Reg r) { return Xbyak::Reg64(r); }
  static Xbyak::Reg32 r32(Reg r) { return Xbyak::Reg32(r); }
  static Xbyak::Reg8 r8(Reg r) { return Xbyak::Reg64(r).cvt8(); }
  static Xbyak::Xmm xmm(Reg r) { return Xbyak::Xmm(r - kXmm0); }
  /// The register at width 32 or 64 for an integer of {is64}.
  static Xbyak::Reg64 rq(Reg r) { return r64(r); }

  // ---- branches: forward ones return the position of their 32-bit displacement ----
  uint32_t jcc_fwd(Cond c) {
    db(0x0F);
    db(0x80 | c);
    return emit_rel32();
  }
  uint32_t jmp_fwd() {
    db(0xE9);
    return emit_rel32();
  }
  void jcc_to(Cond c, uint32_t target) {
    int64_t rel = int64_t(target) - (int64_t(pos()) + 2);
    if (rel >= -128) {
      db(0x70 | c);
      db(static_cast<uint8_t>(rel));
    } else {
      db(0x0F);
      db(0x80 | c);
      dd(static_cast<uint32_t>(int64_t(target) - (int64_t(pos()) + 4)));
    }
  }
  void jmp_to(uint32_t target) {
    int64_t rel = int64_t(target) - (int64_t(pos()) + 2);
    if (rel >= -128) {
      db(0xEB);
      db(static_cast<uint8_t>(rel));
    } else {
      db(0xE9);
      dd(static_cast<uint32_t>(int64_t(target) - (int64_t(pos()) + 4)));
    }
  }
  /// setcc on the low byte of {r}.
  void setcc(Cond c, Reg r) {
    if (r >= 8) db(0x41);
    else if (r >= 4) db(0x40);
    db(0x0F);
    db(0x90 | c);
    db(0xC0 | (r & 7));
  }
  /// cmovcc {dst}, {src} on 32 or 64 bits.
  void cmovcc(Cond c, Reg dst, Reg src, bool is64) {
    uint8_t rex = (is64 ? 8 : 0) | (dst >= 8 ? 4 : 0) | (src >= 8 ? 1 : 0);
    if (rex) db(0x40 | rex);
    db(0x0F);
    db(0x40 | c);
    db(0xC0 | ((dst & 7) << 3) | (src & 7));
  }
  /// Point the displacement at {at} to {target}.
  void patch_rel32(uint32_t at, uint32_t target) {
    if (at + 4 > getSize()) return;  // the buffer overflowed; the compile is retried
    int32_t rel = static_cast<int32_t>(int64_t(target) - int64_t(at + 4));
    std::memcpy(const_cast<uint8_t*>(getCode()) + at, &rel, 4);
  }
  /// Short forward branches inside one lowering (at most 127 bytes ahead).
  uint32_t jcc_short(Cond c) {
    db(0x70 | c);
    db(0);
    return pos() - 1;
  }
  uint32_t jmp_short() {
    db(0xEB);
    db(0);
    return pos() - 1;
  }
  void bind_short(uint32_t at) {
    if (at >= getSize()) return;
    uint32_t rel = pos() - (at + 1);
    if (rel > 127) {
      rel_overflow_ = true;
      return;
    }
    const_cast<uint8_t*>(getCode())[at] = static_cast<uint8_t>(rel);
  }
  void patch_u32(uint32_t at, uint32_t value) {
    if (at + 4 <= getSize()) std::memcpy(const_cast<uint8_t*>(getCode()) + at, &value, 4);
  }
  /// A short branch was bound too far away (a lowering bug, reported as an error).
  bool rel_overflow() const { return rel_overflow_; }
  void reset() {
    resetSize();
    rel_overflow_ = false;
  }

 private:
  uint32_t emit_rel32() {
    dd(0);
    return pos() - 4;
  }
  bool rel_overflow_ = false;
};

}  // namespace wasmrust::x64
