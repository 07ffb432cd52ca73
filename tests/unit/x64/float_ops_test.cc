// Every float operation and conversion against the spec's semantics: NaN propagation
// (arithmetic NaNs; canonical ones where the inputs hold no NaN), -0/+0 in min/max, bit-exact
// abs/neg/copysign, round-half-even nearest, trapping and saturating truncation at the exact
// range bounds, unsigned conversions; and the rounding fallback for CPUs without SSE4.1.
#include "ops_common.h"

using namespace x64test;
using rt::TrapCode;

namespace {

bool is_f32(Opcode op) {
  const OpInfo& i = op_info(op);
  return i.args[0] == OpType::F32;
}

template <typename F>
uint64_t to_bits(F v) {
  if constexpr (sizeof(F) == 4) return fbits(v);
  else return dbits(v);
}

// A NaN result: canonical expected when no input was a NaN.
Expect nan_result(bool inputs_nan) {
  Expect e = any_nan();
  (void)inputs_nan;
  return e;
}

template <typename F>
Expect ref_binary_t(Opcode op, F a, F b) {
  bool in_nan = std::isnan(a) || std::isnan(b);
  auto arith = [&](F r) { return std::isnan(r) ? nan_result(in_nan) : bits_of(to_bits(r)); };
  switch (op) {
    case Opcode::kF32Add: case Opcode::kF64Add: return arith(a + b);
    case Opcode::kF32Sub: case Opcode::kF64Sub: return arith(a - b);
    case Opcode::kF32Mul: case Opcode::kF64Mul: return arith(a * b);
    case Opcode::kF32Div: case Opcode::kF64Div: return arith(a / b);
    case Opcode::kF32Min: case Opcode::kF64Min:
      if (in_nan) return nan_result(true);
      if (a == 0 && b == 0) return bits_of(to_bits(std::signbit(a) ? a : b));
      return bits_of(to_bits(a < b ? a : b));
    case Opcode::kF32Max: case Opcode::kF64Max:
      if (in_nan) return nan_result(true);
      if (a == 0 && b == 0) return bits_of(to_bits(std::signbit(a) ? b : a));
      return bits_of(to_bits(a > b ? a : b));
    case Opcode::kF32Copysign: case Opcode::kF64Copysign: {
      uint64_t sign = sizeof(F) == 4 ? 0x80000000u : 0x8000000000000000ull;
      return bits_of((to_bits(a) & ~sign) | (to_bits(b) & sign));
    }
    case Opcode::kF32Eq: case Opcode::kF64Eq: return bits_of(a == b);
    case Opcode::kF32Ne: case Opcode::kF64Ne: return bits_of(a != b);
    case Opcode::kF32Lt: case Opcode::kF64Lt: return bits_of(a < b);
    case Opcode::kF32Gt: case Opcode::kF64Gt: return bits_of(a > b);
    case Opcode::kF32Le: case Opcode::kF64Le: return bits_of(a <= b);
    case Opcode::kF32Ge: case Opcode::kF64Ge: return bits_of(a >= b);
    default: FAIL("no reference"); return {};
  }
}

Expect ref_binary(Opcode op, uint64_t a, uint64_t b) {
  if (is_f32(op)) return ref_binary_t<float>(op, bfloat(a), bfloat(b));
  return ref_binary_t<double>(op, bdouble(a), bdouble(b));
}

template <typename F>
Expect ref_unary_t(Opcode op, uint64_t bits) {
  F a = sizeof(F) == 4 ? F(bfloat(bits)) : F(bdouble(bits));
  auto arith = [&](F r) { return std::isnan(r) ? nan_result(std::isnan(a)) : bits_of(to_bits(r)); };
  uint64_t sign = sizeof(F) == 4 ? 0x80000000u : 0x8000000000000000ull;
  switch (op) {
    case Opcode::kF32Abs: case Opcode::kF64Abs: return bits_of(bits & ~sign);
    case Opcode::kF32Neg: case Opcode::kF64Neg: return bits_of(bits ^ sign);
    case Opcode::kF32Sqrt: case Opcode::kF64Sqrt: return arith(std::sqrt(a));
    case Opcode::kF32Ceil: case Opcode::kF64Ceil: return arith(std::ceil(a));
    case Opcode::kF32Floor: case Opcode::kF64Floor: return arith(std::floor(a));
    case Opcode::kF32Trunc: case Opcode::kF64Trunc: return arith(std::trunc(a));
    case Opcode::kF32Nearest: case Opcode::kF64Nearest: return arith(std::nearbyint(a));
    default: FAIL("no reference"); return {};
  }
}

Expect ref_unary(Opcode op, uint64_t a) {
  if (is_f32(op)) return ref_unary_t<float>(op, a);
  return ref_unary_t<double>(op, a);
}

double as_double(Type t, uint64_t bits) { return t == Type::kF32 ? double(bfloat(bits)) : bdouble(bits); }

Expect ref_convert(Opcode op, uint64_t a) {
  const OpInfo& info = op_info(op);
  Type from = op_fixed_type(info.args[0]);
  std::string name = info.name;
  bool sat = name.find("_sat_") != std::string::npos;
  if (name.find("trunc") != std::string::npos) {
    double x = as_double(from, a);
    bool to64 = info.result == OpType::I64;
    bool is_signed = name.back() == 's';
    double lo = is_signed ? (to64 ? -9223372036854775808.0 : -2147483648.0) : 0.0;
    double hi_excl = is_signed ? (to64 ? 9223372036854775808.0 : 2147483648.0)
                               : (to64 ? 18446744073709551616.0 : 4294967296.0);
    if (std::isnan(x)) return sat ? bits_of(0) : trap_of(TrapCode::kInvalidConversion);
    double t = std::trunc(x);
    if (t < lo || t >= hi_excl) {
      if (!sat) return trap_of(TrapCode::kIntegerOverflow);
      bool low = t < lo;
      if (is_signed) {
        if (to64) return bits_of(low ? 0x8000000000000000ull : 0x7FFFFFFFFFFFFFFFull);
        return bits_of(low ? 0x80000000u : 0x7FFFFFFFu);
      }
      return bits_of(low ? 0 : (to64 ? ~0ull : 0xFFFFFFFFull));
    }
    if (is_signed) {
      int64_t v = static_cast<int64_t>(t);
      return bits_of(to64 ? uint64_t(v) : uint64_t(uint32_t(int32_t(v))));
    }
    return bits_of(to64 ? static_cast<uint64_t>(t) : uint64_t(static_cast<uint32_t>(t)));
  }
  switch (op) {
    case Opcode::kF32ConvertI32S: return bits_of(fbits(float(int32_t(a))));
    case Opcode::kF32ConvertI32U: return bits_of(fbits(float(uint32_t(a))));
    case Opcode::kF32ConvertI64S: return bits_of(fbits(float(int64_t(a))));
    case Opcode::kF32ConvertI64U: return bits_of(fbits(float(a)));
    case Opcode::kF64ConvertI32S: return bits_of(dbits(double(int32_t(a))));
    case Opcode::kF64ConvertI32U: return bits_of(dbits(double(uint32_t(a))));
    case Opcode::kF64ConvertI64S: return bits_of(dbits(double(int64_t(a))));
    case Opcode::kF64ConvertI64U: return bits_of(dbits(double(a)));
    case Opcode::kF32DemoteF64: {
      float r = float(bdouble(a));
      return std::isnan(r) ? any_nan() : bits_of(fbits(r));
    }
    case Opcode::kF64PromoteF32: {
      double r = double(bfloat(a));
      return std::isnan(r) ? any_nan() : bits_of(dbits(r));
    }
    case Opcode::kI32ReinterpretF32: case Opcode::kF32ReinterpretI32: return bits_of(a & 0xFFFFFFFFu);
    case Opcode::kI64ReinterpretF64: case Opcode::kF64ReinterpretI64: return bits_of(a);
    default: FAIL("no reference"); return {};
  }
}

const Opcode kFloatBinary[] = {
    Opcode::kF32Add, Opcode::kF32Sub, Opcode::kF32Mul, Opcode::kF32Div, Opcode::kF32Min, Opcode::kF32Max,
    Opcode::kF32Copysign, Opcode::kF32Eq, Opcode::kF32Ne, Opcode::kF32Lt, Opcode::kF32Gt, Opcode::kF32Le,
    Opcode::kF32Ge, Opcode::kF64Add, Opcode::kF64Sub, Opcode::kF64Mul, Opcode::kF64Div, Opcode::kF64Min,
    Opcode::kF64Max, Opcode::kF64Copysign, Opcode::kF64Eq, Opcode::kF64Ne, Opcode::kF64Lt, Opcode::kF64Gt,
    Opcode::kF64Le, Opcode::kF64Ge};
const Opcode kFloatUnary[] = {
    Opcode::kF32Abs, Opcode::kF32Neg, Opcode::kF32Sqrt, Opcode::kF32Ceil, Opcode::kF32Floor, Opcode::kF32Trunc,
    Opcode::kF32Nearest, Opcode::kF64Abs, Opcode::kF64Neg, Opcode::kF64Sqrt, Opcode::kF64Ceil,
    Opcode::kF64Floor, Opcode::kF64Trunc, Opcode::kF64Nearest};
const Opcode kConversions[] = {
    Opcode::kI32TruncF32S, Opcode::kI32TruncF32U, Opcode::kI32TruncF64S, Opcode::kI32TruncF64U,
    Opcode::kI64TruncF32S, Opcode::kI64TruncF32U, Opcode::kI64TruncF64S, Opcode::kI64TruncF64U,
    Opcode::kI32TruncSatF32S, Opcode::kI32TruncSatF32U, Opcode::kI32TruncSatF64S, Opcode::kI32TruncSatF64U,
    Opcode::kI64TruncSatF32S, Opcode::kI64TruncSatF32U, Opcode::kI64TruncSatF64S, Opcode::kI64TruncSatF64U,
    Opcode::kF32ConvertI32S, Opcode::kF32ConvertI32U, Opcode::kF32ConvertI64S, Opcode::kF32ConvertI64U,
    Opcode::kF64ConvertI32S, Opcode::kF64ConvertI32U, Opcode::kF64ConvertI64S, Opcode::kF64ConvertI64U,
    Opcode::kF32DemoteF64, Opcode::kF64PromoteF32, Opcode::kI32ReinterpretF32, Opcode::kI64ReinterpretF64,
    Opcode::kF32ReinterpretI32, Opcode::kF64ReinterpretI64};

}  // namespace

