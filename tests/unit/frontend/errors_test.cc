// Bad input: the error kind, offset, function and rule; limits that keep allocation
// proportional to the input.
#include <catch2/catch.hpp>

#include "wasm_builder.h"

using namespace wasmrust;
using namespace wasmrust::testing;

namespace {
std::vector<uint8_t> header() { return {0, 'a', 's', 'm', 1, 0, 0, 0}; }
bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

/// A module with one function of type [] -> [], {memories} memories of one page, an
/// optional data count section, and {code} as the code section's contents.
std::vector<uint8_t> one_func(const Bytes& code, uint32_t memories = 0, bool data_count = false) {
  Bytes m;
  m.raw(header()).section(1, Bytes().u32(1).u8(0x60).u32(0).u32(0)).section(3, Bytes().u32(1).u32(0));
  if (memories) {
    Bytes mems;
    mems.u32(memories);
    for (uint32_t i = 0; i < memories; ++i) mems.u8(0).u32(1);
    m.section(5, mems);
  }
  if (data_count) m.section(12, Bytes().u32(1));
  m.section(10, code);
  return m.b;
}
}  // namespace

TEST_CASE("header errors") {
  CHECK(decode_error({}).message == "unexpected end");
  CHECK(decode_error({0, 'a', 's'}).message == "unexpected end");
  Error e = decode_error({0, 'A', 'S', 'M', 1, 0, 0, 0});
  CHECK(e.code == ErrorCode::kMalformed);
  CHECK(e.message == "magic header not detected");
  CHECK(e.offset == 0);
  e = decode_error({0, 'a', 's', 'm', 2, 0, 0, 0});
  CHECK(e.message == "unknown binary version");
  CHECK(e.offset == 4);
}

TEST_CASE("section order, ids and sizes") {
  Bytes b;
  b.raw(header()).section(3, Bytes().u32(0)).section(1, Bytes().u32(0));
  Error e = decode_error(b.b);
  CHECK(starts_with(e.message, "unexpected content after last section"));
  CHECK(e.offset == 11);
  CHECK(decode_error(Bytes().raw(header()).u8(13).u8(0).b).message == "malformed section id 13");
  // A section that claims more bytes than the input has.
  CHECK(decode_error(Bytes().raw(header()).u8(1).u8(9).u8(0).b).message == "length out of bounds");
  // A section with bytes left over.
  CHECK(decode_error(Bytes().raw(header()).section(1, Bytes().u32(0).u8(0)).b).message == "section size mismatch");
}

TEST_CASE("LEB128 limits") {
  // Type count 0 in six bytes: too long. 0 with unused bits set: too large.
  Bytes too_long;
  too_long.raw(header()).u8(1).u8(6).raw({0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  CHECK(decode_error(too_long.b).message == "integer representation too long");
  Bytes too_large;
  too_large.raw(header()).u8(1).u8(5).raw({0x80, 0x80, 0x80, 0x80, 0x70});
  CHECK(decode_error(too_large.b).message == "integer too large");
}

TEST_CASE("a huge count with few bytes fails fast without allocating") {
  Bytes b;
  b.raw(header()).section(1, Bytes().u32(0xFFFFFFFFu).u8(0x60));
  CHECK(decode_error(b.b).code == ErrorCode::kMalformed);
  // Locals: 2^32-1 + 2 overflows (malformed); 60000 is past the implementation limit.
  Bytes code;
  code.u32(1).u32(10).u32(2).u32(0xFFFFFFFFu).u8(0x7F).u32(2).u8(0x7E).u8(0x0B);
  Error e = decode_error(one_func(code));
  CHECK(e.message == "too many locals");
  CHECK(e.func == 0);
  Bytes code2;
  code2.u32(1).u32(6).u32(1).u32(60000).u8(0x7F).u8(0x0B);
  CHECK(decode_error(one_func(code2)).code == ErrorCode::kLimit);
}

TEST_CASE("validation errors name the offset, the function and the rule") {
  std::vector<uint8_t> bytes = wat("(module (func) (func (param f64) (result i32) local.get 0))");
  Error e = decode_error(bytes);
  CHECK(e.code == ErrorCode::kInvalid);
  CHECK(e.func == 1);
  CHECK(e.message == "type mismatch: expected i32, got f64");
  CHECK(bytes[e.offset] == 0x0B);  // the end that returns
  CHECK(e.to_string().find("func 1") != std::string::npos);

  CHECK(decode_error(wat("(module (func local.get 3 drop))")).message == "unknown local 3");
  CHECK(decode_error(wat("(module (func (result i32) i32.const 0 i32.load))")).message == "unknown memory 0");
  CHECK(decode_error(wat("(module (memory 1) (func (result i32) i32.const 0 i32.load align=8))")).message ==
        "alignment must not be larger than natural");
  CHECK(decode_error(wat("(module (global i32 (i32.const 0)) (func i32.const 1 global.set 0))")).message ==
        "global is immutable: global 0");
  CHECK(decode_error(wat("(module (func br 1))")).message == "unknown label 1");
  CHECK(decode_error(wat("(module (func (result i32) i32.const 1 i32.const 2))")).message ==
        "type mismatch: 1 values left on the stack at the end of the block");
  CHECK(decode_error(wat("(module (func ref.func 0 drop))")).message == "undeclared function reference 0");
  CHECK(decode_error(wat("(module (func) (export \"a\" (func 0)) (export \"a\" (func 0)))")).message ==
        "duplicate export name \"a\"");
}

TEST_CASE("errors name the function from the name section, even when it comes after the code") {
  std::vector<uint8_t> bytes = wat("(module (func $ok) (func $broken (result i32) f32.const 0))");
  Error e = decode_error(bytes);
  CHECK(e.func == 1);
  CHECK(e.message.find("(in function $broken)") != std::string::npos);
}

TEST_CASE("multi-memory on and off") {
  std::vector<uint8_t> two = wat("(module (memory 1) (memory 1))");
  ir::Module m;
  CHECK(decode_wasm(two, &m).ok());
  FrontendOptions core;
  core.multi_memory = false;
  CHECK(decode_error(two, core).message == "multiple memories");
  // memory.size's memory index is a zero byte in core 2.0.
  Bytes code;
  code.u32(1).u32(5).u32(0).u8(0x3F).u8(0x01).u8(0x1A).u8(0x0B);
  CHECK(decode_error(one_func(code, 1), core).message == "zero byte expected");
  CHECK(decode_error(one_func(code, 1)).message == "unknown memory 1");
  ir::Module ok;
  CHECK(decode_wasm(one_func(code, 2), &ok).ok());
}

TEST_CASE("data count rules") {
  Bytes code;
  code.u32(1).u32(5).u32(0).u8(0xFC).u8(9).u8(0).u8(0x0B);  // data.drop 0
  Error e = decode_error(one_func(code, 1));
  CHECK(e.code == ErrorCode::kMalformed);
  CHECK(e.message == "data count section required");
  e = decode_error(one_func(code, 1, true));  // the data section is missing, but the data count comes first
  CHECK(e.message == "data count and data section have inconsistent lengths");
  CHECK(decode_error(Bytes().raw(header()).section(12, Bytes().u32(2)).b).message ==
        "data count and data section have inconsistent lengths");
}

TEST_CASE("text errors carry line and column") {
  auto r = wat_to_wasm("(module\n  (func (result i32) (i32.const 1)\n", "x.wat");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kParse);
  CHECK(r.error().line == 3);
}
