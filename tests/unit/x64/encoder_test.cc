// The fast encoder against xbyak: every form, every register, every kind of memory operand
// (bases that need a SIB byte or a displacement, indexes, scales, 8- and 32-bit
// displacements) must give byte-identical code.
#include <catch2/catch.hpp>

#include <functional>
#include <vector>

#include "emit/x64/asm.h"

using namespace wasmrust;
using namespace wasmrust::x64;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes fast(const std::function<void(Encoder&)>& f) {
  uint8_t buf[64];
  Encoder e(buf);
  f(e);
  return Bytes(buf, e.end());
}

Bytes xb(const std::function<void(Xbyak::CodeGenerator&)>& f) {
  static uint8_t buf[256];
  Xbyak::CodeGenerator g(sizeof buf, buf);
  f(g);
  REQUIRE(Xbyak::GetError() == 0);
  return Bytes(g.getCode(), g.getCode() + g.getSize());
}

std::vector<Mem> memories() {
  std::vector<Mem> out;
  const int32_t disps[] = {0, 8, -8, 127, -128, 128, -129, 0x12345678, -0x12345678};
  for (Reg base = 0; base < 16; ++base) {
    for (int32_t d : disps) {
      out.push_back(Mem{base, ra::kNoReg, 0, d});
      for (Reg index : {Reg(0), Reg(5), Reg(8), Reg(13)})
        for (uint8_t scale = 0; scale < 4; scale += 3) out.push_back(Mem{base, index, scale, d});
    }
  }
  return out;
}

Xbyak::RegExp exp_of(const Mem& m) {
  Xbyak::RegExp e = Xbyak::RegExp(Xbyak::Reg64(m.base)) + m.disp;
  if (m.index != ra::kNoReg) e = e + Xbyak::Reg64(m.index) * (1 << m.scale);
  return e;
}

}  // namespace

