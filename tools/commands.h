// Registration of the CLI's subcommands. Each cmd_<name>.cc defines one register_<name>.
#pragma once

#include <CLI/CLI.hpp>

namespace wasmrust::tools {

/// Registers every subcommand; each sets *exit_code when it runs.
void register_commands(CLI::App& app, int* exit_code);

void register_ir(CLI::App& app, int* exit_code);
void register_validate(CLI::App& app, int* exit_code);
void register_wast(CLI::App& app, int* exit_code);
void register_disasm(CLI::App& app, int* exit_code);
void register_compile(CLI::App& app, int* exit_code);
void register_run(CLI::App& app, int* exit_code);

}  // namespace wasmrust::tools
