// Loads and stores of every width with offsets (including offsets >= 2^31), out-of-bounds
// traps at the exact boundary in guard and explicit-check mode, a second memory,
// memory.size/grow, and the bulk operations through the runtime.
#include "ops_common.h"

using namespace x64test;
using rt::TrapCode;

namespace {

struct Access {
  Opcode load, store;
  Type t;
  uint32_t bytes;
  bool sign;
};
const Access kAccesses[] = {
    {Opcode::kI32Load, Opcode::kI32Store, Type::kI32, 4, false},
    {Opcode::kI64Load, Opcode::kI64Store, Type::kI64, 8, false},
    {Opcode::kF32Load, Opcode::kF32Store, Type::kF32, 4, false},
    {Opcode::kF64Load, Opcode::kF64Store, Type::kF64, 8, false},
    {Opcode::kI32Load8S, Opcode::kI32Store8, Type::kI32, 1, true},
    {Opcode::kI32Load8U, Opcode::kI32Store8, Type::kI32, 1, false},
    {Opcode::kI32Load16S, Opcode::kI32Store16, Type::kI32, 2, true},
    {Opcode::kI32Load16U, Opcode::kI32Store16, Type::kI32, 2, false},
    {Opcode::kI64Load8S, Opcode::kI64Store8, Type::kI64, 1, true},
    {Opcode::kI64Load8U, Opcode::kI64Store8, Type::kI64, 1, false},
    {Opcode::kI64Load16S, Opcode::kI64Store16, Type::kI64, 2, true},
    {Opcode::kI64Load16U, Opcode::kI64Store16, Type::kI64, 2, false},
    {Opcode::kI64Load32S, Opcode::kI64Store32, Type::kI64, 4, true},
    {Opcode::kI64Load32U, Opcode::kI64Store32, Type::kI64, 4, false},
};

uint64_t extend(uint64_t bits, const Access& a) {
  if (a.bytes == 8 || (a.bytes == 4 && a.t == Type::kI32) || a.t == Type::kF32) return bits;
  uint64_t m = (uint64_t{1} << (8 * a.bytes)) - 1;
  uint64_t v = bits & m;
  if (a.sign && (v >> (8 * a.bytes - 1))) v |= ~m;
  if (a.t == Type::kI32) v &= 0xFFFFFFFFu;
  return v;
}

void ret1(FunctionBody& f, Value v) {
  Value r[] = {v};
  f.ret(r);
}

// load_<k>_<off>(addr) and store_<k>_<off>(addr, v) for every access kind and offset;
// constant-address variants for address {ca}.
void build_accessors(Harness& h, uint32_t mem, const std::vector<uint64_t>& offsets) {
  for (size_t k = 0; k < std::size(kAccesses); ++k) {
    const Access& a = kAccesses[k];
    uint32_t tl = h.type({Type::kI32}, {a.t});
    uint32_t ts = h.type({Type::kI32, a.t}, {});
    for (size_t o = 0; o < offsets.size(); ++o) {
      ir::MemArg m{mem, offsets[o], 0, 0};
      std::string sfx = std::to_string(k) + "_" + std::to_string(o);
      FunctionBody& l = h.func(tl, std::string("load_").append(sfx));
      ret1(l, l.load(a.load, a.t, l.local_get(Local(0)), m));
      FunctionBody& s = h.func(ts, std::string("store_").append(sfx));
      s.store(a.store, s.local_get(Local(0)), s.local_get(Local(1)), m);
      s.ret({});
    }
  }
}

void check_accesses(rt::BoundsMode mode) {
  Harness h(mode);
  h.memory(1, 3);
  const std::vector<uint64_t> offsets = {0, 1, 7, 65535, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
  build_accessors(h, 0, offsets);
  h.instantiate();
  const uint64_t pattern = 0x8192A3B4C5D6E7F8ull;
  RawVal res[2];
  for (size_t k = 0; k < std::size(kAccesses); ++k) {
    const Access& a = kAccesses[k];
    for (size_t o = 0; o < offsets.size(); ++o) {
      std::string sfx = std::to_string(k) + "_" + std::to_string(o);
      uint64_t off = offsets[o];
      // addresses around the end of the 64 KiB memory
      for (uint64_t addr : {uint64_t{0}, uint64_t{3}, uint64_t{100}, 65536 - a.bytes - off, 65536 - a.bytes + 1 - off,
                            uint64_t{65536}, uint64_t{0xFFFFFFFF}, uint64_t{0x80000000}}) {
        if (addr > 0xFFFFFFFF) continue;
        bool in_bounds = addr + off + a.bytes <= 65536;
        INFO(opcode_name(a.store) << "/" << opcode_name(a.load) << " addr=" << addr << " offset=" << off);
        Status st = h.call(std::string("store_").append(sfx), {rv_i32(uint32_t(addr)), raw_of(a.t, pattern)}, res);
        if (!in_bounds) {
          REQUIRE_FALSE(st.ok());
          CHECK(int(st.error().trap) == int(TrapCode::kMemoryOutOfBounds));
          st = h.call(std::string("load_").append(sfx), {rv_i32(uint32_t(addr))}, res);
          REQUIRE_FALSE(st.ok());
          CHECK(int(st.error().trap) == int(TrapCode::kMemoryOutOfBounds));
          continue;
        }
        REQUIRE(st.ok());
        st = h.call(std::string("load_").append(sfx), {rv_i32(uint32_t(addr))}, res);
        REQUIRE(st.ok());
        uint64_t stored = a.t == Type::kI32 || a.t == Type::kF32 ? pattern & 0xFFFFFFFFu : pattern;
        CHECK(bits_from(a.t, res[0]) == extend(stored, a));
      }
    }
  }
}

}  // namespace

TEST_CASE("loads and stores in guard mode") { check_accesses(rt::BoundsMode::kGuard); }
TEST_CASE("loads and stores in explicit-check mode") { check_accesses(rt::BoundsMode::kExplicit); }

TEST_CASE("constant addresses, constant values and a second memory") {
  for (auto mode : {rt::BoundsMode::kGuard, rt::BoundsMode::kExplicit}) {
    Harness h(mode);
    h.memory(1);
    h.memory(2);
    uint32_t t = h.type({}, {Type::kI64});
    uint32_t tv = h.type({}, {});
    // store constants at constant addresses in memory 1, read them back
    FunctionBody& s = h.func(tv, "store");
    s.store(Opcode::kI64Store, s.i32_const(65536 + 8), s.i64_const(0x1122334455667788ull), ir::MemArg{1, 8, 3, 0});
    s.store(Opcode::kI32Store8, s.i32_const(3), s.i32_const(0x1FF), ir::MemArg{1, 0, 0, 0});
    s.store(Opcode::kI64Store, s.i32_const(16), s.i64_const(-2), ir::MemArg{1, 0, 3, 0});
    s.store(Opcode::kI32Store, s.i32_const(0), s.i32_const(0xDEADBEEF), ir::MemArg{0, 0, 2, 0});
    s.ret({});
    FunctionBody& l = h.func(t, "load");
    Value a = l.load(Opcode::kI64Load, Type::kI64, l.i32_const(65536), ir::MemArg{1, 16, 3, 0});
    Value b = l.load(Opcode::kI64Load8U, Type::kI64, l.i32_const(3), ir::MemArg{1, 0, 0, 0});
    Value c = l.load(Opcode::kI64Load, Type::kI64, l.i32_const(16), ir::MemArg{1, 0, 3, 0});
    Value d = l.load(Opcode::kI64Load32U, Type::kI64, l.i32_const(0), ir::MemArg{0, 0, 2, 0});
    Value sum = l.binary(Opcode::kI64Add, Type::kI64, l.binary(Opcode::kI64Add, Type::kI64, a, b),
                         l.binary(Opcode::kI64Xor, Type::kI64, c, d));
    ret1(l, sum);
    FunctionBody& oob = h.func(tv, "oob");
    oob.store(Opcode::kI32Store, oob.i32_const(65536), oob.i32_const(1), ir::MemArg{0, 0, 2, 0});
    oob.ret({});
    FunctionBody& oob1 = h.func(tv, "oob1");
    oob1.store(Opcode::kI32Store, oob1.i32_const(131068), oob1.i32_const(1), ir::MemArg{1, 1, 2, 0});
    oob1.ret({});
    h.call_ok("store", {});
    uint64_t expect = 0x1122334455667788ull + 0xFF + (uint64_t(-2) ^ 0xDEADBEEFull);
    CHECK(h.call_ok("load", {}).i64 == expect);
    CHECK(int(h.call_trap("oob", {})) == int(TrapCode::kMemoryOutOfBounds));
    CHECK(int(h.call_trap("oob1", {})) == int(TrapCode::kMemoryOutOfBounds));
  }
}

TEST_CASE("memory.size and memory.grow") {
  for (auto mode : {rt::BoundsMode::kGuard, rt::BoundsMode::kExplicit}) {
    Harness h(mode);
    h.memory(1, 4);
    uint32_t tg = h.type({Type::kI32}, {Type::kI32});
    uint32_t ts = h.type({}, {Type::kI32});
    FunctionBody& s = h.func(ts, "size");
    ret1(s, Value::of_inst(s.simple(Opcode::kMemorySize, Type::kI32, 0)));
    FunctionBody& g2 = h.func(tg, "grow2");
    Value old = Value::of_inst(g2.simple(Opcode::kMemoryGrow, Type::kI32, g2.local_get(Local(0)).index, 0));
    // touch the last byte of the grown memory (traps if the grow did not take)
    Value sz = Value::of_inst(g2.simple(Opcode::kMemorySize, Type::kI32, 0));
    Value last = g2.binary(Opcode::kI32Sub, Type::kI32, g2.binary(Opcode::kI32Shl, Type::kI32, sz, g2.i32_const(16)),
                           g2.i32_const(1));
    g2.store(Opcode::kI32Store8, last, g2.i32_const(7), ir::MemArg{0, 0, 0, 0});
    ret1(g2, old);
    FunctionBody& rd = h.func(tg, "read8");
    ret1(rd, rd.load(Opcode::kI32Load8U, Type::kI32, rd.local_get(Local(0)), ir::MemArg{0, 0, 0, 0}));
    CHECK(h.call_ok("size", {}).i32 == 1);
    CHECK(h.call_ok("grow2", {rv_i32(1)}).i32 == 1);
    CHECK(h.call_ok("size", {}).i32 == 2);
    CHECK(h.call_ok("read8", {rv_i32(131071)}).i32 == 7);
    CHECK(int(h.call_trap("read8", {rv_i32(131072)})) == int(TrapCode::kMemoryOutOfBounds));
    CHECK(h.call_ok("grow2", {rv_i32(2)}).i32 == 2);
    CHECK(h.call_ok("size", {}).i32 == 4);
    CHECK(h.call_ok("grow2", {rv_i32(1)}).i32 == 0xFFFFFFFFu);  // at the maximum: -1
    CHECK(h.call_ok("size", {}).i32 == 4);
  }
}
