// Lowering of integer operations: arithmetic, bitwise, shifts and rotates (wasm masks the
// count, as x86 does), division with wasm's traps (divide by zero; INT_MIN / -1 traps for
// div and gives 0 for rem), comparisons (fused with a following br_if or select when the
// flags can stay live), clz/ctz/popcnt with fallbacks for CPUs without LZCNT/TZCNT/POPCNT,
// sign extension, wrap and extend.
#include "emit/x64/codegen.h"

namespace wasmrust::x64 {

namespace {

Cond compare_cond(Opcode op) {
  switch (op) {
    case Opcode::kI32Eq: case Opcode::kI64Eq: return kEqual;
    case Opcode::kI32Ne: case Opcode::kI64Ne: return kNotEqual;
    case Opcode::kI32LtS: case Opcode::kI64LtS: return kLess;
    case Opcode::kI32LtU: case Opcode::kI64LtU: return kBelow;
    case Opcode::kI32GtS: case Opcode::kI64GtS: return kGreater;
    case Opcode::kI32GtU: case Opcode::kI64GtU: return kAbove;
    case Opcode::kI32LeS: case Opcode::kI64LeS: return kLessEqual;
    case Opcode::kI32LeU: case Opcode::kI64LeU: return kBelowEqual;
    case Opcode::kI32GeS: case Opcode::kI64GeS: return kGreaterEqual;
    default: return kAboveEqual;  // GeU
  }
}

// The condition that holds for (b, a) when {c} holds for (a, b).
Cond swap_cond(Cond c) {
  switch (c) {
    case kLess: return kGreater;
    case kGreater: return kLess;
    case kLessEqual: return kGreaterEqual;
    case kGreaterEqual: return kLessEqual;
    case kBelow: return kAbove;
    case kAbove: return kBelow;
    case kBelowEqual: return kAboveEqual;
    case kAboveEqual: return kBelowEqual;
    default: return c;
  }
}

AluOp alu_kind(Opcode op) {
  switch (op) {
    case Opcode::kI32Add: case Opcode::kI64Add: return AluOp::kAdd;
    case Opcode::kI32Sub: case Opcode::kI64Sub: return AluOp::kSub;
    case Opcode::kI32And: case Opcode::kI64And: return AluOp::kAnd;
    case Opcode::kI32Or: case Opcode::kI64Or: return AluOp::kOr;
    default: return AluOp::kXor;
  }
}

}  // namespace

void CodeGen::lower_alu(Inst i, const InstData& d) {
  bool is64 = d.type == Type::kI64;
  Value a(d.a), b(d.b);
  bool comm = op_has(d.op, kCommutative);
  uint64_t bits;
  if (comm && ra_.const_bits(a, &bits) && !ra_.const_bits(b, &bits)) std::swap(a, b);
  int32_t imm = 0;
  bool b_imm = const_i32(b, &imm, is64);
  Reg rb = b_imm ? ra::kNoReg : ra_.use(b);
  Reg ra0 = ra_.use(a);
  if (!b_imm && comm && !ra_.can_clobber(a) && ra_.can_clobber(b)) {
    std::swap(a, b);
    std::swap(ra0, rb);
  }
  Reg dst = ra_.reuse_or_copy(a);
  AluOp k = alu_kind(d.op);
  if (b_imm) a_->alu_ri(k, dst, imm, is64);
  else a_->alu_rr(k, dst, rb, is64);
  ra_.release(a);
  ra_.release(b);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_mul(Inst i, const InstData& d) {
  bool is64 = d.type == Type::kI64;
  Value a(d.a), b(d.b);
  uint64_t bits;
  if (ra_.const_bits(a, &bits) && !ra_.const_bits(b, &bits)) std::swap(a, b);
  int32_t imm = 0;
  Reg dst;
  if (const_i32(b, &imm, is64)) {
    Reg ra0 = ra_.use(a);
    dst = dst_for(a);
    a_->imul_rri(dst, ra0, imm, is64);
  } else {
    Reg rb = ra_.use(b);
    ra_.use(a);
    if (!ra_.can_clobber(a) && ra_.can_clobber(b)) std::swap(a, b), rb = ra_.reg_of(b);
    dst = ra_.reuse_or_copy(a);
    a_->imul_rr(dst, rb, is64);
  }
  ra_.release(a);
  ra_.release(b);
  ra_.define(Value::of_inst(i), dst);
}

// div/rem need the dividend in rdx:rax. A constant divisor other than 0 and -1 needs no
// check; otherwise zero traps, and -1 is special-cased because idiv faults on INT_MIN / -1:
// div traps with integer overflow there, rem gives 0.
void CodeGen::lower_divrem(Inst i, const InstData& d) {
  bool is64 = d.type == Type::kI64;
  Value a(d.a), b(d.b);
  bool is_signed = d.op == Opcode::kI32DivS || d.op == Opcode::kI32RemS || d.op == Opcode::kI64DivS ||
                   d.op == Opcode::kI64RemS;
  bool is_rem = d.op == Opcode::kI32RemS || d.op == Opcode::kI32RemU || d.op == Opcode::kI64RemS ||
                d.op == Opcode::kI64RemU;
  uint64_t bits = 0;
  bool b_const = ra_.const_bits(b, &bits);
  if (b_const && !is64) bits = static_cast<uint32_t>(bits);
  bool minus_one = is64 ? bits == ~uint64_t{0} : bits == 0xFFFFFFFFu;
  bool check_zero = !b_const || bits == 0;
  bool check_m1 = is_signed && (!b_const || minus_one);
  Asm& as = *a_;
  ra_.copy_to(kRax, a);
  ra_.alloc_at(kRdx);
  Reg rb = ra_.use(b);
  Xbyak::Reg rbx = is64 ? Xbyak::Reg(Asm::r64(rb)) : Xbyak::Reg(Asm::r32(rb));
  if (check_zero) {
    as.test(rbx, rbx);
    trap_if(kEqual, rt::TrapCode::kIntegerDivideByZero);
  }
  uint32_t skip_special = 0, done = 0;
  bool has_done = false;
  if (check_m1) {
    as.cmp(rbx, -1);
    skip_special = as.jcc_short(kNotEqual);
    if (is_rem) {
      as.xor_(as.edx, as.edx);
      done = as.jmp_short();
      has_done = true;
    } else {
      if (is64) {
        as.mov(as.r11, uint64_t{1} << 63);
        as.cmp(as.rax, as.r11);
      } else {
        as.cmp(as.eax, 0x80000000u);
      }
      trap_if(kEqual, rt::TrapCode::kIntegerOverflow);
    }
    as.bind_short(skip_special);
  }
  if (is_signed) {
    if (is64) as.cqo();
    else as.cdq();
    as.idiv(rbx);
  } else {
    as.xor_(as.edx, as.edx);
    as.div(rbx);
  }
  if (has_done) as.bind_short(done);
  ra_.release(a);
  ra_.release(b);
  ra_.define(Value::of_inst(i), is_rem ? kRdx : kRax);
}

void CodeGen::lower_shift(Inst i, const InstData& d) {
  bool is64 = d.type == Type::kI64;
  Value a(d.a), b(d.b);
  Asm& as = *a_;
  enum { kShl, kShr, kSar, kRol, kRor } k;
  switch (d.op) {
    case Opcode::kI32Shl: case Opcode::kI64Shl: k = kShl; break;
    case Opcode::kI32ShrU: case Opcode::kI64ShrU: k = kShr; break;
    case Opcode::kI32ShrS: case Opcode::kI64ShrS: k = kSar; break;
    case Opcode::kI32Rotl: case Opcode::kI64Rotl: k = kRol; break;
    default: k = kRor; break;
  }
  uint64_t bits;
  Reg dst;
  auto R = [&](Reg r) { return is64 ? Xbyak::Reg(Asm::r64(r)) : Xbyak::Reg(Asm::r32(r)); };
  if (ra_.const_bits(b, &bits)) {
    int n = static_cast<int>(bits & (is64 ? 63 : 31));
    dst = ra_.reuse_or_copy(a);
    static const ShiftOp kOps[] = {ShiftOp::kShl, ShiftOp::kShr, ShiftOp::kSar, ShiftOp::kRol, ShiftOp::kRor};
    if (n != 0) as.shift_ri(kOps[k], dst, static_cast<uint8_t>(n), is64);
  } else if (opt_.features.bmi2 && k != kRol && k != kRor) {
    Reg rb = ra_.use(b);
    Reg ra0 = ra_.use(a);
    dst = dst_for(a);
    if (is64) {
      if (k == kShl) as.shlx(Asm::r64(dst), Asm::r64(ra0), Asm::r64(rb));
      else if (k == kShr) as.shrx(Asm::r64(dst), Asm::r64(ra0), Asm::r64(rb));
      else as.sarx(Asm::r64(dst), Asm::r64(ra0), Asm::r64(rb));
    } else {
      if (k == kShl) as.shlx(Asm::r32(dst), Asm::r32(ra0), Asm::r32(rb));
      else if (k == kShr) as.shrx(Asm::r32(dst), Asm::r32(ra0), Asm::r32(rb));
      else as.sarx(Asm::r32(dst), Asm::r32(ra0), Asm::r32(rb));
    }
  } else {
    ra_.copy_to(kRcx, b);
    dst = ra_.reuse_or_copy(a);
    switch (k) {
      case kShl: as.shl(R(dst), as.cl); break;
      case kShr: as.shr(R(dst), as.cl); break;
      case kSar: as.sar(R(dst), as.cl); break;
      case kRol: as.rol(R(dst), as.cl); break;
      case kRor: as.ror(R(dst), as.cl); break;
    }
  }
  ra_.release(a);
  ra_.release(b);
  ra_.define(Value::of_inst(i), dst);
}

// A compare whose only use is the next instruction's condition (br_if, select) leaves its
// result in the flags: the moves in between never touch them (flags_live_ keeps constant
// loads from using xor).
bool CodeGen::fuse_with_next(Inst i) {
  Value v = Value::of_inst(i);
  if (ra_.uses(v) != 1) return false;
  uint32_t next = i.index + 1;
  if (next >= body_->num_insts()) return false;
  const InstData& n = body_->inst(Inst(next));
  if (n.op == Opcode::kBrIf) return Value(n.a) == v;
  if (n.op == Opcode::kSelect) return Value(n.c) == v && Value(n.a) != v && Value(n.b) != v;
  return false;
}

// The flags of {i}'s compare are set: leave them for the next instruction (fused), or
// materialize 0/1 in {dst}.
void CodeGen::compare_result(Inst i, Cond c, bool fused, Reg dst) {
  if (fused) {
    flags_live_ = true;
    pending_cc_value_ = Value::of_inst(i);
    pending_cc_ = c;
    return;
  }
  a_->set_cc(c, dst);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_int_compare(Inst i, const InstData& d) {
  Value a(d.a), b(d.b);
  bool is64 = body_->value_type(a) == Type::kI64;
  Cond c = compare_cond(d.op);
  uint64_t bits;
  if (ra_.const_bits(a, &bits) && !ra_.const_bits(b, &bits)) {
    std::swap(a, b);
    c = swap_cond(c);
  }
  int32_t imm = 0;
  bool b_imm = const_i32(b, &imm, is64);
  Reg rb = b_imm ? ra::kNoReg : ra_.use(b);
  Reg ra0 = ra_.use(a);
  bool fused = fuse_with_next(i);
  Reg dst = fused ? ra::kNoReg : ra_.alloc(RegClass::kGp);
  if (b_imm && imm == 0 && (c == kEqual || c == kNotEqual)) a_->test_rr(ra0, ra0, is64);
  else if (b_imm) a_->alu_ri(AluOp::kCmp, ra0, imm, is64);
  else a_->alu_rr(AluOp::kCmp, ra0, rb, is64);
  ra_.release(a);
  ra_.release(b);
  compare_result(i, c, fused, dst);
}

void CodeGen::lower_int_unary(Inst i, const InstData& d) {
  Value a(d.a);
  Value res = Value::of_inst(i);
  Asm& as = *a_;
  switch (d.op) {
    case Opcode::kI32Eqz: case Opcode::kI64Eqz: {
      bool is64 = d.op == Opcode::kI64Eqz;
      Reg ra0 = ra_.use(a);
      bool fused = fuse_with_next(i);
      Reg dst = fused ? ra::kNoReg : ra_.alloc(RegClass::kGp);
      as.test_rr(ra0, ra0, is64);
      ra_.release(a);
      compare_result(i, kEqual, fused, dst);
      return;
    }
    case Opcode::kI32Clz: case Opcode::kI32Ctz: case Opcode::kI32Popcnt:
      lower_bitcount(i, d, false);
      return;
    case Opcode::kI64Clz: case Opcode::kI64Ctz: case Opcode::kI64Popcnt:
      lower_bitcount(i, d, true);
      return;
    case Opcode::kI64ExtendI32U: {
      // i32 values are kept zero-extended: the i64 shares the register.
      Reg ra0 = ra_.use(a);
      ra_.define(res, ra0);
      ra_.release(a);
      return;
    }
    default:
      break;
  }
  Reg ra0 = ra_.use(a);
  Reg dst = dst_for(a);
  switch (d.op) {
    case Opcode::kI32WrapI64: as.mov_rr(dst, ra0, false); break;
    case Opcode::kI64ExtendI32S: case Opcode::kI64Extend32S: as.movsxd(Asm::r64(dst), Asm::r32(ra0)); break;
    case Opcode::kI32Extend8S: as.movsx(Asm::r32(dst), Asm::r8(ra0)); break;
    case Opcode::kI32Extend16S: as.movsx(Asm::r32(dst), Xbyak::Reg16(ra0)); break;
    case Opcode::kI64Extend8S: as.movsx(Asm::r64(dst), Asm::r8(ra0)); break;
    case Opcode::kI64Extend16S: as.movsx(Asm::r64(dst), Xbyak::Reg16(ra0)); break;
    default: bailout(ErrorCode::kUnsupported, "unexpected integer unary operation"); break;
  }
  ra_.release(a);
  ra_.define(res, dst);
}

void CodeGen::lower_bitcount(Inst i, const InstData& d, bool is64) {
  Value a(d.a);
  Asm& as = *a_;
  Reg ra0 = ra_.use(a);
  Reg dst = dst_for(a);
  auto R = [&](Reg r) { return is64 ? Xbyak::Reg(Asm::r64(r)) : Xbyak::Reg(Asm::r32(r)); };
  const CpuFeatures& f = opt_.features;
  switch (d.op) {
    case Opcode::kI32Clz: case Opcode::kI64Clz:
      if (f.lzcnt) {
        as.lzcnt(R(dst), R(ra0));
      } else {
        // bsr gives the index of the top set bit; clz = index ^ (width-1); zero gives
        // 2*width-1 so that the xor yields width.
        as.mov(as.r11d, is64 ? 127 : 63);
        as.bsr(R(dst), R(ra0));
        as.cmovcc(kEqual, dst, kR11, is64);
        as.xor_(R(dst), is64 ? 63 : 31);
      }
      break;
    case Opcode::kI32Ctz: case Opcode::kI64Ctz:
      if (f.bmi1) {
        as.tzcnt(R(dst), R(ra0));
      } else {
        as.mov(as.r11d, is64 ? 64 : 32);
        as.bsf(R(dst), R(ra0));
        as.cmovcc(kEqual, dst, kR11, is64);
      }
      break;
    default:
      if (f.popcnt) {
        as.popcnt(R(dst), R(ra0));
      } else {
        // SWAR popcount: pairs, nibbles, bytes, then a multiply sums the bytes.
        as.mov(R(kR10), R(ra0));
        as.shr(R(kR10), 1);
        as.mov(as.r11, 0x5555555555555555ull);
        as.and_(R(kR10), R(kR11));
        if (dst != ra0) as.mov(R(dst), R(ra0));
        as.sub(R(dst), R(kR10));
        as.mov(as.r11, 0x3333333333333333ull);
        as.mov(R(kR10), R(dst));
        as.and_(R(kR10), R(kR11));
        as.shr(R(dst), 2);
        as.and_(R(dst), R(kR11));
        as.add(R(dst), R(kR10));
        as.mov(R(kR10), R(dst));
        as.shr(R(kR10), 4);
        as.add(R(dst), R(kR10));
        as.mov(as.r11, 0x0F0F0F0F0F0F0F0Full);
        as.and_(R(dst), R(kR11));
        as.mov(as.r11, 0x0101010101010101ull);
        as.imul(R(dst), R(kR11));
        as.shr(R(dst), is64 ? 56 : 24);
      }
      break;
  }
  ra_.release(a);
  ra_.define(Value::of_inst(i), dst);
}

}  // namespace wasmrust::x64
