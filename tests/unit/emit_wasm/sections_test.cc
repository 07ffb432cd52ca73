// Golden bytes of the module sections: imports, tables, memories (multi-memory, memory64,
// shared), globals, exports, start, element segments in their several forms, data count,
// data segments, custom sections put back in place, the name section and the WasmRust
// attribute sections of docs/custom-sections.md.
#include <catch2/catch.hpp>

#include "emit/wasm/emit_wasm.h"
#include "harness.h"

using namespace wasmrust;
using namespace wasmrust::ir;
using wasmrust::test::add_func;
using wasmrust::test::hex_sections;

namespace {

std::string sections(const Module& m, emit::EmitOptions o = {}) {
  auto r = emit::emit_wasm(m, o);
  REQUIRE(r.ok());
  return hex_sections(r.value());
}

// A function () -> () whose body is just `end`.
uint32_t add_empty(Module& m) {
  FunctionBody& f = add_func(m, {}, {});
  f.switch_to(f.create_block());
  f.ret({});
  return f.func_index;
}

ConstExpr i32c(uint32_t v) { return ConstExpr{{ConstOp{ConstOp::kI32Const, Type::kVoid, v, 0}}}; }
ConstExpr ref_func(uint32_t f) { return ConstExpr{{ConstOp{ConstOp::kRefFunc, Type::kVoid, f, 0}}}; }

}  // namespace

TEST_CASE("imports of every kind, then memories with flags") {
  Module m;
  m.types.push_back({{Type::kI32}, {}});
  Function imp;
  imp.type_index = 0;
  imp.import = 0;
  m.funcs.push_back(std::move(imp));
  m.imports.push_back({"e", "f", ExternKind::kFunc, 0});
  m.tables.push_back(Table{Type::kFuncRef, Limits{1, 2}, std::nullopt, 1, ""});
  m.imports.push_back({"e", "t", ExternKind::kTable, 0});
  m.memories.push_back(Memory{Limits{1, std::nullopt}, false, false, "", 2, ""});
  m.imports.push_back({"e", "m", ExternKind::kMemory, 0});
  m.globals.push_back(Global{Type::kI64, true, {}, 3, ""});
  m.imports.push_back({"e", "g", ExternKind::kGlobal, 0});
  m.memories.push_back(Memory{Limits{2, 0x10000}, false, true, "", std::nullopt, ""});  // shared
  m.memories.push_back(Memory{Limits{0, std::nullopt}, true, false, "", std::nullopt, ""});  // memory64
  CHECK(sections(m) ==
        "0105016001" "7f00"                          // type (i32) -> ()
        "021e04"                                     // 4 imports
        "0165" "0166" "00" "00"                      //   e.f func type 0
        "0165" "0174" "01" "70" "01" "01" "02"       //   e.t table funcref min 1 max 2
        "0165" "016d" "02" "00" "01"                 //   e.m memory min 1
        "0165" "0167" "03" "7e" "01"                 //   e.g global mut i64
        "050802" "03" "02" "808004" "04" "00");      // memories: shared 2..65536, i64 0
}

TEST_CASE("tables, globals, exports, start") {
  Module m;
  uint32_t f = add_empty(m);
  m.tables.push_back(Table{Type::kExternRef, Limits{0, std::nullopt}, std::nullopt, std::nullopt, ""});
  m.tables.push_back(Table{Type::kFuncRef, Limits{1, std::nullopt}, ref_func(f), std::nullopt, ""});
  m.globals.push_back(Global{Type::kI32, false, i32c(7), std::nullopt, ""});
  m.exports.push_back({"g", ExternKind::kGlobal, 0});
  m.exports.push_back({"f", ExternKind::kFunc, f});
  m.start = f;
  CHECK(sections(m) ==
        "010401600000" "03020100"
        "040c02" "6f0000" "4000" "700001" "d2000b"   // externref 0; funcref 1 with init ref.func 0
        "060601" "7f00" "41070b"                     // global i32 const 7
        "070902" "0167" "0300" "0166" "0000"         // exports g (global 0), f (func 0)
        "080100"                                     // start 0
        "0a040102000b");
}

