// Test kind `effects`: one line per function with its inferred effects
// (`func3: effects(read mem0, trap)`), matched like `print` output.
#include "filetest.h"
#include "wasmir/effects.h"
#include "wasmir/printer.h"

namespace wasmrust::filetest {

bool run_effects(TestFile& file, TestContext& ctx) {
  if (!parse(file)) {
    ctx.fail(file.path + ": does not parse: " + file.parse_error);
    return false;
  }
  ir::EffectAnalysis analysis(*file.module);
  std::string out;
  for (uint32_t f = 0; f < file.module->funcs.size(); ++f) {
    out += "func" + std::to_string(f) + ": ";
    ir::print_effects(analysis.effects(f), &out);
    out.push_back('\n');
  }
  return match_output(file, out, ctx);
}

}  // namespace wasmrust::filetest
