// A direct x86-64 encoder for the instructions on tier-1's hot path (moves, loads and
// stores, integer ALU, compares, lea, calls, scalar SSE moves and arithmetic, and the
// pushes, pops and stores of every function's prologue and epilogue).
//
// Why: measured on this machine, xbyak spends 50-140 ns on one instruction with a memory
// operand (it builds and validates RegExp/Address objects), which alone would hold tier-1
// far below its compile-speed goal; this encoder writes the same bytes in a few ns.
// Everything else (conversions, bit counts, rounding, division sequences) still goes
// through xbyak, into the same buffer: the encoder appends at xbyak's current position and
// advances it, so both can be mixed freely. tests/unit/x64/encoder_test.cc checks every
// form against xbyak's own encoding.
//
// Depends on: asm.h's Asm (the buffer). A full buffer is reported as xbyak's
// ERR_CODE_IS_TOO_BIG, so the caller's retry-with-a-bigger-buffer path covers both.
#pragma once

#include <cstdint>
#include <cstring>

#include "regalloc/regs.h"

namespace wasmrust::x64 {

using ra::Reg;

/// A memory operand: [base + index << scale + disp]. {index} may be ra::kNoReg.
struct Mem {
  Reg base;
  Reg index = ra::kNoReg;
  uint8_t scale = 0;  ///< log2 of the index scale
  int32_t disp = 0;
};

enum class AluOp : uint8_t { kAdd = 0, kOr = 1, kAnd = 4, kSub = 5, kXor = 6, kCmp = 7 };
enum class ShiftOp : uint8_t { kRol = 0, kRor = 1, kShl = 4, kShr = 5, kSar = 7 };

/// Scalar SSE operations (mandatory prefix, opcode after 0F).
enum class SseOp : uint16_t {
  kMovssLoad = 0xF310, kMovssStore = 0xF311, kMovsdLoad = 0xF210, kMovsdStore = 0xF211,
  kMovdquLoad = 0xF36F, kMovdquStore = 0xF37F, kMovaps = 0x0028,
  kAddss = 0xF358, kMulss = 0xF359, kSubss = 0xF35C, kDivss = 0xF35E, kSqrtss = 0xF351,
  kMinss = 0xF35D, kMaxss = 0xF35F,
  kAddsd = 0xF258, kMulsd = 0xF259, kSubsd = 0xF25C, kDivsd = 0xF25E, kSqrtsd = 0xF251,
  kMinsd = 0xF25D, kMaxsd = 0xF25F,
  kUcomiss = 0x002E, kUcomisd = 0x662E,
  kAndps = 0x0054, kAndnps = 0x0055, kOrps = 0x0056, kXorps = 0x0057,
  kMovupsStore = 0x0011,
};

/// Writes instructions at {p} (the caller guarantees room for one instruction, 16 bytes).
class Encoder {
 public:
  explicit Encoder(uint8_t* p) : p_(p) {}
  uint8_t* end() const { return p_; }

  /// Raw bytes (branch opcodes and displacements the caller computes).
  void raw(uint8_t b) { byte(b); }
  void raw32(uint32_t v) { u32(v); }

  // ---- integer ----
  void mov_rr(Reg d, Reg s, bool w) { op_rr(w, 0x89, s, d); }
  void mov_load(Reg d, const Mem& m, uint32_t bytes);   ///< 4 or 8 bytes (zero-extends 4)
  void mov_store(const Mem& m, Reg s, uint32_t bytes);  ///< 1, 2, 4 or 8 bytes
  void mov_imm(Reg d, uint64_t imm, bool w);            ///< shortest form
  void mov_store_imm(const Mem& m, uint32_t imm, uint32_t bytes);  ///< 8: sign-extended imm32
  void movzx_load(Reg d, const Mem& m, uint32_t from_bytes);       ///< 1 or 2 -> 32 bits
  void movsx_load(Reg d, const Mem& m, uint32_t from_bytes, bool w);  ///< 1, 2 or 4
  void movzx_r8(Reg d, Reg s);
  void lea(Reg d, const Mem& m, bool w) { op_rm(w, 0x8D, d, m); }
  void alu_rr(AluOp op, Reg d, Reg s, bool w) { op_rr(w, static_cast<uint8_t>(static_cast<uint8_t>(op) * 8 + 1), s, d); }
  void alu_ri(AluOp op, Reg d, int32_t imm, bool w);
  void alu_rm(AluOp op, Reg d, const Mem& m, bool w) {
    op_rm(w, static_cast<uint8_t>(static_cast<uint8_t>(op) * 8 + 3), d, m);
  }
  void test_rr(Reg a, Reg b, bool w) { op_rr(w, 0x85, b, a); }
  void imul_rr(Reg d, Reg s, bool w);
  void imul_rri(Reg d, Reg s, int32_t imm, bool w);
  void shift_ri(ShiftOp op, Reg d, uint8_t n, bool w);
  void setcc(uint8_t cc, Reg r);
  void push(Reg r) {  ///< 64-bit push/pop (prologue and epilogue)
    rex(false, 0, ra::kNoReg, r);
    byte(static_cast<uint8_t>(0x50 | (r & 7)));
  }
  void pop(Reg r) {
    rex(false, 0, ra::kNoReg, r);
    byte(static_cast<uint8_t>(0x58 | (r & 7)));
  }
  void ret() { byte(0xC3); }
  void call_mem(const Mem& m) { op_rm(false, 0xFF, 2, m); }
  void call_reg(Reg r) { op_rr(false, 0xFF, 2, r); }