TEST_CASE("fast encoder: loads, stores, lea, alu with memory") {
  for (const Mem& m : memories()) {
    Xbyak::RegExp e = exp_of(m);
    for (Reg r = 0; r < 16; ++r) {
      INFO("reg " << int(r) << " base " << int(m.base) << " index " << int(m.index) << " disp " << m.disp);
      CHECK(fast([&](Encoder& x) { x.mov_load(r, m, 4); }) == xb([&](auto& g) { g.mov(Xbyak::Reg32(r), g.dword[e]); }));
      CHECK(fast([&](Encoder& x) { x.mov_load(r, m, 8); }) == xb([&](auto& g) { g.mov(Xbyak::Reg64(r), g.qword[e]); }));
      CHECK(fast([&](Encoder& x) { x.mov_store(m, r, 1); }) ==
            xb([&](auto& g) { g.mov(g.byte[e], Xbyak::Reg64(r).cvt8()); }));
      CHECK(fast([&](Encoder& x) { x.mov_store(m, r, 2); }) == xb([&](auto& g) { g.mov(g.word[e], Xbyak::Reg16(r)); }));
      CHECK(fast([&](Encoder& x) { x.mov_store(m, r, 4); }) == xb([&](auto& g) { g.mov(g.dword[e], Xbyak::Reg32(r)); }));
      CHECK(fast([&](Encoder& x) { x.mov_store(m, r, 8); }) == xb([&](auto& g) { g.mov(g.qword[e], Xbyak::Reg64(r)); }));
      CHECK(fast([&](Encoder& x) { x.movzx_load(r, m, 1); }) ==
            xb([&](auto& g) { g.movzx(Xbyak::Reg32(r), g.byte[e]); }));
      CHECK(fast([&](Encoder& x) { x.movzx_load(r, m, 2); }) ==
            xb([&](auto& g) { g.movzx(Xbyak::Reg32(r), g.word[e]); }));
      CHECK(fast([&](Encoder& x) { x.movsx_load(r, m, 1, false); }) ==
            xb([&](auto& g) { g.movsx(Xbyak::Reg32(r), g.byte[e]); }));
      CHECK(fast([&](Encoder& x) { x.movsx_load(r, m, 2, true); }) ==
            xb([&](auto& g) { g.movsx(Xbyak::Reg64(r), g.word[e]); }));
      CHECK(fast([&](Encoder& x) { x.movsx_load(r, m, 4, true); }) ==
            xb([&](auto& g) { g.movsxd(Xbyak::Reg64(r), g.dword[e]); }));
      CHECK(fast([&](Encoder& x) { x.lea(r, m, true); }) == xb([&](auto& g) { g.lea(Xbyak::Reg64(r), g.ptr[e]); }));
      CHECK(fast([&](Encoder& x) { x.alu_rm(AluOp::kCmp, r, m, false); }) ==
            xb([&](auto& g) { g.cmp(Xbyak::Reg32(r), g.dword[e]); }));
      CHECK(fast([&](Encoder& x) { x.alu_rm(AluOp::kAdd, r, m, true); }) ==
            xb([&](auto& g) { g.add(Xbyak::Reg64(r), g.qword[e]); }));
      Reg xr = static_cast<Reg>(ra::kFirstFpReg + r);
      CHECK(fast([&](Encoder& x) { x.sse_rm(SseOp::kMovssLoad, xr, m); }) ==
            xb([&](auto& g) { g.movss(Xbyak::Xmm(r), g.dword[e]); }));
      CHECK(fast([&](Encoder& x) { x.sse_rm(SseOp::kMovsdStore, xr, m); }) ==
            xb([&](auto& g) { g.movsd(g.qword[e], Xbyak::Xmm(r)); }));
      CHECK(fast([&](Encoder& x) { x.sse_rm(SseOp::kMovdquLoad, xr, m); }) ==
            xb([&](auto& g) { g.movdqu(Xbyak::Xmm(r), g.xword[e]); }));
      CHECK(fast([&](Encoder& x) { x.sse_rm(SseOp::kMovupsStore, xr, m); }) ==
            xb([&](auto& g) { g.movups(g.xword[e], Xbyak::Xmm(r)); }));
      CHECK(fast([&](Encoder& x) { x.alu_rm(AluOp::kCmp, r, m, true); }) ==
            xb([&](auto& g) { g.cmp(Xbyak::Reg64(r), g.qword[e]); }));
    }
    for (uint32_t imm : {0u, 7u, 0x80u, 0xFFFFu, 0x12345678u, 0xFFFFFFFFu}) {
      CHECK(fast([&](Encoder& x) { x.mov_store_imm(m, imm & 0xFF, 1); }) == xb([&](auto& g) { g.mov(g.byte[e], imm & 0xFF); }));
      CHECK(fast([&](Encoder& x) { x.mov_store_imm(m, imm & 0xFFFF, 2); }) ==
            xb([&](auto& g) { g.mov(g.word[e], imm & 0xFFFF); }));
      CHECK(fast([&](Encoder& x) { x.mov_store_imm(m, imm, 4); }) == xb([&](auto& g) { g.mov(g.dword[e], imm); }));
      uint64_t sx = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(imm)));
      CHECK(fast([&](Encoder& x) { x.mov_store_imm(m, imm, 8); }) == xb([&](auto& g) { g.mov(g.qword[e], sx); }));
    }
    CHECK(fast([&](Encoder& x) { x.call_mem(m); }) == xb([&](auto& g) { g.call(g.ptr[e]); }));
  }
}