TEST_CASE("element segments take the shortest form") {
  Module m;
  uint32_t f = add_empty(m);
  m.tables.push_back(Table{Type::kFuncRef, Limits{1, std::nullopt}, std::nullopt, std::nullopt, ""});
  m.tables.push_back(Table{Type::kFuncRef, Limits{1, std::nullopt}, std::nullopt, std::nullopt, ""});
  ElemSegment a;  // active, table 0, function indexes: form 0
  a.offset = i32c(0);
  a.items = {ref_func(f)};
  ElemSegment b = a;  // active, table 1: form 2
  b.table = 1;
  ElemSegment c;  // passive: form 1
  c.mode = SegmentMode::kPassive;
  c.items = {ref_func(f)};
  ElemSegment d = c;  // declarative: form 3
  d.mode = SegmentMode::kDeclarative;
  ElemSegment e;  // active, table 0, expressions (a null): form 4
  e.offset = i32c(0);
  e.items = {ConstExpr{{ConstOp{ConstOp::kRefNull, Type::kFuncRef, 0, 0}}}};
  ElemSegment g = e;  // passive externref expressions: form 5
  g.mode = SegmentMode::kPassive;
  g.type = Type::kExternRef;
  g.items = {ConstExpr{{ConstOp{ConstOp::kRefNull, Type::kExternRef, 0, 0}}}};
  m.elems = {a, b, c, d, e, g};
  CHECK(sections(m) ==
        "010401600000" "03020100" "040702" "700001" "700001"
        "092506"
        "00" "41000b" "0100"                 // form 0
        "02" "01" "41000b" "00" "0100"       // form 2: table 1, elemkind, indexes
        "01" "00" "0100"                     // form 1
        "03" "00" "0100"                     // form 3
        "04" "41000b" "01" "d0700b"          // form 4: expressions
        "05" "6f" "01" "d06f0b"              // form 5: externref expressions
        "0a040102000b");
}

TEST_CASE("data segments, data count, and memory.init needs the count") {
  Module m;
  m.memories.push_back(Memory{Limits{1, std::nullopt}, false, false, "", std::nullopt, ""});
  m.memories.push_back(Memory{Limits{1, std::nullopt}, false, false, "", std::nullopt, ""});
  FunctionBody& f = add_func(m, {}, {});
  f.switch_to(f.create_block());
  Value z = f.i32_const(0);
  f.bulk(Opcode::kMemoryInit, z, z, z, 1, 2);  // memory 1, data 2
  f.simple(Opcode::kDataDrop, Type::kVoid, 2);
  f.ret({});
  DataSegment a;
  a.offset = i32c(16);
  a.bytes = {'h', 'i'};
  DataSegment b;
  b.mem = 1;
  b.offset = i32c(0);
  b.bytes = {1};
  DataSegment c;
  c.mode = SegmentMode::kPassive;
  c.bytes = {2, 3};
  m.datas = {a, b, c};
  CHECK(sections(m) ==
        "010401600000" "03020100" "0505020001" "0001"
        "0c0103"                                        // data count 3
        "0a1101" "0f00" "4100" "4100" "4100" "fc080201"  // the constant rematerialized; memory.init data=2 mem=1
        "fc0902" "0b"                                   // data.drop 2
        "0b1303" "00" "41100b" "02" "6869"              // active mem 0 at 16: "hi"
        "02" "01" "41000b" "01" "01"                    // active mem 1
        "01" "02" "0203");                              // passive
}

TEST_CASE("custom sections go back after the section they followed") {
  Module m;
  add_empty(m);
  m.customs.push_back({"first", {1}, 0});
  m.customs.push_back({"after-type", {2}, 1});
  m.customs.push_back({"after-code", {3}, 10});
  m.customs.push_back({"after-data", {4}, 11});  // there is no data section: still at its place
  CHECK(sections(m) ==
        "0007" "056669727374" "01"
        "010401600000"
        "000c" "0a61667465722d74797065" "02"
        "03020100" "0a040102000b"
        "000c" "0a61667465722d636f6465" "03"
        "000c" "0a61667465722d64617461" "04");
}

