// Lowering of f32/f64 operations with wasm semantics on SSE2 (SSE4.1 for rounding, with a
// call to a C helper where it is missing): arithmetic propagates NaNs as x86 does (quiet
// NaN payloads of an input, or the default NaN: both are arithmetic NaNs, which the spec
// allows); min/max order -0 below +0 and return NaN if either input is NaN; abs, neg and
// copysign are pure bit operations (NaN payloads untouched); comparisons are false on
// unordered inputs except ne.
#include <cmath>

#include "emit/x64/codegen.h"

namespace wasmrust::x64 {

namespace {

// Fallbacks for CPUs without SSE4.1 (called like any C function). libm may hand a
// signaling NaN back unchanged; wasm wants an arithmetic (quiet) NaN, which x + x gives.
template <typename F, F (*Fn)(F)>
F round_helper(F x) {
  return std::isnan(x) ? x + x : Fn(x);
}
float f32_ceil(float x) { return round_helper<float, std::ceil>(x); }
float f32_floor(float x) { return round_helper<float, std::floor>(x); }
float f32_trunc(float x) { return round_helper<float, std::trunc>(x); }
float f32_nearest(float x) { return round_helper<float, std::nearbyint>(x); }  // half to even
double f64_ceil(double x) { return round_helper<double, std::ceil>(x); }
double f64_floor(double x) { return round_helper<double, std::floor>(x); }
double f64_trunc(double x) { return round_helper<double, std::trunc>(x); }
double f64_nearest(double x) { return round_helper<double, std::nearbyint>(x); }

constexpr int kRoundNearest = 0, kRoundFloor = 1, kRoundCeil = 2, kRoundTrunc = 3;

}  // namespace

void CodeGen::load_fp_const(Reg xmm, uint64_t bits, bool is64) {
  Asm& as = *a_;
  if (bits == 0) {
    as.sse_rr(SseOp::kXorps, xmm, xmm);
  } else {
    as.mov_imm(kR11, is64 ? bits : bits & 0xFFFFFFFFu, is64);
    as.movd_to_xmm(xmm, kR11, is64);
  }
}

void CodeGen::lower_float_binary(Inst i, const InstData& d) {
  bool is64 = d.type == Type::kF64;
  switch (d.op) {
    case Opcode::kF32Min: case Opcode::kF64Min: lower_float_minmax(i, d, is64, true); return;
    case Opcode::kF32Max: case Opcode::kF64Max: lower_float_minmax(i, d, is64, false); return;
    default: break;
  }
  Value a(d.a), b(d.b);
  Asm& as = *a_;
  Reg rb = ra_.use(b);
  ra_.use(a);
  Reg dst = ra_.reuse_or_copy(a);
  Xbyak::Xmm x = Asm::xmm(dst), y = Asm::xmm(rb);
  switch (d.op) {
    case Opcode::kF32Add: as.sse_rr(SseOp::kAddss, dst, rb); break;
    case Opcode::kF32Sub: as.sse_rr(SseOp::kSubss, dst, rb); break;
    case Opcode::kF32Mul: as.sse_rr(SseOp::kMulss, dst, rb); break;
    case Opcode::kF32Div: as.sse_rr(SseOp::kDivss, dst, rb); break;
    case Opcode::kF64Add: as.sse_rr(SseOp::kAddsd, dst, rb); break;
    case Opcode::kF64Sub: as.sse_rr(SseOp::kSubsd, dst, rb); break;
    case Opcode::kF64Mul: as.sse_rr(SseOp::kMulsd, dst, rb); break;
    case Opcode::kF64Div: as.sse_rr(SseOp::kDivsd, dst, rb); break;
    case Opcode::kF32Copysign: case Opcode::kF64Copysign:
      // (a & ~sign) | (b & sign)
      load_fp_const(xmm_reg(15), is64 ? uint64_t{1} << 63 : 0x80000000u, is64);
      as.movaps(as.xmm14, as.xmm15);
      as.andps(as.xmm14, y);
      as.andnps(as.xmm15, x);
      as.orps(as.xmm15, as.xmm14);
      as.movaps(x, as.xmm15);
      break;
    default: bailout(ErrorCode::kUnsupported, "unexpected float binary operation"); break;
  }
  ra_.release(a);
  ra_.release(b);
  ra_.define(Value::of_inst(i), dst);
}

// minss/maxss return the second operand for NaNs and equal inputs, so those cases go apart:
// unordered -> add (propagates a NaN), equal -> or/and of the bits (min(-0,+0) = -0,
// max(-0,+0) = +0), otherwise minss/maxss.
void CodeGen::lower_float_minmax(Inst i, const InstData& d, bool is64, bool is_min) {
  Value a(d.a), b(d.b);
  Asm& as = *a_;
  Reg rb = ra_.use(b);
  ra_.use(a);
  Reg dst = ra_.reuse_or_copy(a);
  Xbyak::Xmm x = Asm::xmm(dst), y = Asm::xmm(rb);
  if (is64) as.ucomisd(x, y);
  else as.ucomiss(x, y);
  uint32_t to_nan = as.jcc_short(kParity);
  uint32_t to_ne = as.jcc_short(kNotEqual);
  if (is_min) as.orps(x, y);
  else as.andps(x, y);
  uint32_t done1 = as.jmp_short();
  as.bind_short(to_ne);
  if (is64) is_min ? as.minsd(x, y) : as.maxsd(x, y);
  else is_min ? as.minss(x, y) : as.maxss(x, y);
  uint32_t done2 = as.jmp_short();
  as.bind_short(to_nan);
  if (is64) as.addsd(x, y);
  else as.addss(x, y);
  as.bind_short(done1);
  as.bind_short(done2);
  ra_.release(a);
  ra_.release(b);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_float_unary(Inst i, const InstData& d) {
  Value a(d.a);
  Asm& as = *a_;
  bool is64 = d.type == Type::kF64;
  switch (d.op) {
    case Opcode::kF32Ceil: case Opcode::kF64Ceil: lower_float_round(i, d, is64, kRoundCeil); return;
    case Opcode::kF32Floor: case Opcode::kF64Floor: lower_float_round(i, d, is64, kRoundFloor); return;
    case Opcode::kF32Trunc: case Opcode::kF64Trunc: lower_float_round(i, d, is64, kRoundTrunc); return;
    case Opcode::kF32Nearest: case Opcode::kF64Nearest: lower_float_round(i, d, is64, kRoundNearest); return;
    default: break;
  }
  Reg ra0 = ra_.use(a);
  Reg dst;
  switch (d.op) {
    case Opcode::kF32Abs: case Opcode::kF64Abs:
      dst = ra_.reuse_or_copy(a);
      load_fp_const(xmm_reg(15), is64 ? ~(uint64_t{1} << 63) : 0x7FFFFFFFu, is64);
      as.sse_rr(SseOp::kAndps, dst, xmm_reg(15));
      break;
    case Opcode::kF32Neg: case Opcode::kF64Neg:
      dst = ra_.reuse_or_copy(a);
      load_fp_const(xmm_reg(15), is64 ? uint64_t{1} << 63 : 0x80000000u, is64);
      as.sse_rr(SseOp::kXorps, dst, xmm_reg(15));
      break;
    default:  // sqrt
      dst = dst_for(a);
      if (is64) as.sqrtsd(Asm::xmm(dst), Asm::xmm(ra0));
      else as.sqrtss(Asm::xmm(dst), Asm::xmm(ra0));
      break;
  }
  ra_.release(a);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_float_round(Inst i, const InstData& d, bool is64, int mode) {
  Value a(d.a);
  if (opt_.features.sse41) {
    Reg ra0 = ra_.use(a);
    Reg dst = dst_for(a);
    // bit 3 suppresses the precision exception (MXCSR stays as the ABI wants it)
    if (is64) a_->roundsd(Asm::xmm(dst), Asm::xmm(ra0), mode | 8);
    else a_->roundss(Asm::xmm(dst), Asm::xmm(ra0), mode | 8);
    ra_.release(a);
    ra_.define(Value::of_inst(i), dst);
    return;
  }
  const void* fn = nullptr;
  switch (mode) {
    case kRoundCeil: fn = is64 ? reinterpret_cast<const void*>(&f64_ceil) : reinterpret_cast<const void*>(&f32_ceil); break;
    case kRoundFloor: fn = is64 ? reinterpret_cast<const void*>(&f64_floor) : reinterpret_cast<const void*>(&f32_floor); break;
    case kRoundTrunc: fn = is64 ? reinterpret_cast<const void*>(&f64_trunc) : reinterpret_cast<const void*>(&f32_trunc); break;
    default: fn = is64 ? reinterpret_cast<const void*>(&f64_nearest) : reinterpret_cast<const void*>(&f32_nearest); break;
  }
  call_helper(i, fn, &a, 1, false);
}

void CodeGen::lower_float_compare(Inst i, const InstData& d) {
  Value a(d.a), b(d.b);
  Asm& as = *a_;
  bool is64 = body_->value_type(a) == Type::kF64;
  Reg rb = ra_.use(b);
  Reg ra0 = ra_.use(a);
  // lt/le compare the swapped operands so that unordered (CF=ZF=PF=1) reads as false with
  // a single above/above-equal condition.
  Reg x = ra0, y = rb;
  Cond c;
  switch (d.op) {
    case Opcode::kF32Lt: case Opcode::kF64Lt: x = rb, y = ra0, c = kAbove; break;
    case Opcode::kF32Le: case Opcode::kF64Le: x = rb, y = ra0, c = kAboveEqual; break;
    case Opcode::kF32Gt: case Opcode::kF64Gt: c = kAbove; break;
    case Opcode::kF32Ge: case Opcode::kF64Ge: c = kAboveEqual; break;
    case Opcode::kF32Eq: case Opcode::kF64Eq: c = kEqual; break;
    default: c = kNotEqual; break;
  }
  bool single = c != kEqual && c != kNotEqual;
  bool fused = single && fuse_with_next(i);
  Reg dst = fused ? ra::kNoReg : ra_.alloc(RegClass::kGp);
  as.sse_rr(is64 ? SseOp::kUcomisd : SseOp::kUcomiss, x, y);
  ra_.release(a);
  ra_.release(b);
  if (single) {
    compare_result(i, c, fused, dst);
    return;
  }
  // eq: ZF=1 and PF=0; ne: ZF=0 or PF=1
  as.set_cc(c, dst);
  as.set_cc(c == kEqual ? kNoParity : kParity, kR11);
  as.alu_rr(c == kEqual ? AluOp::kAnd : AluOp::kOr, dst, kR11, false);
  ra_.define(Value::of_inst(i), dst);
}

}  // namespace wasmrust::x64