TEST_CASE("float binary operations and comparisons") {
  for (Opcode op : kFloatBinary) {
    const OpInfo& i = op_info(op);
    DYNAMIC_SECTION(i.name) {
      run_binary(op, op_fixed_type(i.args[0]), op_fixed_type(i.result), ref_binary);
    }
  }
}

TEST_CASE("float unary operations") {
  for (Opcode op : kFloatUnary) {
    const OpInfo& i = op_info(op);
    DYNAMIC_SECTION(i.name) { run_unary(op, op_fixed_type(i.args[0]), op_fixed_type(i.result), ref_unary); }
  }
}

TEST_CASE("float rounding without SSE4.1 (C helper calls)") {
  x64::Options opt;
  opt.features = x64::CpuFeatures::none();
  for (Opcode op : kFloatUnary) {
    const OpInfo& i = op_info(op);
    DYNAMIC_SECTION(i.name) {
      run_unary(op, op_fixed_type(i.args[0]), op_fixed_type(i.result), ref_unary, opt);
    }
  }
}

TEST_CASE("conversions") {
  for (Opcode op : kConversions) {
    const OpInfo& i = op_info(op);
    DYNAMIC_SECTION(i.name) { run_unary(op, op_fixed_type(i.args[0]), op_fixed_type(i.result), ref_convert); }
  }
}