TEST_CASE("name section: module, functions, locals, memories, globals") {
  Module m;
  m.name = "m";
  FunctionBody& f = add_func(m, {Type::kI32}, {});
  f.switch_to(f.create_block());
  f.ret({});
  m.funcs[0].name.assign(1, 'f');  // (operator= on a one-letter literal trips a GCC 12 -Wrestrict false positive)
  m.funcs[0].local_names = {{0, "x"}};
  m.memories.push_back(Memory{Limits{0, std::nullopt}, false, false, "", std::nullopt, "mem"});
  m.globals.push_back(Global{Type::kI32, false, i32c(0), std::nullopt, "g"});
  CHECK(sections(m) ==
        "010501" "60017f00" "03020100" "0503010000" "0606017f0041000b" "0a040102000b"
        "0025" "046e616d65"                    // custom "name"
        "0002" "016d"                          // module name "m"
        "0104" "01" "00" "0166"                // function 0 "f"
        "0206" "01" "00" "01" "00" "0178"      // function 0: local 0 "x"
        "0606" "01" "00" "036d656d"            // memory 0 "mem"
        "0704" "01" "00" "0167");              // global 0 "g"
}

TEST_CASE("WasmRust attribute sections follow docs/custom-sections.md") {
  Module m;
  m.memories.push_back(Memory{Limits{0, std::nullopt}, false, false, "heap", std::nullopt, ""});
  FunctionBody& f = add_func(m, {Type::kI32}, {Type::kI32});
  f.switch_to(f.create_block());
  Value r[] = {f.local_get(Local(0))};
  f.ret(r);
  FuncAttrs& a = m.funcs[0].attrs;
  a.effects = EffectSet{EffectSet::kTrap, {0}, {}, {"env"}};
  a.linear_params = {true};
  a.region = "heap";
  a.critical = true;
  a.tier = TierHint::kBaseline;
  emit::EmitOptions o;
  o.names = false;
  CHECK(sections(m, o) ==
        "010601" "60017f017f" "03020100" "0503010000"
        "001c" "107761736d727573742e65666665637473"   // wasmrust.effects (right before the code)
        "01" "00" "04" "0100" "00" "01" "03656e76"     //   func 0: trap, read mem 0, host "env"
        "0016" "0f7761736d727573742e6c696e656172"     // wasmrust.linear
        "01" "00" "0100" "00" "00"                     //   func 0: param 0
        "001f" "107761736d727573742e726567696f6e73"  // wasmrust.regions
        "01" "00" "0468656170" "01" "00" "0468656170"  //   mem 0 "heap", func 0 "heap"
        "002a" "226d657461646174612e636f64652e636f6d70696c6174696f6e5f7072696f72697479"
        "01" "00" "01" "00" "02" "007f"                //   func 0: offset 0, payload 0 (critical) 127 (baseline)
        "0a06010400" "20000b");
}

#ifdef WR_HAVE_FRONTEND
#include "wasmrust/frontend.h"

TEST_CASE("the frontend reads back the attributes, names and order the emitter writes") {
  Module m;
  m.memories.push_back(Memory{Limits{1, std::nullopt}, false, false, "heap", std::nullopt, ""});
  for (int k = 0; k < 3; ++k) {
    FunctionBody& f = add_func(m, {Type::kI32}, {});
    f.switch_to(f.create_block());
    f.ret({});
  }
  m.funcs[0].name.assign("late");
  m.funcs[0].attrs.tier = TierHint::kOptimized;
  m.funcs[0].attrs.effects = EffectSet{EffectSet::kGlobalWrite, {}, {0}, {}};
  m.funcs[1].name.assign("mid");
  m.funcs[2].name.assign("first");
  m.funcs[2].attrs.critical = true;
  m.funcs[2].attrs.region = "heap";
  m.funcs[2].attrs.linear_params = {true};
  m.funcs[2].local_names = {{0, "handle"}};
  auto bytes = emit::emit_wasm(m);
  REQUIRE(bytes.ok());
  Module back;
  Status st = decode_wasm(bytes.value(), &back);
  std::string why = st.ok() ? std::string() : st.error().to_string();
  INFO(why);
  REQUIRE(st.ok());
  REQUIRE(back.funcs.size() == 3);
  // critical first, then no hint, then optimized
  CHECK(back.funcs[0].name == "first");
  CHECK(back.funcs[1].name == "mid");
  CHECK(back.funcs[2].name == "late");
  CHECK(back.funcs[0].attrs.critical);
  CHECK(back.funcs[0].attrs.region == "heap");
  CHECK(back.funcs[0].attrs.linear_params == std::vector<bool>{true});
  CHECK(back.funcs[0].local_names == m.funcs[2].local_names);
  CHECK(back.funcs[2].attrs.tier == TierHint::kOptimized);
  CHECK(back.funcs[2].attrs.effects == m.funcs[0].attrs.effects);
  CHECK(back.memories[0].region == "heap");
}
#endif
