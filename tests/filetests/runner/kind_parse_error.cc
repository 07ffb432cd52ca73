// Test kind `parse-error`: the text must not parse; the error must be at the line of the
// `; error:` annotation and contain its text.
#include "filetest.h"

namespace wasmrust::filetest {

bool run_parse_error(TestFile& file, TestContext& ctx) {
  auto r = ir::parse_module(file.text);
  if (r.ok()) {
    ctx.fail(file.path + ": parsed, but a parse error was expected");
    return false;
  }
  const Error& e = r.error();
  if (e.code != ErrorCode::kParse || e.line == 0 || e.column == 0) {
    ctx.fail(file.path + ": the error has no line and column: " + e.to_string());
    return false;
  }
  return match_errors(file, {{e.line, e.to_string()}}, ctx);
}

}  // namespace wasmrust::filetest
