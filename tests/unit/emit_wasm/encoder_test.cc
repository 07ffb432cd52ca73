// Golden bytes of the .wasm emitter: sections, instructions and immediates, and the
// structured shapes of small CFGs (expected hex beside the IR that produces it).
#include <catch2/catch.hpp>

#include "emit/wasm/byte_writer.h"
#include "emit/wasm/emit_wasm.h"
#include "emit/wasm/inst_writer.h"
#include "harness.h"

using namespace wasmrust;
using namespace wasmrust::ir;
using wasmrust::test::add_func;
using wasmrust::test::hex;
using wasmrust::test::hex_sections;

namespace {
std::vector<uint8_t> encode(const Module& m, emit::EmitOptions o = {}) {
  auto r = emit::emit_wasm(m, o);
  REQUIRE(r.ok());
  return r.value();
}
std::string leb_u(uint64_t v) {
  emit::ByteWriter w;
  w.u64(v);
  return hex(w.take());
}
std::string leb_s(int64_t v) {
  emit::ByteWriter w;
  w.s64(v);
  return hex(w.take());
}
}  // namespace

TEST_CASE("LEB128 encodings are minimal") {
  CHECK(leb_u(0) == "00");
  CHECK(leb_u(127) == "7f");
  CHECK(leb_u(128) == "8001");
  CHECK(leb_u(624485) == "e58e26");
  CHECK(leb_u(0xFFFFFFFFu) == "ffffffff0f");
  CHECK(leb_s(0) == "00");
  CHECK(leb_s(-1) == "7f");
  CHECK(leb_s(63) == "3f");
  CHECK(leb_s(64) == "c000");
  CHECK(leb_s(-64) == "40");
  CHECK(leb_s(-65) == "bf7f");
  CHECK(leb_s(-123456) == "c0bb78");
  CHECK(leb_s(INT64_MIN) == "8080808080808080807f");
}

TEST_CASE("size-prefixed regions get a minimal length prefix") {
  emit::ByteWriter w;
  size_t at = w.begin_sized();
  for (int i = 0; i < 200; ++i) w.byte(0xAB);
  w.end_sized(at);
  std::vector<uint8_t> b = w.take();
  CHECK(b.size() == 202);
  CHECK(hex({b[0], b[1], b[2]}) == "c801ab");
}

TEST_CASE("an empty module is the preamble") {
  Module m;
  CHECK(hex(encode(m)) == "0061736d01000000");
}

TEST_CASE("a tree-shaped body stays on the operand stack") {
  Module m;
  FunctionBody& f = add_func(m, {Type::kI32, Type::kI32}, {Type::kI32});
  f.switch_to(f.create_block());
  Value a = f.local_get(Local(0));
  Value b = f.local_get(Local(1));
  Value s[] = {f.binary(Opcode::kI32Add, Type::kI32, a, b)};
  f.ret(s);
  // type (i32 i32)->i32; func; code: no locals, local.get 0 local.get 1 i32.add end
  CHECK(hex_sections(encode(m)) == "010701" "60027f7f017f" "03020100" "0a0901070020002001" "6a0b");
}

TEST_CASE("memargs: alignment, offset, and multi-memory index (bit 6)") {
  FunctionBody f;
  f.switch_to(f.create_block());
  Value addr = f.i32_const(0);
  Value l0 = f.load(Opcode::kI32Load, Type::kI32, addr, MemArg{0, 8, 2, 0});
  Value l1 = f.load(Opcode::kI64Load16U, Type::kI64, addr, MemArg{1, 300, 1, 0});
  Value l2 = f.lane_access(Opcode::kV128Load32Lane, Type::kV128, addr, addr, MemArg{2, 0, 2, 3}).index == 0
                 ? Value()
                 : Value();
  (void)l2;
  emit::ByteWriter w;
  emit::write_inst(w, f, l0.inst(), {});
  CHECK(hex(w.take()) == "280208");          // i32.load align=2 offset=8
  emit::write_inst(w, f, l1.inst(), {});
  CHECK(hex(w.take()) == "334101ac02");      // i64.load16_u flags=0x41 mem=1 offset=300
  emit::write_inst(w, f, Inst(3), {});
  CHECK(hex(w.take()) == "fd5642020003");    // v128.load32_lane flags=0x42 mem=2 offset=0 lane=3
}

TEST_CASE("prefixed opcodes and immediates") {
  FunctionBody f;
  f.switch_to(f.create_block());
  Value x = f.f64_const(0x3FF0000000000000ull);
  Value t = f.unary(Opcode::kI32TruncSatF64U, Type::kI32, x);
  Value v = f.i32_const(0xFFFFFF80u);  // -128
  Value sp = f.unary(Opcode::kI32X4Splat, Type::kV128, v);
  Value e = f.extract_lane(Opcode::kI16X8ExtractLaneU, Type::kI32, sp, 7);
  Inst mc = f.bulk(Opcode::kMemoryCopy, v, v, v, 1, 2);
  Inst mi = f.bulk(Opcode::kMemoryInit, v, v, v, 3, 4);
  Inst rn = f.simple(Opcode::kRefNull, Type::kExternRef, 0, 0, 0, static_cast<uint8_t>(Type::kExternRef));
  emit::ByteWriter w;
  auto enc = [&](Inst i) {
    emit::write_inst(w, f, i, {});
    return hex(w.take());
  };
  CHECK(enc(x.inst()) == "44000000000000f03f");
  CHECK(enc(t.inst()) == "fc03");
  CHECK(enc(v.inst()) == "41807f");
  CHECK(enc(sp.inst()) == "fd11");
  CHECK(enc(e.inst()) == "fd1907");
  CHECK(enc(mc) == "fc0a0102");  // memory.copy dst=1 src=2
  CHECK(enc(mi) == "fc080403");  // memory.init data=4 mem=3
  CHECK(enc(rn) == "d06f");
}

TEST_CASE("a diamond with a merge parameter becomes if/else with a result") {
  Module m;
  FunctionBody& f = add_func(m, {Type::kI32}, {Type::kI32});
  Block x = f.create_block(), a = f.create_block(), b = f.create_block();
  Type p[] = {Type::kI32};
  Block merge = f.create_block(p);
  f.switch_to(x);
  f.br_if(f.local_get(Local(0)), a, {}, b, {});
  f.switch_to(a);
  Value one[] = {f.i32_const(1)};
  f.jump(merge, one);
  f.switch_to(b);
  Value two[] = {f.i32_const(2)};
  f.jump(merge, two);
  f.switch_to(merge);
  Value r[] = {f.block_param(merge, 0)};
  f.ret(r);
  // no locals; local.get 0 if (result i32) i32.const 1 else i32.const 2 end (return left out)
  CHECK(hex_sections(encode(m)) ==
        "010601" "60017f017f" "03020100" "0a0e010c00" "2000" "047f" "4101" "05" "4102" "0b" "0b");
}