TEST_CASE("fast encoder: register forms and immediates") {
  const int32_t imms[] = {0, 1, -1, 127, -128, 128, -129, 0x7FFFFFFF, INT32_MIN};
  for (Reg d = 0; d < 16; ++d) {
    for (Reg s = 0; s < 16; ++s) {
      INFO("d " << int(d) << " s " << int(s));
      CHECK(fast([&](Encoder& x) { x.mov_rr(d, s, false); }) == xb([&](auto& g) { g.mov(Xbyak::Reg32(d), Xbyak::Reg32(s)); }));
      CHECK(fast([&](Encoder& x) { x.mov_rr(d, s, true); }) == xb([&](auto& g) { g.mov(Xbyak::Reg64(d), Xbyak::Reg64(s)); }));
      CHECK(fast([&](Encoder& x) { x.alu_rr(AluOp::kSub, d, s, false); }) ==
            xb([&](auto& g) { g.sub(Xbyak::Reg32(d), Xbyak::Reg32(s)); }));
      CHECK(fast([&](Encoder& x) { x.alu_rr(AluOp::kXor, d, s, true); }) ==
            xb([&](auto& g) { g.xor_(Xbyak::Reg64(d), Xbyak::Reg64(s)); }));
      CHECK(fast([&](Encoder& x) { x.test_rr(d, s, true); }) == xb([&](auto& g) { g.test(Xbyak::Reg64(d), Xbyak::Reg64(s)); }));
      CHECK(fast([&](Encoder& x) { x.imul_rr(d, s, false); }) == xb([&](auto& g) { g.imul(Xbyak::Reg32(d), Xbyak::Reg32(s)); }));
      CHECK(fast([&](Encoder& x) { x.movzx_r8(d, s); }) ==
            xb([&](auto& g) { g.movzx(Xbyak::Reg32(d), Xbyak::Reg64(s).cvt8()); }));
      Reg xd = static_cast<Reg>(ra::kFirstFpReg + d), xs = static_cast<Reg>(ra::kFirstFpReg + s);
      CHECK(fast([&](Encoder& x) { x.sse_rr(SseOp::kAddsd, xd, xs); }) ==
            xb([&](auto& g) { g.addsd(Xbyak::Xmm(d), Xbyak::Xmm(s)); }));
      CHECK(fast([&](Encoder& x) { x.sse_rr(SseOp::kUcomiss, xd, xs); }) ==
            xb([&](auto& g) { g.ucomiss(Xbyak::Xmm(d), Xbyak::Xmm(s)); }));
      CHECK(fast([&](Encoder& x) { x.sse_rr(SseOp::kMovaps, xd, xs); }) ==
            xb([&](auto& g) { g.movaps(Xbyak::Xmm(d), Xbyak::Xmm(s)); }));
      CHECK(fast([&](Encoder& x) { x.movd_to_xmm(xd, s, true); }) ==
            xb([&](auto& g) { g.movq(Xbyak::Xmm(d), Xbyak::Reg64(s)); }));
      CHECK(fast([&](Encoder& x) { x.movd_from_xmm(d, xs, false); }) ==
            xb([&](auto& g) { g.movd(Xbyak::Reg32(d), Xbyak::Xmm(s)); }));
      for (int32_t imm : imms) {
        CHECK(fast([&](Encoder& x) { x.imul_rri(d, s, imm, true); }) ==
              xb([&](auto& g) { g.imul(Xbyak::Reg64(d), Xbyak::Reg64(s), imm); }));
      }
    }
    CHECK(fast([&](Encoder& x) { x.push(d); }) == xb([&](auto& g) { g.push(Xbyak::Reg64(d)); }));
    CHECK(fast([&](Encoder& x) { x.pop(d); }) == xb([&](auto& g) { g.pop(Xbyak::Reg64(d)); }));
    for (int32_t imm : imms) {
      CHECK(fast([&](Encoder& x) { x.alu_ri(AluOp::kAdd, d, imm, false); }) ==
            xb([&](auto& g) { g.add(Xbyak::Reg32(d), static_cast<uint32_t>(imm)); }));
      CHECK(fast([&](Encoder& x) { x.alu_ri(AluOp::kCmp, d, imm, true); }) ==
            xb([&](auto& g) { g.cmp(Xbyak::Reg64(d), static_cast<uint32_t>(imm)); }));
    }
    for (uint64_t imm : {0ull, 1ull, 0xFFFFFFFFull, 0x100000000ull, ~0ull, 0xFFFFFFFF80000000ull, 0x123456789ull}) {
      CHECK(fast([&](Encoder& x) { x.mov_imm(d, imm, true); }) == xb([&](auto& g) { g.mov(Xbyak::Reg64(d), imm); }));
    }
    for (uint8_t n : {1, 2, 31, 63}) {
      CHECK(fast([&](Encoder& x) { x.shift_ri(ShiftOp::kShl, d, n, true); }) ==
            xb([&](auto& g) { g.shl(Xbyak::Reg64(d), n); }));
      CHECK(fast([&](Encoder& x) { x.shift_ri(ShiftOp::kSar, d, n & 31, false); }) ==
            xb([&](auto& g) { g.sar(Xbyak::Reg32(d), n & 31); }));
    }
    CHECK(fast([&](Encoder& x) { x.setcc(4, d); }) == xb([&](auto& g) { g.sete(Xbyak::Reg64(d).cvt8()); }));
    CHECK(fast([&](Encoder& x) { x.setcc(0xF, d); }) == xb([&](auto& g) { g.setg(Xbyak::Reg64(d).cvt8()); }));
    CHECK(fast([&](Encoder& x) { x.call_reg(d); }) == xb([&](auto& g) { g.call(Xbyak::Reg64(d)); }));
  }
}
