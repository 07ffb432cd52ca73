// `wasmrust disasm FILE [--func N]`: compile a module's functions with tier-1 and print each
// one's WasmIR with the x86-64 it produced under every instruction (Zydis, Intel syntax).
//
// Depends on: the frontend (.wasm/.wat), the WasmIR parser (.wir), src/emit/x64 (backend
// and disassembler). The code is compiled for disassembly only: canonical type ids are the
// module's own type indexes, and nothing is made executable.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "emit/x64/disasm.h"
#include "emit/x64/x64_backend.h"
#include "tools/commands.h"
#include "wasmir/module.h"
#include "wasmir/parser.h"
#include "wasmrust/frontend.h"

namespace wasmrust::tools {

namespace {

Result<std::unique_ptr<ir::Module>> load(const std::string& path) {
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".wir") == 0) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{ErrorCode::kIo, "cannot open " + path};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ir::parse_module(ss.str());
  }
  auto m = std::make_unique<ir::Module>();
  WR_TRY(load_wasm_module(path, m.get()));
  return m;
}

int run_disasm(const std::string& path, int64_t only, bool explicit_checks) {
  auto loaded = load(path);
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), loaded.error().to_string().c_str());
    return 1;
  }
  const ir::Module& m = **loaded;
  CompileEnv env;
  env.module = &m;
  env.offsets.num_memories = static_cast<uint32_t>(m.memories.size());
  env.offsets.num_globals = static_cast<uint32_t>(m.globals.size());
  env.offsets.num_tables = static_cast<uint32_t>(m.tables.size());
  env.offsets.num_funcs = static_cast<uint32_t>(m.funcs.size());
  env.explicit_bounds_checks = explicit_checks;
  x64::X64Backend backend;
  CompiledFunction code;
  x64::DebugInfo debug;
  int status = 0;
  bool found = false;
  for (uint32_t f = 0; f < m.funcs.size(); ++f) {
    if (only >= 0 && f != static_cast<uint64_t>(only)) continue;
    const ir::Function& fn = m.funcs[f];
    if (!fn.body) continue;
    found = true;
    std::printf("func %u%s%s:\n", f, fn.name.empty() ? "" : " $", fn.name.c_str());
    Status st = backend.compile_with_debug(env, *fn.body, &code, &debug);
    if (!st.ok()) {
      std::printf("  ; not compiled: %s\n\n", st.error().to_string().c_str());
      status = 1;
      continue;
    }
    std::string text = x64::disassemble_function(code, &m, fn.body.get(), &debug);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::printf("  ; %zu bytes of code, %zu trap sites, %zu call sites\n\n", code.code.size(), code.traps.size(),
                code.calls.size());
  }
  if (!found) {
    std::fprintf(stderr, "%s: no defined function%s\n", path.c_str(),
                 only >= 0 ? (" with index " + std::to_string(only)).c_str() : "");
    return 1;
  }
  return status;
}

}  // namespace

void register_disasm(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("disasm", "Compile with tier-1 and print WasmIR beside the x86-64");
  auto file = std::make_shared<std::string>();
  auto func = std::make_shared<int64_t>(-1);
  auto explicit_checks = std::make_shared<bool>(false);
  cmd->add_option("FILE", *file, "A .wasm, .wat or .wir module")->required();
  cmd->add_option("--func", *func, "Only the function with this index");
  cmd->add_flag("--explicit-bounds", *explicit_checks, "Compile explicit memory bounds checks");
  cmd->callback([file, func, explicit_checks, exit_code] { *exit_code = run_disasm(*file, *func, *explicit_checks); });
}

}  // namespace wasmrust::tools
