// Test kind `verify`: the verifier's errors must be exactly the `; error:` annotations
// (each error on the line the verifier names, containing the annotation's text).
#include "filetest.h"
#include "wasmir/verifier.h"

namespace wasmrust::filetest {

bool run_verify(TestFile& file, TestContext& ctx) {
  if (!parse(file)) {
    ctx.fail(file.path + ": does not parse: " + file.parse_error);
    return false;
  }
  ir::VerifierErrors errs = ir::verify_module(*file.module);
  std::vector<std::pair<uint32_t, std::string>> lines;
  std::string all;
  for (const ir::VerifierError& e : errs.errors) {
    lines.emplace_back(ir::text_line(file.locations, e), e.to_string());
    all += e.to_string() + "\n";
  }
  bool ok = match_errors(file, lines, ctx);
  // `; check:` lines may also inspect the full error text (messages and locations).
  return match_checks(file, all, ctx) && ok;
}

}  // namespace wasmrust::filetest
