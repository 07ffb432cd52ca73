// The list of subcommands, in the order `wasmrust --help` shows them.
#include "tools/commands.h"

namespace wasmrust::tools {

void register_commands(CLI::App& app, int* exit_code) {
  register_run(app, exit_code);
  register_ir(app, exit_code);
  register_validate(app, exit_code);
  register_wast(app, exit_code);
  register_disasm(app, exit_code);
  register_compile(app, exit_code);
}

}  // namespace wasmrust::tools
