// Engine and Module: settings, and the compile pipeline from bytes to a ready module.
#include <chrono>
#include <fstream>
#include <iterator>

#include "api/api_impl.h"
#include "tiering/module_info_builder.h"
#include "wasmir/module.h"
#include "wasmir/verifier.h"
#include "wasmrust/frontend.h"
#ifdef WR_HAVE_X64
#include "emit/x64/x64_backend.h"
#endif

namespace wasmrust {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

tiering::BackendFactory default_backend() {
#ifdef WR_HAVE_X64
  return [] { return make_x64_backend(); };
#else
  return nullptr;
#endif
}

FrontendOptions frontend_options(const EngineConfig& c, bool retain_bodies) {
  FrontendOptions o;
  o.multi_memory = c.multi_memory;
  o.retain_bodies = retain_bodies;
  return o;
}

tiering::CompileOptions compile_options(const EngineImpl& e) {
  tiering::CompileOptions o;
  o.backend = e.backend;
  o.explicit_bounds_checks = e.config.bounds_checks == BoundsChecks::kExplicit;
  o.threads = e.config.compile_threads;
  return o;
}

// One thread: decode and compile in one streaming pass, each function compiled as soon as it
// is decoded, with one reused FunctionBody.
Result<std::shared_ptr<const rt::ModuleInfo>> compile_streaming(EngineImpl& e, std::span<const uint8_t> wasm,
                                                               CompileStats* stats) {
  ir::Module m;
  std::optional<tiering::ModuleCompiler> mc;
  tiering::CompileOptions opts = compile_options(e);
  StreamingDecoder decoder(&m, frontend_options(e.config, false));
  decoder.set_function_callback([&](ir::FunctionBody& body, const ir::Module& partial) -> Status {
    if (!mc) mc.emplace(partial, e.types, opts);
    return mc->add(body);
  });
  auto t0 = Clock::now();
  WR_TRY(decoder.feed(wasm));
  WR_TRY(decoder.finish());
  double total = ms_since(t0);
  if (!mc) mc.emplace(m, e.types, opts);
  auto info = mc->finish();
  if (!info.ok()) return info.take_error();
  const tiering::CompileStats& cs = mc->stats();
  stats->compile_ms = cs.compile_ms;
  stats->decode_ms = total - cs.compile_ms;
  stats->link_ms = cs.link_ms;
  stats->functions = cs.functions;
  stats->wasm_code_bytes = cs.wasm_code_bytes;
  stats->machine_code_bytes = cs.machine_code_bytes;
  return info;
}

// Several threads (or IR verification): decode the whole module first, then compile
// functions in parallel.
Result<std::shared_ptr<const rt::ModuleInfo>> compile_parallel(EngineImpl& e, std::span<const uint8_t> wasm,
                                                              CompileStats* stats) {
  ir::Module m;
  auto t0 = Clock::now();
  WR_TRY(decode_wasm(wasm, &m, frontend_options(e.config, true)));
  stats->decode_ms = ms_since(t0);
  if (e.config.verify_ir) WR_TRY(ir::verify(m));
  tiering::CompileStats cs;
  auto info = tiering::compile_module(m, e.types, compile_options(e), &cs);
  if (!info.ok()) return info.take_error();
  stats->compile_ms = cs.compile_ms;
  stats->link_ms = cs.link_ms;
  stats->functions = cs.functions;
  stats->wasm_code_bytes = cs.wasm_code_bytes;
  stats->machine_code_bytes = cs.machine_code_bytes;
  return info;
}

}  // namespace

Engine::Engine(EngineConfig config) : impl_(std::make_shared<EngineImpl>()) {
  impl_->config = config;
  impl_->backend = default_backend();
}

const EngineConfig& Engine::config() const { return impl_->config; }

void set_backend_factory(Engine& engine, tiering::BackendFactory factory) { engine.impl()->backend = std::move(factory); }

std::string FuncType::to_string() const { return rt::FuncSig{params, results}.to_string(); }

// The pipeline: text to binary (wabt), decode + validate (frontend), [verify the WasmIR],
// compile every function (backend via the tiering driver), lay out and publish the code,
// build the runtime's view.
Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  EngineImpl& e = *engine.impl();
  auto impl = std::make_shared<ModuleImpl>();
  impl->engine = engine.shared_impl();
  std::vector<uint8_t> converted;
  if (!is_wasm_binary(bytes)) {
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    auto bin = wat_to_wasm(text, "<text>", frontend_options(e.config, false));
    if (!bin.ok()) return bin.take_error();
    converted = std::move(bin.value());
    bytes = converted;
  }
  impl->stats.wasm_bytes = bytes.size();
  bool whole = e.config.compile_threads > 1 || e.config.verify_ir;
  auto info = whole ? compile_parallel(e, bytes, &impl->stats)
                                           : compile_streaming(e, bytes, &impl->stats);
  if (!info.ok()) return info.take_error();
  impl->info = std::move(info.value());
  return Module(std::move(impl));
}

Result<Module> Module::compile_file(const Engine& engine, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, std::string("cannot open ") + path};
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error{ErrorCode::kIo, std::string("cannot read ") + path};
  return compile(engine, bytes);
}

Status Module::validate(const Engine& engine, std::span<const uint8_t> bytes) {
  return validate_wasm(bytes, frontend_options(engine.config(), false));
}

std::vector<ImportType> Module::imports() const {
  std::vector<ImportType> out;
  for (const rt::ImportInfo& im : impl_->info->imports)
    out.push_back({im.module, im.field, static_cast<ExternKind>(im.kind)});
  return out;
}

std::vector<ExportType> Module::exports() const {
  std::vector<ExportType> out;
  for (const rt::ExportInfo& ex : impl_->info->exports) out.push_back({ex.name, static_cast<ExternKind>(ex.kind)});
  return out;
}

const CompileStats& Module::stats() const { return impl_->stats; }

}  // namespace wasmrust
