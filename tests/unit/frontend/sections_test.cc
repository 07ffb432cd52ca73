// The name section and the WasmRust custom sections (docs/custom-sections.md).
#include <catch2/catch.hpp>

#include "wasm_builder.h"

using namespace wasmrust;
using namespace wasmrust::testing;

namespace {

const char* kModule = R"((module
  (memory $heap 1) (memory $io 1)
  (func $f (param $x i32) (param $y i64) (result i32) (local $t i32) local.get 0)
  (func $g))
)";

ir::Module decode_with(const Bytes& customs, Status* status = nullptr) {
  ir::Module m;
  Status s = decode_wasm(insert_before_code(wat(kModule), customs), &m);
  if (status) *status = s;
  else if (!s.ok()) FAIL(s.error().to_string());
  return m;
}

}  // namespace

TEST_CASE("names: module, functions, locals, memories") {
  ir::Module m = decode_wat(R"((module $mod (memory $mem 1) (func $f (param $p i32) (local $l f32))))");
  CHECK(m.name == "mod");
  CHECK(m.funcs[0].name == "f");
  REQUIRE(m.funcs[0].local_names.size() == 2);
  CHECK(m.funcs[0].local_names[0] == std::pair<uint32_t, std::string>(0, "p"));
  CHECK(m.funcs[0].local_names[1] == std::pair<uint32_t, std::string>(1, "l"));
}

TEST_CASE("a malformed name section is ignored; unknown custom sections are kept in place") {
  Bytes c;
  c.custom("name", Bytes().u8(1).u8(200));  // subsection longer than the section
  c.custom("producers", Bytes().u8(1).u8(2).u8(3));
  ir::Module m = decode_with(c);
  CHECK(m.funcs[0].name.empty() == false);  // wabt's own name section (after code) still applies
  REQUIRE(m.customs.size() == 1);
  CHECK(m.customs[0].name == "producers");
  CHECK(m.customs[0].bytes == std::vector<uint8_t>{1, 2, 3});
  CHECK(m.customs[0].after == 5);  // inserted after the memory section
}

TEST_CASE("wasmrust.effects, wasmrust.linear, wasmrust.regions, compilation priority") {
  Bytes effects;
  effects.u32(1).u32(0).u32(0b101).u32(0).u32(2).u32(0).u32(1).u32(2).name("env").name("wasi");
  Bytes linear;
  linear.u32(1).u32(0).u32(1).u32(1).u32(1).u32(0).u32(1).u32(2);
  Bytes regions;
  regions.u32(2).u32(0).name("heap").u32(1).name("io").u32(1).u32(1).name("io");
  Bytes priority;
  priority.u32(2).u32(0).u32(1).u32(0).u32(2).u32(0).u32(0).u32(1).u32(1).u32(0).u32(2).u32(5).u32(127);
  Bytes all;
  all.custom("wasmrust.effects", effects)
      .custom("wasmrust.linear", linear)
      .custom("wasmrust.regions", regions)
      .custom("metadata.code.compilation_priority", priority);
  ir::Module m = decode_with(all);
  const ir::FuncAttrs& f = m.funcs[0].attrs;
  REQUIRE(f.effects);
  CHECK(f.effects->flags == 0b101);
  CHECK(f.effects->mem_read == std::vector<uint32_t>{});
  CHECK(f.effects->mem_write == std::vector<uint32_t>{0, 1});
  CHECK(f.effects->host == std::vector<std::string>{"env", "wasi"});
  CHECK(f.linear_params == std::vector<bool>{false, true});
  CHECK(f.linear_results == std::vector<bool>{true});
  REQUIRE(m.funcs[0].body);
  REQUIRE(m.funcs[0].body->linear_locals().size() == 1);
  CHECK(m.funcs[0].body->linear_locals()[0] == Local(2));
  CHECK(m.memories[0].region == "heap");
  CHECK(m.memories[1].region == "io");
  CHECK(m.funcs[1].attrs.region == "io");
  CHECK(f.critical);
  CHECK(f.tier == ir::TierHint::kOptimized);
  CHECK_FALSE(m.funcs[1].attrs.critical);
  CHECK(m.funcs[1].attrs.tier == ir::TierHint::kBaseline);
  CHECK(m.customs.empty());
}

TEST_CASE("malformed WasmRust sections are errors that name the section") {
  Status s;
  decode_with(Bytes().custom("wasmrust.effects", Bytes().u32(1).u32(9).u32(0).u32(0).u32(0).u32(0)), &s);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message == "wasmrust.effects: unknown function 9");
  decode_with(Bytes().custom("wasmrust.linear", Bytes().u32(1).u32(0).u32(0).u32(0).u32(1).u32(7)), &s);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message == "wasmrust.linear: local 7 of function 0 does not exist");
  decode_with(Bytes().custom("wasmrust.regions", Bytes().u32(1).u32(0).name("").u32(0)), &s);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message == "wasmrust.regions: empty region name");
  decode_with(Bytes().custom("wasmrust.effects", Bytes().u32(0).u8(0)), &s);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().message == "wasmrust.effects: bytes left over at the end of the section");
}
