// WebAssembly text (.wat modules, .wast scripts) to binary through wabt's library, and
// loading "a .wasm or .wat file". wabt only parses and encodes here; validation is ours
// (the decoder), so the text and binary paths report the same errors.
//
// Depends on: wabt (when built with WR_ENABLE_WAT), wasmrust/frontend.h.
#include <fstream>
#include <iterator>
#include <string>

#include "wasmir/module.h"
#include "wasmrust/frontend.h"

#ifdef WR_HAVE_WABT
#include "wabt/binary-writer.h"
#include "wabt/cast.h"
#include "wabt/error.h"
#include "wabt/feature.h"
#include "wabt/ir.h"
#include "wabt/stream.h"
#include "wabt/wast-lexer.h"
#include "wabt/wast-parser.h"
#endif

namespace wasmrust {

#ifdef WR_HAVE_WABT
namespace {

/// The first of wabt's errors, with its line and column (the caller names the file).
Error parse_error(const wabt::Errors& errors, std::string_view filename) {
  Error e;
  e.code = ErrorCode::kParse;
  if (errors.empty()) {
    e.message = std::string(filename) + ": cannot parse the text";
    return e;
  }
  const wabt::Error& first = errors.front();
  e.message = first.message;
  if (first.loc.filename.size() || first.loc.line > 0) {
    e.line = static_cast<uint32_t>(first.loc.line);
    e.column = static_cast<uint32_t>(first.loc.first_column);
  }
  return e;
}

Result<std::vector<uint8_t>> write_module(const wabt::Module& module, const wabt::Features& features,
                                          std::string_view filename) {
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions options(features, /*canonicalize_lebs=*/true, /*relocatable=*/false,
                                   /*write_debug_names=*/true);
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, &module, options))) {
    return Error{ErrorCode::kParse, std::string(filename) + ": cannot encode the module"};
  }
  return std::move(stream.output_buffer().data);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace
#endif

Result<std::vector<uint8_t>> wat_to_wasm(std::string_view text, std::string_view filename,
                                         const FrontendOptions& options) {
#ifdef WR_HAVE_WABT
  wabt::Errors errors;
  wabt::Features features;
  if (options.multi_memory) features.enable_multi_memory();
  wabt::WastParseOptions parse_options(features);
  std::string name(filename);
  auto lexer = wabt::WastLexer::CreateBufferLexer(name, text.data(), text.size(), &errors);
  if (!ends_with(filename, ".wast")) {
    std::unique_ptr<wabt::Module> module;
    if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &module, &errors, &parse_options))) {
      return parse_error(errors, filename);
    }
    return write_module(*module, features, filename);
  }
  // A script: its first module, whether written as text, quoted text or binary.
  std::unique_ptr<wabt::Script> script;
  if (wabt::Failed(wabt::ParseWastScript(lexer.get(), &script, &errors, &parse_options))) {
    return parse_error(errors, filename);
  }
  for (const auto& cmd : script->commands) {
    if (auto* mc = wabt::dyn_cast<wabt::ModuleCommand>(cmd.get())) return write_module(mc->module, features, filename);
    if (auto* sc = wabt::dyn_cast<wabt::ScriptModuleCommand>(cmd.get())) {
      if (auto* bin = wabt::dyn_cast<wabt::BinaryScriptModule>(sc->script_module.get())) return bin->data;
      return write_module(sc->module, features, filename);
    }
  }
  return Error{ErrorCode::kParse, std::string(filename) + ": the script has no module"};
#else
  (void)text;
  (void)options;
  return Error{ErrorCode::kUnsupported, std::string(filename) + ": this build reads no text (WR_ENABLE_WAT is off)"};
#endif
}

namespace {
/// .wat/.wast are text, .wasm and anything starting with the magic are binary; otherwise
/// text if it starts like an s-expression (so a malformed binary gets the decoder's error).
bool looks_like_text(std::string_view path, const std::vector<uint8_t>& bytes) {
  auto has_ext = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (has_ext(".wat") || has_ext(".wast")) return true;
  if (has_ext(".wasm") || is_wasm_binary(bytes)) return false;
  for (uint8_t b : bytes) {
    if (b == ' ' || b == '\t' || b == '\n' || b == '\r') continue;
    return b == '(' || b == ';';
  }
  return false;
}
}  // namespace

Result<std::vector<uint8_t>> load_wasm_bytes(const std::string& path, const FrontendOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, "cannot open " + path};
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error{ErrorCode::kIo, "cannot read " + path};
  if (!looks_like_text(path, bytes)) return bytes;
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return wat_to_wasm(text, path, options);
}

Status load_wasm_module(const std::string& path, ir::Module* out, const FrontendOptions& options) {
  auto bytes = load_wasm_bytes(path, options);
  if (!bytes.ok()) return bytes.take_error();
  Status s = decode_wasm(bytes.value(), out, options);
  if (!s.ok()) {
    Error e = s.take_error();
    e.message = path + ": " + e.message;
    return e;
  }
  return Status();
}

}  // namespace wasmrust
