// `wasmrust ir FILE`: load a module (.wir text, or .wasm / .wat / .wast through the frontend),
// verify it (every error to stderr, exit 1) and print its WasmIR text form to stdout.
//
// Depends on: src/wasmir (parser, verifier, printer). Input formats are dispatched in one
// place, load_module().
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "tools/commands.h"
#include "wasmir/parser.h"
#include "wasmir/printer.h"
#include "wasmir/verifier.h"
#include "wasmrust/frontend.h"

namespace wasmrust::tools {

namespace {

struct Loaded {
  std::unique_ptr<ir::Module> module;
  ir::TextLocations locations;  // filled for text input only
};

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, "cannot open " + path};
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error{ErrorCode::kIo, "cannot read " + path};
  return ss.str();
}

bool ends_with(const std::string& s, const char* suffix) {
  std::string_view sv(s), suf(suffix);
  return sv.size() >= suf.size() && sv.substr(sv.size() - suf.size()) == suf;
}

/// Loads {path} into WasmIR. The only function that knows input formats.
/// A new input format is one more branch here.
Result<Loaded> load_module(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return bytes.take_error();
  Loaded out;
  if (ends_with(path, ".wir")) {
    auto m = ir::parse_module(*bytes, &out.locations);
    if (!m.ok()) return m.take_error();
    out.module = std::move(*m);
    return out;
  }
  if (ends_with(path, ".wasm") || ends_with(path, ".wat") || ends_with(path, ".wast")) {
    out.module = std::make_unique<ir::Module>();
    WR_TRY(load_wasm_module(path, out.module.get()));
    return out;
  }
  return Error{ErrorCode::kUnsupported, path + ": unknown input format (expected .wir, .wasm, .wat or .wast)"};
}

/// The source line of a verifier error, for `file:line:` prefixes (0 if unknown).
uint32_t error_line(const ir::TextLocations& locs, const ir::VerifierError& e) {
  return ir::text_line(locs, e);
}

int run_ir(const std::string& path, bool verify) {
  auto loaded = load_module(path);
  if (!loaded.ok()) {
    const Error& e = loaded.error();
    if (e.line != 0) std::fprintf(stderr, "%s:%u:%u: %s\n", path.c_str(), e.line, e.column, e.message.c_str());
    else std::fprintf(stderr, "%s: %s\n", path.c_str(), e.to_string().c_str());
    return 1;
  }
  const ir::Module& m = *loaded->module;
  if (verify) {
    ir::VerifierErrors errors = ir::verify_module(m);
    for (const ir::VerifierError& e : errors.errors) {
      uint32_t line = error_line(loaded->locations, e);
      if (line != 0) std::fprintf(stderr, "%s:%u: %s\n", path.c_str(), line, e.to_string().c_str());
      else std::fprintf(stderr, "%s: %s\n", path.c_str(), e.to_string().c_str());
    }
    if (!errors.empty()) {
      std::fprintf(stderr, "%s: %zu verifier error%s\n", path.c_str(), errors.errors.size(),
                   errors.errors.size() == 1 ? "" : "s");
      return 1;
    }
  }
  std::string text = ir::print_module(m);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace

void register_ir(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("ir", "Parse, verify and print a module's WasmIR");
  auto file = std::make_shared<std::string>();
  auto no_verify = std::make_shared<bool>(false);
  cmd->add_option("FILE", *file, "A .wir, .wasm, .wat or .wast module")->required();
  cmd->add_flag("--no-verify", *no_verify, "Print without running the verifier");
  cmd->callback([file, no_verify, exit_code] { *exit_code = run_ir(*file, !*no_verify); });
}

}  // namespace wasmrust::tools