  // ---- SSE (xmm registers are allocator numbers 16-31) ----
  void sse_rm(SseOp op, Reg x, const Mem& m);
  void sse_rr(SseOp op, Reg x, Reg y);
  void movd_to_xmm(Reg x, Reg r, bool w);    ///< movd/movq xmm, r32/r64
  void movd_from_xmm(Reg r, Reg x, bool w);  ///< movd/movq r32/r64, xmm

 private:
  void byte(uint8_t b) { *p_++ = b; }
  void u32(uint32_t v) {
    std::memcpy(p_, &v, 4);
    p_ += 4;
  }
  // REX for reg field {r}, index {x}, rm/base {b}; {byte_regs}: an 8-bit operand that
  // needs REX to mean spl/bpl/sil/dil.
  void rex(bool w, Reg r, Reg x, Reg b, bool force = false) {
    uint8_t v = static_cast<uint8_t>((w ? 8 : 0) | ((r & 8) ? 4 : 0) | ((x != ra::kNoReg && (x & 8)) ? 2 : 0) |
                                     ((b & 8) ? 1 : 0));
    if (v || force) byte(0x40 | v);
  }
  void modrm_mem(uint8_t reg, const Mem& m);
  void op_rr(bool w, uint8_t opc, Reg reg, Reg rm) {
    rex(w, reg, ra::kNoReg, rm);
    byte(opc);
    byte(static_cast<uint8_t>(0xC0 | ((reg & 7) << 3) | (rm & 7)));
  }
  void op_rm(bool w, uint8_t opc, Reg reg, const Mem& m) {
    rex(w, reg, m.index, m.base);
    byte(opc);
    modrm_mem(reg & 7, m);
  }
  void op_0f_rm(bool w, uint8_t opc, Reg reg, const Mem& m) {
    rex(w, reg, m.index, m.base);
    byte(0x0F);
    byte(opc);
    modrm_mem(reg & 7, m);
  }

