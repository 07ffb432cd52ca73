// `wasmrust ir FILE`: parse a module (.wir now; .wasm/.wat once the frontend exists),
// verify it and print its WasmIR text form.
#include <cstdio>
#include <string>

#include "tools/commands.h"

namespace wasmrust::tools {

void register_ir(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("ir", "Parse, verify and print a module's WasmIR");
  auto file = std::make_shared<std::string>();
  cmd->add_option("FILE", *file, "A .wir module")->required();
  cmd->callback([file, exit_code] {
    std::fprintf(stderr, "wasmrust ir: the WasmIR text parser is not built yet (%s)\n", file->c_str());
    *exit_code = 1;
  });
}

}  // namespace wasmrust::tools
