// Every integer operation against the spec's semantics over edge-case operands, with the
// operands in registers, as immediates and both; plus the fallbacks for CPUs without
// LZCNT/TZCNT/POPCNT/BMI2.
#include "ops_common.h"

using namespace x64test;
using rt::TrapCode;

namespace {

uint64_t rotl(uint64_t x, unsigned k, unsigned w) {
  k &= w - 1;
  uint64_t m = w == 64 ? ~0ull : (1ull << w) - 1;
  x &= m;
  return k == 0 ? x : ((x << k) | (x >> (w - k))) & m;
}

Expect ref_i32(Opcode op, uint64_t a64, uint64_t b64) {
  uint32_t a = static_cast<uint32_t>(a64), b = static_cast<uint32_t>(b64);
  int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
  switch (op) {
    case Opcode::kI32Add: return bits_of(uint32_t(a + b));
    case Opcode::kI32Sub: return bits_of(uint32_t(a - b));
    case Opcode::kI32Mul: return bits_of(uint32_t(a * b));
    case Opcode::kI32DivS:
      if (b == 0) return trap_of(TrapCode::kIntegerDivideByZero);
      if (a == 0x80000000u && sb == -1) return trap_of(TrapCode::kIntegerOverflow);
      return bits_of(uint32_t(sa / sb));
    case Opcode::kI32DivU:
      if (b == 0) return trap_of(TrapCode::kIntegerDivideByZero);
      return bits_of(a / b);
    case Opcode::kI32RemS:
      if (b == 0) return trap_of(TrapCode::kIntegerDivideByZero);
      if (sb == -1) return bits_of(0);
      return bits_of(uint32_t(sa % sb));
    case Opcode::kI32RemU:
      if (b == 0) return trap_of(TrapCode::kIntegerDivideByZero);
      return bits_of(a % b);
    case Opcode::kI32And: return bits_of(a & b);
    case Opcode::kI32Or: return bits_of(a | b);
    case Opcode::kI32Xor: return bits_of(a ^ b);
    case Opcode::kI32Shl: return bits_of(uint32_t(a << (b & 31)));
    case Opcode::kI32ShrS: return bits_of(uint32_t(sa >> (b & 31)));
    case Opcode::kI32ShrU: return bits_of(a >> (b & 31));
    case Opcode::kI32Rotl: return bits_of(rotl(a, b, 32));
    case Opcode::kI32Rotr: return bits_of(rotl(a, (32 - (b & 31)) & 31, 32));
    case Opcode::kI32Eq: return bits_of(a == b);
    case Opcode::kI32Ne: return bits_of(a != b);
    case Opcode::kI32LtS: return bits_of(sa < sb);
    case Opcode::kI32LtU: return bits_of(a < b);
    case Opcode::kI32GtS: return bits_of(sa > sb);
    case Opcode::kI32GtU: return bits_of(a > b);
    case Opcode::kI32LeS: return bits_of(sa <= sb);
    case Opcode::kI32LeU: return bits_of(a <= b);
    case Opcode::kI32GeS: return bits_of(sa >= sb);
    case Opcode::kI32GeU: return bits_of(a >= b);
    default: FAIL("no reference"); return {};
  }
}

Expect ref_i64(Opcode op, uint64_t a, uint64_t b) {
  int64_t sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b);
  constexpr uint64_t kMin = 0x8000000000000000ull;
  switch (op) {
    case Opcode::kI64Add: return bits_of(a + b);
    case Opcode::kI64Sub: return bits_of(a - b);
    case Opcode::kI64Mul: return bits_of(a * b);
    case Opcode::kI64DivS:
      if (b == 0) return trap_of(TrapCode::kIntegerDivideByZero);
      if (a == kMin && sb == -1) return trap_of(TrapCode::kIntegerOverflow);
      return bits_of(uint64_t(sa / sb));
    case Opcode::kI64DivU:
      if (b == 0) return trap_of(TrapCode::kIntegerDivideByZero);
      return bits_of(a / b);
    case Opcode::kI64RemS:
      if (b == 0) return trap_of(TrapCode::kIntegerDivideByZero);
      if (sb == -1) return bits_of(0);
      return bits_of(uint64_t(sa % sb));
    case Opcode::kI64RemU:
      if (b == 0) return trap_of(TrapCode::kIntegerDivideByZero);
      return bits_of(a % b);
    case Opcode::kI64And: return bits_of(a & b);
    case Opcode::kI64Or: return bits_of(a | b);
    case Opcode::kI64Xor: return bits_of(a ^ b);
    case Opcode::kI64Shl: return bits_of(a << (b & 63));
    case Opcode::kI64ShrS: return bits_of(uint64_t(sa >> (b & 63)));
    case Opcode::kI64ShrU: return bits_of(a >> (b & 63));
    case Opcode::kI64Rotl: return bits_of(rotl(a, unsigned(b), 64));
    case Opcode::kI64Rotr: return bits_of(rotl(a, (64 - (b & 63)) & 63, 64));
    case Opcode::kI64Eq: return bits_of(a == b);
    case Opcode::kI64Ne: return bits_of(a != b);
    case Opcode::kI64LtS: return bits_of(sa < sb);
    case Opcode::kI64LtU: return bits_of(a < b);
    case Opcode::kI64GtS: return bits_of(sa > sb);
    case Opcode::kI64GtU: return bits_of(a > b);
    case Opcode::kI64LeS: return bits_of(sa <= sb);
    case Opcode::kI64LeU: return bits_of(a <= b);
    case Opcode::kI64GeS: return bits_of(sa >= sb);
    case Opcode::kI64GeU: return bits_of(a >= b);
    default: FAIL("no reference"); return {};
  }
}

