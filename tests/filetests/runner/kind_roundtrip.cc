// Test kind `roundtrip`: the module must parse, and print(parse(print(m))) == print(m).
// (The runner checks the round trip for every file that parses; this kind asks only that.)
#include "filetest.h"

namespace wasmrust::filetest {

bool run_roundtrip(TestFile& file, TestContext& ctx) {
  if (parse(file)) return true;
  ctx.fail(file.path + ": does not parse: " + file.parse_error);
  return false;
}

}  // namespace wasmrust::filetest
