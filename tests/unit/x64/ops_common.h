// Shared machinery of the per-operation tests: reference semantics (the spec's, written in
// C++), operand sets with the spec's edge cases, and builders that compile one operation
// with its operands in registers, as constants, or mixed (so immediate forms are covered).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "harness.h"
#include "runtime/trap.h"

namespace x64test {

/// A result: bits, or a trap code; {nan} asks only for an arithmetic NaN of the type.
struct Expect {
  uint64_t bits = 0;
  uint8_t trap = 0;
  bool nan = false;
};
inline Expect trap_of(rt::TrapCode c) { return Expect{0, static_cast<uint8_t>(c), false}; }
inline Expect bits_of(uint64_t b) { return Expect{b, 0, false}; }
inline Expect any_nan() { return Expect{0, 0, true}; }

inline uint32_t fbits(float f) { return std::bit_cast<uint32_t>(f); }
inline uint64_t dbits(double d) { return std::bit_cast<uint64_t>(d); }
inline float bfloat(uint64_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b)); }
inline double bdouble(uint64_t b) { return std::bit_cast<double>(b); }

inline std::vector<uint64_t> i32_inputs() {
  return {0, 1, 2, 3, 5, 31, 32, 33, 100, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF, 0xFFFFFFFE,
          0x12345678, 0xFFFF0000, 0x0000FFFF, 0x00800000};
}
inline std::vector<uint64_t> i64_inputs() {
  return {0, 1, 2, 3, 63, 64, 65, 0x7FFFFFFFull, 0x80000000ull, 0xFFFFFFFFull, 0x100000000ull,
          0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull, 0x8000000000000001ull, ~0ull, ~1ull,
          0x123456789ABCDEF0ull, 0xFFFFFFFF80000000ull, 0x00FF00FF00FF00FFull};
}
inline std::vector<uint64_t> f32_inputs() {
  std::vector<float> v = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 3.5f, 0.49999997f,
                          1e30f, -1e30f, 2147483520.0f, 2147483648.0f, -2147483648.0f, -2147483904.0f,
                          4294967040.0f, 4294967296.0f, 9.2233715e18f, 9.223372e18f, -9.223372e18f,
                          1.8446743e19f, 1.8446744e19f, -0.99999994f,
                          std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                          std::numeric_limits<float>::max(), std::numeric_limits<float>::denorm_min(),
                          -std::numeric_limits<float>::denorm_min(), 8388609.0f};
  std::vector<uint64_t> out;
  for (float f : v) out.push_back(fbits(f));
  out.push_back(0x7FC00000);  // canonical NaN
  out.push_back(0xFFC00000);  // negative NaN
  out.push_back(0x7FA00001);  // signaling NaN with payload
  out.push_back(0x7FC12345);  // quiet NaN with payload
  return out;
}
inline std::vector<uint64_t> f64_inputs() {
  std::vector<double> v = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, 0.49999999999999994,
                           1e300, -1e300, 2147483647.0, 2147483647.9, 2147483648.0, -2147483648.0,
                           -2147483648.9, -2147483649.0, 4294967295.0, 4294967295.9, 4294967296.0,
                           9223372036854774784.0, 9223372036854775808.0, -9223372036854775808.0,
                           -9223372036854777856.0, 18446744073709549568.0, 18446744073709551616.0,
                           -0.9999999999999999, 4503599627370497.0,
                           std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min(),
                           -std::numeric_limits<double>::denorm_min()};
  std::vector<uint64_t> out;
  for (double d : v) out.push_back(dbits(d));
  out.push_back(0x7FF8000000000000ull);
  out.push_back(0xFFF8000000000000ull);
  out.push_back(0x7FF4000000000001ull);
  out.push_back(0x7FF8000000012345ull);
  return out;
}

inline std::vector<uint64_t> inputs_for(Type t) {
  switch (t) {
    case Type::kI32: return i32_inputs();
    case Type::kI64: return i64_inputs();
    case Type::kF32: return f32_inputs();
    default: return f64_inputs();
  }
}

inline RawVal raw_of(Type t, uint64_t bits) {
  RawVal r{};
  if (t == Type::kI32 || t == Type::kF32) r.i32 = static_cast<uint32_t>(bits);
  else r.i64 = bits;
  return r;
}
inline uint64_t bits_from(Type t, const RawVal& r) {
  return (t == Type::kI32 || t == Type::kF32) ? r.i32 : r.i64;
}
inline Value const_of(FunctionBody& f, Type t, uint64_t bits) {
  switch (t) {
    case Type::kI32: return f.i32_const(static_cast<uint32_t>(bits));
    case Type::kI64: return f.i64_const(bits);
    case Type::kF32: return f.f32_const(static_cast<uint32_t>(bits));
    default: return f.f64_const(bits);
  }
}
inline bool is_nan_bits(Type t, uint64_t b) {
  return t == Type::kF32 ? std::isnan(bfloat(b)) : t == Type::kF64 ? std::isnan(bdouble(b)) : false;
}
/// Arithmetic NaN: a NaN with the quiet bit set (canonical NaNs are a special case).
inline bool is_arith_nan(Type t, uint64_t b) {
  if (t == Type::kF32) return std::isnan(bfloat(b)) && (b & 0x00400000);
  return std::isnan(bdouble(b)) && (b & 0x0008000000000000ull);
}

inline std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

/// Checks one result against its expectation.
inline void check_result(const std::string& what, Type rt_, const Status& st, const RawVal& r, const Expect& e) {
  INFO(what);
  if (e.trap) {
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().code == ErrorCode::kTrap);
    CHECK(int(st.error().trap) == int(e.trap));
    return;
  }
  if (!st.ok()) FAIL("unexpected error: " << st.error().to_string());
  uint64_t got = bits_from(rt_, r);
  if (e.nan) {
    INFO("got " << hex(got));
    CHECK(is_arith_nan(rt_, got));
  } else {
    CHECK(got == e.bits);
  }
}

using UnaryRef = Expect (*)(Opcode, uint64_t);
using BinaryRef = Expect (*)(Opcode, uint64_t, uint64_t);

/// Runs binary {op} (operand type {at}, result {rt}) over every pair of inputs: operands in
/// registers, left constant, right constant, both constant.
void run_binary(Opcode op, Type at, Type rt, BinaryRef ref, x64::Options opt = x64::Options());
/// Runs unary {op} over every input: in a register and as a constant.
void run_unary(Opcode op, Type at, Type rt, UnaryRef ref, x64::Options opt = x64::Options());

}  // namespace x64test
