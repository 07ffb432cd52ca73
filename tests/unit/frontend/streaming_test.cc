// Streaming: any chunking gives the one-shot result; bodies arrive through the callback as
// soon as they are complete, in one reused FunctionBody.
#include <catch2/catch.hpp>

#include <random>

#include "wasm_builder.h"

using namespace wasmrust;
using namespace wasmrust::testing;

namespace {

const char* kModule = R"((module
  (import "env" "log" (func $log (param i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $a (param i32) (result i32) (local i64 f32)
    (block (loop local.get 0 i32.eqz br_if 1 local.get 0 i32.const 1 i32.sub local.set 0 br 0))
    local.get 0 call $log
    (if (result i32) (global.get $g) (then i32.const 1) (else i32.const 2)))
  (func $b (result i64) i64.const 42)
  (func $c (param i32) local.get 0 i32.const 4 i32.store)
  (data (i32.const 0) "hello"))
)";

std::string summary(const ir::FunctionBody& f) {
  std::string s = std::to_string(f.func_index) + ":" + std::to_string(f.num_insts()) + ":";
  for (uint32_t i = 0; i < f.num_insts(); ++i) s += std::string(opcode_name(f.inst(Inst(i)).op)) + ",";
  return s;
}

}  // namespace

TEST_CASE("random chunk sizes give the same module as one-shot decoding") {
  std::vector<uint8_t> bytes = wat(kModule);
  ir::Module one;
  REQUIRE(decode_wasm(bytes, &one).ok());
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    ir::Module m;
    StreamingDecoder d(&m);
    std::vector<std::string> seen;
    d.set_function_callback([&](ir::FunctionBody& body, const ir::Module& mod) {
      CHECK(&mod == &m);
      seen.push_back(summary(body));
      return Status();
    });
    size_t pos = 0;
    while (pos < bytes.size()) {
      size_t n = std::min<size_t>(bytes.size() - pos, rng() % (round < 100 ? 4 : 40));
      REQUIRE(d.feed(std::span<const uint8_t>(bytes.data() + pos, n)).ok());
      pos += n;
      CHECK(d.offset() <= pos);
    }
    REQUIRE(d.finish().ok());
    CHECK(d.offset() == bytes.size());
    REQUIRE(seen.size() == 3);
    for (uint32_t f = 1; f < 4; ++f) CHECK(seen[f - 1] == summary(*one.funcs[f].body));
    CHECK(m.datas.size() == 1);
    CHECK(m.funcs[1].name == "a");
    CHECK(m.funcs[1].local_names.empty());  // no named locals
  }
}

TEST_CASE("a body is handed over as soon as its bytes have arrived") {
  std::vector<uint8_t> bytes = wat(kModule);
  ir::Module one;
  REQUIRE(decode_wasm(bytes, &one).ok());
  // Feed up to the end of function $b's body: $a and $b are out, $c is not.
  uint32_t end_b = one.funcs[2].code_offset + one.funcs[2].code_size;
  ir::Module m;
  FrontendOptions opts;
  opts.retain_bodies = false;
  StreamingDecoder d(&m, opts);
  int count = 0;
  d.set_function_callback([&](ir::FunctionBody& body, const ir::Module&) {
    ++count;
    CHECK(body.func_index == static_cast<uint32_t>(count));
    return Status();
  });
  REQUIRE(d.feed(std::span<const uint8_t>(bytes.data(), end_b)).ok());
  CHECK(count == 2);
  REQUIRE(d.feed(std::span<const uint8_t>(bytes.data() + end_b, bytes.size() - end_b)).ok());
  REQUIRE(d.finish().ok());
  CHECK(count == 3);
  CHECK(m.funcs[1].body == nullptr);
}

TEST_CASE("an error in the callback stops decoding; errors repeat") {
  std::vector<uint8_t> bytes = wat(kModule);
  ir::Module m;
  StreamingDecoder d(&m);
  d.set_function_callback([&](ir::FunctionBody&, const ir::Module&) -> Status {
    return Error{ErrorCode::kUnsupported, "backend says no"};
  });
  Status s = d.feed(bytes);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kUnsupported);
  CHECK(s.error().func == 1);
  CHECK(d.finish().error().message == "backend says no");
}

TEST_CASE("input cut short is reported at finish") {
  std::vector<uint8_t> bytes = wat(kModule);
  for (size_t cut : {size_t{3}, size_t{9}, bytes.size() / 2, bytes.size() - 1}) {
    ir::Module m;
    StreamingDecoder d(&m);
    REQUIRE(d.feed(std::span<const uint8_t>(bytes.data(), cut)).ok());
    Status s = d.finish();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::kMalformed);
  }
}