  uint8_t* p_;
};

// ---- definitions (header: these run once per emitted instruction) ----

inline void Encoder::modrm_mem(uint8_t reg, const Mem& m) {
  uint8_t base = m.base & 7;
  bool sib = m.index != ra::kNoReg || base == 4;
  uint8_t mod;
  if (m.disp == 0 && base != 5) mod = 0;
  else if (m.disp >= -128 && m.disp <= 127) mod = 1;
  else mod = 2;
  byte(static_cast<uint8_t>((mod << 6) | (reg << 3) | (sib ? 4 : base)));
  if (sib) {
    uint8_t index = m.index == ra::kNoReg ? 4 : (m.index & 7);
    byte(static_cast<uint8_t>((m.scale << 6) | (index << 3) | base));
  }
  if (mod == 1) byte(static_cast<uint8_t>(m.disp));
  else if (mod == 2) u32(static_cast<uint32_t>(m.disp));
}

inline void Encoder::mov_load(Reg d, const Mem& m, uint32_t bytes) { op_rm(bytes == 8, 0x8B, d, m); }

inline void Encoder::mov_store(const Mem& m, Reg s, uint32_t bytes) {
  switch (bytes) {
    case 1:
      rex(false, s, m.index, m.base, s >= 4 && s < 8);
      byte(0x88);
      modrm_mem(s & 7, m);
      return;
    case 2:
      byte(0x66);
      op_rm(false, 0x89, s, m);
      return;
    default:
      op_rm(bytes == 8, 0x89, s, m);
      return;
  }
}

inline void Encoder::mov_imm(Reg d, uint64_t imm, bool w) {
  if (!w || imm <= 0xFFFFFFFFu) {
    rex(false, 0, ra::kNoReg, d);
    byte(static_cast<uint8_t>(0xB8 | (d & 7)));
    u32(static_cast<uint32_t>(imm));
  } else if (static_cast<int64_t>(imm) == static_cast<int32_t>(imm)) {
    rex(true, 0, ra::kNoReg, d);
    byte(0xC7);
    byte(static_cast<uint8_t>(0xC0 | (d & 7)));
    u32(static_cast<uint32_t>(imm));
  } else {
    rex(true, 0, ra::kNoReg, d);
    byte(static_cast<uint8_t>(0xB8 | (d & 7)));
    std::memcpy(p_, &imm, 8);
    p_ += 8;
  }
}

inline void Encoder::mov_store_imm(const Mem& m, uint32_t imm, uint32_t bytes) {
  switch (bytes) {
    case 1:
      op_rm(false, 0xC6, 0, m);
      byte(static_cast<uint8_t>(imm));
      return;
    case 2:
      byte(0x66);
      op_rm(false, 0xC7, 0, m);
      byte(static_cast<uint8_t>(imm));
      byte(static_cast<uint8_t>(imm >> 8));
      return;
    default:
      op_rm(bytes == 8, 0xC7, 0, m);
      u32(imm);
      return;
  }
}

inline void Encoder::movzx_load(Reg d, const Mem& m, uint32_t from_bytes) {
  op_0f_rm(false, from_bytes == 1 ? 0xB6 : 0xB7, d, m);
}

inline void Encoder::movsx_load(Reg d, const Mem& m, uint32_t from_bytes, bool w) {
  if (from_bytes == 4) op_rm(true, 0x63, d, m);
  else op_0f_rm(w, from_bytes == 1 ? 0xBE : 0xBF, d, m);
}

inline void Encoder::movzx_r8(Reg d, Reg s) {
  rex(false, d, ra::kNoReg, s, s >= 4 && s < 8);
  byte(0x0F);
  byte(0xB6);
  byte(static_cast<uint8_t>(0xC0 | ((d & 7) << 3) | (s & 7)));
}

inline void Encoder::alu_ri(AluOp op, Reg d, int32_t imm, bool w) {
  rex(w, 0, ra::kNoReg, d);
  bool short_imm = imm >= -128 && imm <= 127;
  if (d == 0 && !short_imm) {  // the one-byte-shorter eax/rax form
    byte(static_cast<uint8_t>(static_cast<uint8_t>(op) * 8 + 5));
    u32(static_cast<uint32_t>(imm));
    return;
  }
  byte(short_imm ? 0x83 : 0x81);
  byte(static_cast<uint8_t>(0xC0 | (static_cast<uint8_t>(op) << 3) | (d & 7)));
  if (short_imm) byte(static_cast<uint8_t>(imm));
  else u32(static_cast<uint32_t>(imm));
}

inline void Encoder::imul_rr(Reg d, Reg s, bool w) {
  rex(w, d, ra::kNoReg, s);
  byte(0x0F);
  byte(0xAF);
  byte(static_cast<uint8_t>(0xC0 | ((d & 7) << 3) | (s & 7)));
}

inline void Encoder::imul_rri(Reg d, Reg s, int32_t imm, bool w) {
  rex(w, d, ra::kNoReg, s);
  bool short_imm = imm >= -128 && imm <= 127;
  byte(short_imm ? 0x6B : 0x69);
  byte(static_cast<uint8_t>(0xC0 | ((d & 7) << 3) | (s & 7)));
  if (short_imm) byte(static_cast<uint8_t>(imm));
  else u32(static_cast<uint32_t>(imm));
}

inline void Encoder::shift_ri(ShiftOp op, Reg d, uint8_t n, bool w) {
  rex(w, 0, ra::kNoReg, d);
  byte(n == 1 ? 0xD1 : 0xC1);
  byte(static_cast<uint8_t>(0xC0 | (static_cast<uint8_t>(op) << 3) | (d & 7)));
  if (n != 1) byte(n);
}

inline void Encoder::setcc(uint8_t cc, Reg r) {
  rex(false, 0, ra::kNoReg, r, r >= 4 && r < 8);
  byte(0x0F);
  byte(static_cast<uint8_t>(0x90 | cc));
  byte(static_cast<uint8_t>(0xC0 | (r & 7)));
}

inline void Encoder::sse_rm(SseOp op, Reg x, const Mem& m) {
  uint8_t prefix = static_cast<uint16_t>(op) >> 8;
  if (prefix) byte(prefix);
  op_0f_rm(false, static_cast<uint8_t>(op), static_cast<Reg>(x - ra::kFirstFpReg), m);
}

inline void Encoder::sse_rr(SseOp op, Reg x, Reg y) {
  uint8_t prefix = static_cast<uint16_t>(op) >> 8;
  if (prefix) byte(prefix);
  Reg a = static_cast<Reg>(x - ra::kFirstFpReg), b = static_cast<Reg>(y - ra::kFirstFpReg);
  rex(false, a, ra::kNoReg, b);
  byte(0x0F);
  byte(static_cast<uint8_t>(op));
  byte(static_cast<uint8_t>(0xC0 | ((a & 7) << 3) | (b & 7)));
}

inline void Encoder::movd_to_xmm(Reg x, Reg r, bool w) {
  byte(0x66);
  Reg a = static_cast<Reg>(x - ra::kFirstFpReg);
  rex(w, a, ra::kNoReg, r);
  byte(0x0F);
  byte(0x6E);
  byte(static_cast<uint8_t>(0xC0 | ((a & 7) << 3) | (r & 7)));
}

inline void Encoder::movd_from_xmm(Reg r, Reg x, bool w) {
  byte(0x66);
  Reg a = static_cast<Reg>(x - ra::kFirstFpReg);
  rex(w, a, ra::kNoReg, r);
  byte(0x0F);
  byte(0x7E);
  byte(static_cast<uint8_t>(0xC0 | ((a & 7) << 3) | (r & 7)));
}

}  // namespace wasmrust::x64