Expect ref_unary(Opcode op, uint64_t a) {
  uint32_t a32 = static_cast<uint32_t>(a);
  switch (op) {
    case Opcode::kI32Eqz: return bits_of(a32 == 0);
    case Opcode::kI64Eqz: return bits_of(a == 0);
    case Opcode::kI32Clz: return bits_of(std::countl_zero(a32));
    case Opcode::kI32Ctz: return bits_of(std::countr_zero(a32));
    case Opcode::kI32Popcnt: return bits_of(std::popcount(a32));
    case Opcode::kI64Clz: return bits_of(std::countl_zero(a));
    case Opcode::kI64Ctz: return bits_of(std::countr_zero(a));
    case Opcode::kI64Popcnt: return bits_of(std::popcount(a));
    case Opcode::kI32Extend8S: return bits_of(uint32_t(int32_t(int8_t(a32))));
    case Opcode::kI32Extend16S: return bits_of(uint32_t(int32_t(int16_t(a32))));
    case Opcode::kI64Extend8S: return bits_of(uint64_t(int64_t(int8_t(a))));
    case Opcode::kI64Extend16S: return bits_of(uint64_t(int64_t(int16_t(a))));
    case Opcode::kI64Extend32S: return bits_of(uint64_t(int64_t(int32_t(a))));
    case Opcode::kI32WrapI64: return bits_of(a32);
    case Opcode::kI64ExtendI32S: return bits_of(uint64_t(int64_t(int32_t(a32))));
    case Opcode::kI64ExtendI32U: return bits_of(a32);
    default: FAIL("no reference"); return {};
  }
}

const Opcode kI32Binary[] = {
    Opcode::kI32Add, Opcode::kI32Sub, Opcode::kI32Mul, Opcode::kI32DivS, Opcode::kI32DivU, Opcode::kI32RemS,
    Opcode::kI32RemU, Opcode::kI32And, Opcode::kI32Or, Opcode::kI32Xor, Opcode::kI32Shl, Opcode::kI32ShrS,
    Opcode::kI32ShrU, Opcode::kI32Rotl, Opcode::kI32Rotr, Opcode::kI32Eq, Opcode::kI32Ne, Opcode::kI32LtS,
    Opcode::kI32LtU, Opcode::kI32GtS, Opcode::kI32GtU, Opcode::kI32LeS, Opcode::kI32LeU, Opcode::kI32GeS,
    Opcode::kI32GeU};
