// The table of file test kinds: one line per kind, each defined in its own kind_<name>.cc.
#include "filetest.h"

namespace wasmrust::filetest {

bool run_verify(TestFile& file, TestContext& ctx);
bool run_print(TestFile& file, TestContext& ctx);
bool run_roundtrip(TestFile& file, TestContext& ctx);
bool run_parse_error(TestFile& file, TestContext& ctx);
bool run_effects(TestFile& file, TestContext& ctx);
bool run_emit_wasm(TestFile& file, TestContext& ctx);

const std::vector<TestKind>& test_kinds() {
  static const std::vector<TestKind> kinds = {
      {"verify", "parse and verify; errors must match the `; error:` annotations (none: must verify)", run_verify},
      {"print", "parse and print; the text must match `; check:` lines or the `; expected:` block", run_print},
      {"roundtrip", "parse and print; print(parse(print(m))) must equal print(m)", run_roundtrip},
      {"parse-error", "the text must fail to parse, at the line with the `; error:` annotation", run_parse_error},
      {"effects", "print each function's inferred effects; match `; check:` lines or the `; expected:` block", run_effects},
      {"emit-wasm", "emit .wasm; wasm-validate must accept it, `; run:` lines run in wasm-interp, `; check:` lines match wasm-objdump -x + wasm2wat", run_emit_wasm},
  };
  return kinds;
}

}  // namespace wasmrust::filetest
