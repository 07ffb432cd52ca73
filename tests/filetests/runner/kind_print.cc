// Test kind `print`: the printed module must match the `; check:` lines or the
// `; expected:` block (which --bless rewrites).
#include "filetest.h"
#include "wasmir/printer.h"

namespace wasmrust::filetest {

bool run_print(TestFile& file, TestContext& ctx) {
  if (!parse(file)) {
    ctx.fail(file.path + ": does not parse: " + file.parse_error);
    return false;
  }
  return match_output(file, ir::print_module(*file.module), ctx);
}

}  // namespace wasmrust::filetest
