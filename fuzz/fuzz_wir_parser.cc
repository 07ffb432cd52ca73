// libFuzzer target: the WasmIR text parser, verifier and printer on arbitrary text.
//
// Depends on: src/wasmir (parser, verifier, printer, opcode table).
// Checks, for every input: parsing gives a module or a kParse error with a line and a
// column; the verifier and printer are total on whatever parses; the printed text parses
// again and prints identically (print(parse(print(m))) == print(m)); and a module that
// verifies still verifies after the round trip. Any violation aborts.
// Seeds: every WasmIR file test and example (fuzz/fuzz_wir_parser.seeds.sh copies them
// into the corpus on the first run). A custom mutator splices in opcode names and keywords so the
// fuzzer reaches deep into instruction parsing quickly.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "wasmir/parser.h"
#include "wasmir/printer.h"
#include "wasmir/verifier.h"
#include "wasmrust/opcode.h"

using namespace wasmrust;

namespace {

[[noreturn]] void die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_wir_parser: %s\n%s\n", what, detail.c_str());
  std::abort();
}

const std::vector<std::string>& tokens() {
  static const std::vector<std::string> toks = [] {
    std::vector<std::string> t = {
        "module", "type", "import", "func", "table", "memory", "global", "export", "start", "elem",
        "data", "datacount", "custom", "after", "passive", "declare", "mut", "shared", "region",
        "effects", "read", "write", "global_write", "table_write", "atomics", "trap", "host", "tier",
        "baseline", "optimized", "critical", "linear", "unplaced", "offset=", "align=", "i32", "i64",
        "f32", "f64", "v128", "funcref", "externref", " -> ", " = ", ": ", ", ", "(", ")", "[", "]",
        "{\n", "\n}\n", "\n", "v0", "v1", "v2", "block0", "block1", "local0", "local1", "func0",
        "type0", "mem0", "table0", "global0", "data0", "elem0", "\"\"", "nan:0x1", "-0", "0x10",
        "i8x16", "i32x4", "f64x2", "@1f ", "local0..local3", ";",
    };
    for (uint32_t i = 0; i < kOpcodeCount; ++i) t.push_back(opcode_name(static_cast<Opcode>(i)));
    return t;
  }();
  return toks;
}

}  // namespace

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
  // Half of the time: insert a token at a random position; otherwise libFuzzer's mutators.
  if ((seed & 1) == 0 || size >= max_size) return LLVMFuzzerMutate(data, size, max_size);
  const std::string& tok = tokens()[(seed >> 1) % tokens().size()];
  size_t at = size == 0 ? 0 : (seed >> 12) % (size + 1);
  size_t n = std::min(tok.size(), max_size - size);
  std::memmove(data + at + n, data + at, size - at);
  std::memcpy(data + at, tok.data(), n);
  return size + n;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ir::parse_module(text);
  if (!parsed.ok()) {
    const Error& e = parsed.error();
    if (e.code != ErrorCode::kParse || e.line == 0 || e.column == 0) die("parse error without a position", e.to_string());
    return 0;
  }
  const ir::Module& m = **parsed;
  bool valid = ir::verify_module(m).empty();
  std::string once = ir::print_module(m);
  auto again = ir::parse_module(once);
  if (!again.ok()) die("the printed module does not parse", again.error().to_string() + "\n" + once);
  std::string twice = ir::print_module(**again);
  if (twice != once) die("print(parse(print(m))) != print(m)", once + "\n----\n" + twice);
  if (valid && !ir::verify_module(**again).empty())
    die("a valid module fails to verify after the round trip", ir::verify_module(**again).to_string());
  return 0;
}
