// `wasmrust`: the command line. Subcommands are registered from their cmd_*.cc files.
#include <CLI/CLI.hpp>

#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"wasmrust: compile and run WebAssembly fast"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "wasmrust 0.1.0");
  int exit_code = 0;
  wasmrust::tools::register_commands(app, &exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