const Opcode kI64Binary[] = {
    Opcode::kI64Add, Opcode::kI64Sub, Opcode::kI64Mul, Opcode::kI64DivS, Opcode::kI64DivU, Opcode::kI64RemS,
    Opcode::kI64RemU, Opcode::kI64And, Opcode::kI64Or, Opcode::kI64Xor, Opcode::kI64Shl, Opcode::kI64ShrS,
    Opcode::kI64ShrU, Opcode::kI64Rotl, Opcode::kI64Rotr, Opcode::kI64Eq, Opcode::kI64Ne, Opcode::kI64LtS,
    Opcode::kI64LtU, Opcode::kI64GtS, Opcode::kI64GtU, Opcode::kI64LeS, Opcode::kI64LeU, Opcode::kI64GeS,
    Opcode::kI64GeU};

struct UnaryCase {
  Opcode op;
  Type at, rt;
};
const UnaryCase kIntUnary[] = {
    {Opcode::kI32Eqz, Type::kI32, Type::kI32},       {Opcode::kI64Eqz, Type::kI64, Type::kI32},
    {Opcode::kI32Clz, Type::kI32, Type::kI32},       {Opcode::kI32Ctz, Type::kI32, Type::kI32},
    {Opcode::kI32Popcnt, Type::kI32, Type::kI32},    {Opcode::kI64Clz, Type::kI64, Type::kI64},
    {Opcode::kI64Ctz, Type::kI64, Type::kI64},       {Opcode::kI64Popcnt, Type::kI64, Type::kI64},
    {Opcode::kI32Extend8S, Type::kI32, Type::kI32},  {Opcode::kI32Extend16S, Type::kI32, Type::kI32},
    {Opcode::kI64Extend8S, Type::kI64, Type::kI64},  {Opcode::kI64Extend16S, Type::kI64, Type::kI64},
    {Opcode::kI64Extend32S, Type::kI64, Type::kI64}, {Opcode::kI32WrapI64, Type::kI64, Type::kI32},
    {Opcode::kI64ExtendI32S, Type::kI32, Type::kI64}, {Opcode::kI64ExtendI32U, Type::kI32, Type::kI64},
};

}  // namespace

TEST_CASE("i32 binary operations") {
  for (Opcode op : kI32Binary) {
    DYNAMIC_SECTION(opcode_name(op)) { run_binary(op, Type::kI32, Type::kI32, ref_i32); }
  }
}

TEST_CASE("i64 binary operations") {
  for (Opcode op : kI64Binary) {
    bool cmp = op_info(op).result == OpType::I32;
    DYNAMIC_SECTION(opcode_name(op)) { run_binary(op, Type::kI64, cmp ? Type::kI32 : Type::kI64, ref_i64); }
  }
}

TEST_CASE("integer unary operations, wrap and extend") {
  for (const UnaryCase& c : kIntUnary) {
    DYNAMIC_SECTION(opcode_name(c.op)) { run_unary(c.op, c.at, c.rt, ref_unary); }
  }
}

TEST_CASE("integer fallbacks without LZCNT, TZCNT, POPCNT, BMI2") {
  x64::Options opt;
  opt.features = x64::CpuFeatures::none();
  for (const UnaryCase& c : kIntUnary) {
    DYNAMIC_SECTION(opcode_name(c.op)) { run_unary(c.op, c.at, c.rt, ref_unary, opt); }
  }
  for (Opcode op : {Opcode::kI32Shl, Opcode::kI32ShrS, Opcode::kI32ShrU}) {
    DYNAMIC_SECTION(opcode_name(op)) { run_binary(op, Type::kI32, Type::kI32, ref_i32, opt); }
  }
  for (Opcode op : {Opcode::kI64Shl, Opcode::kI64ShrS, Opcode::kI64ShrU}) {
    DYNAMIC_SECTION(opcode_name(op)) { run_binary(op, Type::kI64, Type::kI64, ref_i64, opt); }
  }
}
