// Lowering of conversions: float -> int (trapping: NaN is kInvalidConversion, out of range
// kIntegerOverflow; saturating: NaN -> 0, clamped otherwise), int -> float (unsigned i64
// through the halve-with-sticky-bit method, which rounds correctly), promote/demote,
// reinterpret and wrap/extend (those two are in lower_int.cc).
//
// cvttss2si/cvttsd2si return the "integer indefinite" value (INT_MIN) for NaN and out of
// range inputs; only when the fast conversion yields it does the slow path look at the
// input: INT_MIN may still be the exact answer (e.g. f64 -2147483648.9 -> i32 INT_MIN).
// Unsigned i32 results come from the 64-bit conversion; unsigned i64 results above 2^63
// subtract 2^63 first and set the top bit again.
#include "emit/x64/codegen.h"

namespace wasmrust::x64 {

namespace {
constexpr uint64_t kF32TwoPow63 = 0x5F000000;             // 2^63 as f32
constexpr uint64_t kF64TwoPow63 = 0x43E0000000000000ull;  // 2^63 as f64
constexpr uint64_t kF32MinI32 = 0xCF000000;               // -2^31 as f32
constexpr uint64_t kF64MinI32Minus1 = 0xC1E0000000200000ull;  // -2147483649.0
constexpr uint64_t kF64MinI32 = 0xC1E0000000000000ull;    // -2147483648.0
constexpr uint64_t kF32MinI64 = 0xDF000000;               // -2^63 as f32
constexpr uint64_t kF64MinI64 = 0xC3E0000000000000ull;    // -2^63 as f64
}  // namespace

void CodeGen::lower_convert(Inst i, const InstData& d) {
  Asm& as = *a_;
  Value a(d.a);
  switch (d.op) {
    case Opcode::kI32TruncF32S: lower_trunc(i, d, false, false, true, false); return;
    case Opcode::kI32TruncF32U: lower_trunc(i, d, false, false, false, false); return;
    case Opcode::kI32TruncF64S: lower_trunc(i, d, false, true, true, false); return;
    case Opcode::kI32TruncF64U: lower_trunc(i, d, false, true, false, false); return;
    case Opcode::kI64TruncF32S: lower_trunc(i, d, true, false, true, false); return;
    case Opcode::kI64TruncF32U: lower_trunc(i, d, true, false, false, false); return;
    case Opcode::kI64TruncF64S: lower_trunc(i, d, true, true, true, false); return;
    case Opcode::kI64TruncF64U: lower_trunc(i, d, true, true, false, false); return;
    case Opcode::kI32TruncSatF32S: lower_trunc(i, d, false, false, true, true); return;
    case Opcode::kI32TruncSatF32U: lower_trunc(i, d, false, false, false, true); return;
    case Opcode::kI32TruncSatF64S: lower_trunc(i, d, false, true, true, true); return;
    case Opcode::kI32TruncSatF64U: lower_trunc(i, d, false, true, false, true); return;
    case Opcode::kI64TruncSatF32S: lower_trunc(i, d, true, false, true, true); return;
    case Opcode::kI64TruncSatF32U: lower_trunc(i, d, true, false, false, true); return;
    case Opcode::kI64TruncSatF64S: lower_trunc(i, d, true, true, true, true); return;
    case Opcode::kI64TruncSatF64U: lower_trunc(i, d, true, true, false, true); return;
    case Opcode::kF32ConvertI32S: lower_int_to_float(i, d, false, false, true); return;
    case Opcode::kF32ConvertI32U: lower_int_to_float(i, d, false, false, false); return;
    case Opcode::kF32ConvertI64S: lower_int_to_float(i, d, true, false, true); return;
    case Opcode::kF32ConvertI64U: lower_int_to_float(i, d, true, false, false); return;
    case Opcode::kF64ConvertI32S: lower_int_to_float(i, d, false, true, true); return;
    case Opcode::kF64ConvertI32U: lower_int_to_float(i, d, false, true, false); return;
    case Opcode::kF64ConvertI64S: lower_int_to_float(i, d, true, true, true); return;
    case Opcode::kF64ConvertI64U: lower_int_to_float(i, d, true, true, false); return;
    default: break;
  }
  Reg src = ra_.use(a);
  Reg dst;
  switch (d.op) {
    case Opcode::kF32DemoteF64:
      dst = dst_for(a);
      as.cvtsd2ss(Asm::xmm(dst), Asm::xmm(src));
      break;
    case Opcode::kF64PromoteF32:
      dst = dst_for(a);
      as.cvtss2sd(Asm::xmm(dst), Asm::xmm(src));
      break;
    case Opcode::kI32ReinterpretF32:
      dst = ra_.alloc(RegClass::kGp);
      as.movd(Asm::r32(dst), Asm::xmm(src));
      break;
    case Opcode::kI64ReinterpretF64:
      dst = ra_.alloc(RegClass::kGp);
      as.movq(Asm::r64(dst), Asm::xmm(src));
      break;
    case Opcode::kF32ReinterpretI32:
      dst = ra_.alloc(RegClass::kFp);
      as.movd(Asm::xmm(dst), Asm::r32(src));
      break;
    case Opcode::kF64ReinterpretI64:
      dst = ra_.alloc(RegClass::kFp);
      as.movq(Asm::xmm(dst), Asm::r64(src));
      break;
    default: {
      char msg[96];
      std::snprintf(msg, sizeof msg, "conversion %s is not supported by tier-1", opcode_name(d.op));
      bailout(ErrorCode::kUnsupported, msg);
      return;
    }
  }
  ra_.release(a);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_trunc(Inst i, const InstData& d, bool to64, bool from64, bool is_signed, bool sat) {
  Value a(d.a);
  Reg src = ra_.use(a);
  Reg dst = ra_.alloc(RegClass::kGp);
  if (is_signed) lower_trunc_signed(dst, src, to64, from64, sat);
  else lower_trunc_unsigned(dst, src, to64, from64, sat);
  ra_.release(a);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_trunc_signed(Reg dst, Reg src, bool to64, bool from64, bool sat) {
  Asm& as = *a_;
  Xbyak::Xmm x = Asm::xmm(src);
  Xbyak::Reg r = to64 ? Xbyak::Reg(Asm::r64(dst)) : Xbyak::Reg(Asm::r32(dst));
  auto ucomi = [&](const Xbyak::Xmm& p, const Xbyak::Xmm& q) { from64 ? as.ucomisd(p, q) : as.ucomiss(p, q); };
  if (from64) as.cvttsd2si(r, x);
  else as.cvttss2si(r, x);
  as.cmp(r, 1);  // overflow flag set iff r == INT_MIN
  uint32_t done = as.jcc_short(kNoOverflow);
  ucomi(x, x);
  if (sat) {
    uint32_t not_nan = as.jcc_short(kNoParity);
    as.xor_(Asm::r32(dst), Asm::r32(dst));
    uint32_t done2 = as.jmp_short();
    as.bind_short(not_nan);
    // Negative inputs keep INT_MIN; positive ones clamp to INT_MAX.
    as.xorps(as.xmm15, as.xmm15);
    ucomi(x, as.xmm15);
    uint32_t done3 = as.jcc_short(kBelow);
    if (to64) as.mov(Asm::r64(dst), uint64_t{0x7FFFFFFFFFFFFFFF});
    else as.mov(Asm::r32(dst), 0x7FFFFFFF);
    as.bind_short(done2);
    as.bind_short(done3);
  } else {
    trap_if(kParity, rt::TrapCode::kInvalidConversion);
    if (!to64 && from64) {
      // Valid iff -2147483649.0 < x <= -2147483648.0.
      load_fp_const(xmm_reg(15), kF64MinI32Minus1, true);
      as.ucomisd(x, as.xmm15);
      trap_if(kBelowEqual, rt::TrapCode::kIntegerOverflow);
      load_fp_const(xmm_reg(15), kF64MinI32, true);
      as.ucomisd(x, as.xmm15);
      trap_if(kAbove, rt::TrapCode::kIntegerOverflow);
    } else {
      // Only INT_MIN itself converts to INT_MIN exactly (no other float lies that close).
      uint64_t c = to64 ? (from64 ? kF64MinI64 : kF32MinI64) : kF32MinI32;
      load_fp_const(xmm_reg(15), c, from64);
      ucomi(x, as.xmm15);
      trap_if(kNotEqual, rt::TrapCode::kIntegerOverflow);
    }
  }
  as.bind_short(done);
}

void CodeGen::lower_trunc_unsigned(Reg dst, Reg src, bool to64, bool from64, bool sat) {
  Asm& as = *a_;
  Xbyak::Xmm x = Asm::xmm(src);
  Xbyak::Reg64 r = Asm::r64(dst);
  auto ucomi = [&](const Xbyak::Xmm& p, const Xbyak::Xmm& q) { from64 ? as.ucomisd(p, q) : as.ucomiss(p, q); };
  auto cvt = [&](const Xbyak::Xmm& p) { from64 ? as.cvttsd2si(r, p) : as.cvttss2si(r, p); };
  if (!to64) {
    // The 64-bit conversion is exact for every input in range [0, 2^32).
    cvt(x);
    as.mov(as.r11, r);
    as.shr(as.r11, 32);
    uint32_t done = as.jcc_short(kEqual);
    ucomi(x, x);
    if (sat) {
      uint32_t to_zero = as.jcc_short(kParity);
      as.xorps(as.xmm15, as.xmm15);
      ucomi(x, as.xmm15);
      uint32_t to_zero2 = as.jcc_short(kBelow);
      as.mov(Asm::r32(dst), 0xFFFFFFFFu);
      uint32_t done2 = as.jmp_short();
      as.bind_short(to_zero);
      as.bind_short(to_zero2);
      as.xor_(Asm::r32(dst), Asm::r32(dst));
      as.bind_short(done2);
    } else {
      trap_if(kParity, rt::TrapCode::kInvalidConversion);
      trap_here(rt::TrapCode::kIntegerOverflow);
    }
    as.bind_short(done);
    return;
  }
  ucomi(x, x);
  uint32_t nan = 0;
  if (sat) nan = as.jcc_short(kParity);
  else trap_if(kParity, rt::TrapCode::kInvalidConversion);
  load_fp_const(xmm_reg(15), from64 ? kF64TwoPow63 : kF32TwoPow63, from64);
  ucomi(x, as.xmm15);
  uint32_t big = as.jcc_short(kAboveEqual);
  cvt(x);
  as.test(r, r);
  uint32_t done = as.jcc_short(kNotSign);
  // Negative results: x <= -1 (inputs in (-1, 0) truncate to 0 and took the branch).
  uint32_t zero = 0;
  if (sat) zero = as.jmp_short();
  else trap_here(rt::TrapCode::kIntegerOverflow);
  as.bind_short(big);
  as.movaps(as.xmm14, x);
  if (from64) as.subsd(as.xmm14, as.xmm15);
  else as.subss(as.xmm14, as.xmm15);
  cvt(as.xmm14);
  as.test(r, r);
  if (sat) {
    uint32_t ok = as.jcc_short(kNotSign);
    as.mov(r, ~uint64_t{0});
    uint32_t done2 = as.jmp_short();
    as.bind_short(ok);
    as.btc(r, 63);
    uint32_t done3 = as.jmp_short();
    as.bind_short(nan);
    as.bind_short(zero);
    as.xor_(Asm::r32(dst), Asm::r32(dst));
    as.bind_short(done2);
    as.bind_short(done3);
  } else {
    trap_if(kSign, rt::TrapCode::kIntegerOverflow);
    as.btc(r, 63);
  }
  as.bind_short(done);
}

void CodeGen::lower_int_to_float(Inst i, const InstData& d, bool from64, bool to64, bool is_signed) {
  Asm& as = *a_;
  Value a(d.a);
  Reg src = ra_.use(a);
  Reg dst = ra_.alloc(RegClass::kFp);
  Xbyak::Xmm x = Asm::xmm(dst);
  auto cvt = [&](const Xbyak::Reg& s) { to64 ? as.cvtsi2sd(x, s) : as.cvtsi2ss(x, s); };
  as.xorps(x, x);  // cvtsi2s* writes only the low lane: break the dependency
  if (!from64) {
    // A signed i32 converts as itself; an unsigned one is zero-extended already.
    if (is_signed) cvt(Asm::r32(src));
    else cvt(Asm::r64(src));
  } else if (is_signed) {
    cvt(Asm::r64(src));
  } else {
    as.test(Asm::r64(src), Asm::r64(src));
    uint32_t big = as.jcc_short(kSign);
    cvt(Asm::r64(src));
    uint32_t done = as.jmp_short();
    as.bind_short(big);
    // Halve, keeping the lost bit as a sticky bit so the final rounding is right; double.
    as.mov(as.r11, Asm::r64(src));
    as.shr(as.r11, 1);
    as.mov(as.r10, Asm::r64(src));
    as.and_(as.r10d, 1);
    as.or_(as.r11, as.r10);
    cvt(as.r11);
    if (to64) as.addsd(x, x);
    else as.addss(x, x);
    as.bind_short(done);
  }
  ra_.release(a);
  ra_.define(Value::of_inst(i), dst);
}

}  // namespace wasmrust::x64
