// Disassembly: every IR instruction's code is grouped under it, trap sites are annotated,
// and compiling without a DebugInfo produces the same machine code.
#include "ops_common.h"

using namespace x64test;

TEST_CASE("disassembly groups machine code under each IR instruction") {
  Harness h;
  h.memory(1);
  uint32_t t = h.type({Type::kI32, Type::kI32}, {Type::kI32});
  FunctionBody& f = h.func(t, "f");
  Value q = f.binary(Opcode::kI32DivS, Type::kI32, f.local_get(Local(0)), f.local_get(Local(1)));
  Value l = f.load(Opcode::kI32Load, Type::kI32, q, ir::MemArg{0, 16, 2, 0});
  Value r[] = {l};
  f.ret(r);
  REQUIRE(h.compile_all().ok());
  h.irmod.types.resize(1);
  CompileEnv env;
  env.module = &h.irmod;
  env.offsets = h.info->offsets;
  x64::X64Backend backend;
  CompiledFunction code;
  x64::DebugInfo debug;
  REQUIRE(backend.compile_with_debug(env, f, &code, &debug).ok());
  CHECK(code.code == h.compiled[0].code);  // the side table changes nothing
  std::string text = x64::disassemble_function(code, &h.irmod, &f, &debug);
  INFO(text);
  CHECK(text.find("; prologue") != std::string::npos);
  CHECK(text.find("block0:") != std::string::npos);
  CHECK(text.find("i32.div_s") != std::string::npos);
  CHECK(text.find("idiv") != std::string::npos);
  CHECK(text.find("trap: integer divide by zero") != std::string::npos);
  CHECK(text.find("trap: integer overflow") != std::string::npos);
  CHECK(text.find("trap: out of bounds memory access") != std::string::npos);
  CHECK(text.find("trap: call stack exhausted") != std::string::npos);
  // the idiv comes after the div_s line and before the load line
  size_t div = text.find("i32.div_s"), idiv = text.find("idiv"), load = text.find("i32.load");
  CHECK(div < idiv);
  CHECK(idiv < load);
  std::vector<x64::DisasmLine> lines;
  x64::disassemble(code.code, 0, static_cast<uint32_t>(code.code.size()), {}, &lines);
  uint32_t end = 0;
  for (const auto& ln : lines) {
    CHECK(ln.offset == end);
    end += ln.length;
  }
  CHECK(end == code.code.size());
}

TEST_CASE("SIMD operations are a bailout naming the operation") {
  Harness h;
  uint32_t t = h.type({}, {Type::kI32});
  FunctionBody& f = h.func(t, "f");
  uint8_t bytes[16] = {};
  Value v = f.v128_const(bytes);
  Value r[] = {f.unary(Opcode::kI32X4AllTrue, Type::kI32, v)};
  f.ret(r);
  Status st = h.compile_all();
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().code == ErrorCode::kUnsupported);
  CHECK(st.error().message.find("v128.const") != std::string::npos);
  CHECK(st.error().func == 0);
}
