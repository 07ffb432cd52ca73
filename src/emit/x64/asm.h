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

#include "emit/x64/encoder.h"
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
    fast([&](Encoder& e) {
      e.raw(0x0F);
      e.raw(static_cast<uint8_t>(0x80 | c));
      e.raw32(0);
    });
    return pos() - 4;
  }
  uint32_t jmp_fwd() {
    fast([&](Encoder& e) {
      e.raw(0xE9);
      e.raw32(0);
    });
    return pos() - 4;
  }
  void jcc_to(Cond c, uint32_t target) {
    int64_t rel = int64_t(target) - (int64_t(pos()) + 2);
    fast([&](Encoder& e) {
      if (rel >= -128) {
        e.raw(static_cast<uint8_t>(0x70 | c));
        e.raw(static_cast<uint8_t>(rel));
      } else {
        e.raw(0x0F);
        e.raw(static_cast<uint8_t>(0x80 | c));
        e.raw32(static_cast<uint32_t>(int64_t(target) - (int64_t(pos()) + 6)));
      }
    });
  }
  void jmp_to(uint32_t target) {
    int64_t rel = int64_t(target) - (int64_t(pos()) + 2);
    fast([&](Encoder& e) {
      if (rel >= -128) {
        e.raw(0xEB);
        e.raw(static_cast<uint8_t>(rel));
      } else {
        e.raw(0xE9);
        e.raw32(static_cast<uint32_t>(int64_t(target) - (int64_t(pos()) + 5)));
      }
    });
  }
  /// cmovcc {dst}, {src} on 32 or 64 bits.
  void cmovcc(Cond c, Reg dst, Reg src, bool is64) {
    uint8_t rex = (is64 ? 8 : 0) | (dst >= 8 ? 4 : 0) | (src >= 8 ? 1 : 0);
    fast([&](Encoder& e) {
      if (rex) e.raw(0x40 | rex);
      e.raw(0x0F);
      e.raw(static_cast<uint8_t>(0x40 | c));
      e.raw(static_cast<uint8_t>(0xC0 | ((dst & 7) << 3) | (src & 7)));
    });
  }
  /// Point the displacement at {at} to {target}.
  void patch_rel32(uint32_t at, uint32_t target) {
    if (at + 4 > getSize()) return;  // the buffer overflowed; the compile is retried
    int32_t rel = static_cast<int32_t>(int64_t(target) - int64_t(at + 4));
    std::memcpy(const_cast<uint8_t*>(getCode()) + at, &rel, 4);
  }
  /// Short forward branches inside one lowering (at most 127 bytes ahead).
  uint32_t jcc_short(Cond c) {
    fast([&](Encoder& e) {
      e.raw(static_cast<uint8_t>(0x70 | c));
      e.raw(0);
    });
    return pos() - 1;
  }
  uint32_t jmp_short() {
    fast([&](Encoder& e) {
      e.raw(0xEB);
      e.raw(0);
    });
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
  // ---- the fast encoder (encoder.h), appending at the same position as xbyak ----
  void load(Reg d, const Mem& m, uint32_t bytes) { fast([&](Encoder& e) { e.mov_load(d, m, bytes); }); }
  void store(const Mem& m, Reg s, uint32_t bytes) { fast([&](Encoder& e) { e.mov_store(m, s, bytes); }); }
  void store_imm(const Mem& m, uint32_t imm, uint32_t bytes) {
    fast([&](Encoder& e) { e.mov_store_imm(m, imm, bytes); });
  }
  void mov_rr(Reg d, Reg s, bool w) { fast([&](Encoder& e) { e.mov_rr(d, s, w); }); }
  void mov_imm(Reg d, uint64_t imm, bool w) { fast([&](Encoder& e) { e.mov_imm(d, imm, w); }); }
  void movzx_load(Reg d, const Mem& m, uint32_t from) { fast([&](Encoder& e) { e.movzx_load(d, m, from); }); }
  void movsx_load(Reg d, const Mem& m, uint32_t from, bool w) {
    fast([&](Encoder& e) { e.movsx_load(d, m, from, w); });
  }
  void lea_m(Reg d, const Mem& m, bool w) { fast([&](Encoder& e) { e.lea(d, m, w); }); }
  void alu_rr(AluOp op, Reg d, Reg s, bool w) { fast([&](Encoder& e) { e.alu_rr(op, d, s, w); }); }
  void alu_ri(AluOp op, Reg d, int32_t imm, bool w) { fast([&](Encoder& e) { e.alu_ri(op, d, imm, w); }); }
  void alu_rm(AluOp op, Reg d, const Mem& m, bool w) { fast([&](Encoder& e) { e.alu_rm(op, d, m, w); }); }
  void test_rr(Reg a, Reg b, bool w) { fast([&](Encoder& e) { e.test_rr(a, b, w); }); }
  void imul_rr(Reg d, Reg s, bool w) { fast([&](Encoder& e) { e.imul_rr(d, s, w); }); }
  void imul_rri(Reg d, Reg s, int32_t imm, bool w) { fast([&](Encoder& e) { e.imul_rri(d, s, imm, w); }); }
  void shift_ri(ShiftOp op, Reg d, uint8_t n, bool w) { fast([&](Encoder& e) { e.shift_ri(op, d, n, w); }); }
  /// setcc on the low byte of {r}, then zero-extend it to 32 bits.
  void set_cc(Cond c, Reg r) {
    fast([&](Encoder& e) {
      e.setcc(c, r);
      e.movzx_r8(r, r);
    });
  }
  void push_r(Reg r) { fast([&](Encoder& e) { e.push(r); }); }
  void pop_r(Reg r) { fast([&](Encoder& e) { e.pop(r); }); }
  void ret_() { fast([&](Encoder& e) { e.ret(); }); }
  void call_mem(const Mem& m) { fast([&](Encoder& e) { e.call_mem(m); }); }
  void call_reg(Reg r) { fast([&](Encoder& e) { e.call_reg(r); }); }
  void sse_rm(SseOp op, Reg x, const Mem& m) { fast([&](Encoder& e) { e.sse_rm(op, x, m); }); }
  void sse_rr(SseOp op, Reg x, Reg y) { fast([&](Encoder& e) { e.sse_rr(op, x, y); }); }
  void movd_to_xmm(Reg x, Reg r, bool w) { fast([&](Encoder& e) { e.movd_to_xmm(x, r, w); }); }
  void movd_from_xmm(Reg r, Reg x, bool w) { fast([&](Encoder& e) { e.movd_from_xmm(r, x, w); }); }

  /// A short branch was bound too far away (a lowering bug, reported as an error).
  bool rel_overflow() const { return rel_overflow_; }
  void reset() {
    resetSize();
    rel_overflow_ = false;
  }

 private:
  // At most two instructions of at most 16 bytes each per call.
  template <typename F>
  void fast(F&& f) {
    if (size_ + 32 > maxSize_) {
      Xbyak::local::SetError(Xbyak::ERR_CODE_IS_TOO_BIG);
      uint8_t scratch[64];
      Encoder e(scratch);
      f(e);
      return;
    }
    Encoder e(top_ + size_);
    f(e);
    size_ = static_cast<size_t>(e.end() - top_);
  }
  uint32_t emit_rel32() {
    dd(0);
    return pos() - 4;
  }
  bool rel_overflow_ = false;
};

}  // namespace wasmrust::x64
