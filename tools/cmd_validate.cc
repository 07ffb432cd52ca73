// `wasmrust validate FILE`: decode and validate a module (.wasm, or .wat/.wast text).
// Exit 0 if valid; 1 with the error (byte offset, function, rule) on stderr otherwise.
#include <cstdio>
#include <string>

#include "tools/commands.h"
#include "wasmrust/frontend.h"

namespace wasmrust::tools {

void register_validate(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("validate", "Validate a WebAssembly module (.wasm, .wat or .wast)");
  auto file = std::make_shared<std::string>();
  auto no_multi_memory = std::make_shared<bool>(false);
  cmd->add_option("FILE", *file, "The module")->required();
  cmd->add_flag("--no-multi-memory", *no_multi_memory, "Core 2.0 rules: one memory, zero bytes after memory ops");
  cmd->callback([file, no_multi_memory, exit_code] {
    FrontendOptions options;
    options.multi_memory = !*no_multi_memory;
    auto bytes = load_wasm_bytes(*file, options);
    Status s = bytes.ok() ? validate_wasm(bytes.value(), options) : Status(bytes.take_error());
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s: %s\n", file->c_str(), error_code_name(s.error().code), s.error().to_string().c_str());
      *exit_code = 1;
      return;
    }
    *exit_code = 0;
  });
}

}  // namespace wasmrust::tools
