// The module compile driver (see compile.h). The stages, in order:
//   1. canonical type ids and VMOffsets (CompileEnv) from the module's declarations;
//   2. each defined function through the Backend into a CodeBatch (one per thread);
//   3. layout: one ModuleCode, functions copied in index order with their tables;
//   4. publish: W^X flip and registration in the process-wide code registry;
//   5. the runtime's ModuleInfo, holding the code.
#include "tiering/compile.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "tiering/module_info_builder.h"

namespace wasmrust::tiering {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

Status compile_one(Backend& backend, const CompileEnv& env, const ir::FunctionBody& body, CompiledFunction* out) {
  out->clear();
  Status st = backend.compile(env, body, out);
  if (!st.ok()) {
    Error e = st.take_error();
    if (e.func == kNoFunc) e.func = body.func_index;
    return e;
  }
  return {};
}

}  // namespace

void CodeBatch::append(const CompiledFunction& f, uint32_t func_index) {
  Placed p;
  p.func_index = func_index;
  p.offset = static_cast<uint32_t>(code.size());
  p.size = static_cast<uint32_t>(f.code.size());
  p.traps_begin = static_cast<uint32_t>(traps.size());
  traps.insert(traps.end(), f.traps.begin(), f.traps.end());
  p.traps_end = static_cast<uint32_t>(traps.size());
  p.calls_begin = static_cast<uint32_t>(calls.size());
  for (const CallSite& c : f.calls) calls.push_back({c.return_offset, c.srcloc});
  p.calls_end = static_cast<uint32_t>(calls.size());
  code.insert(code.end(), f.code.begin(), f.code.end());
  code.resize((code.size() + 15) & ~size_t{15}, 0xCC);  // int3 padding
  funcs.push_back(p);
}

ModuleCompiler::ModuleCompiler(const ir::Module& m, rt::TypeRegistry& types, const CompileOptions& options)
    : module_(m), types_(types) {
  type_ids_ = canonical_type_ids(m, types);
  env_.module = &m;
  env_.offsets = vm_offsets(m);
  env_.canonical_type_ids = type_ids_.data();
  env_.explicit_bounds_checks = options.explicit_bounds_checks;
  if (options.backend) backend_ = options.backend();
}

Status ModuleCompiler::add(const ir::FunctionBody& body) {
  if (!backend_) return Error{ErrorCode::kUnsupported, "no code generator in this build"};
  auto t0 = Clock::now();
  WR_TRY(compile_one(*backend_, env_, body, &scratch_));
  batch_.append(scratch_, body.func_index);
  stats_.compile_ms += ms_since(t0);
  return {};
}

void ModuleCompiler::add_batch(const CodeBatch& b) {
  uint32_t base = static_cast<uint32_t>(batch_.code.size());
  uint32_t tbase = static_cast<uint32_t>(batch_.traps.size()), cbase = static_cast<uint32_t>(batch_.calls.size());
  batch_.code.insert(batch_.code.end(), b.code.begin(), b.code.end());
  batch_.traps.insert(batch_.traps.end(), b.traps.begin(), b.traps.end());
  batch_.calls.insert(batch_.calls.end(), b.calls.begin(), b.calls.end());
  for (CodeBatch::Placed p : b.funcs) {
    p.offset += base;
    p.traps_begin += tbase;
    p.traps_end += tbase;
    p.calls_begin += cbase;
    p.calls_end += cbase;
    batch_.funcs.push_back(p);
  }
}

Result<std::shared_ptr<const rt::ModuleInfo>> ModuleCompiler::finish() {
  auto t0 = Clock::now();
  auto info = build_module_info(module_, types_);
  if (!info.ok()) return info.take_error();
  auto code = std::make_shared<rt::ModuleCode>();
  code->set_num_funcs(static_cast<uint32_t>(module_.funcs.size()));
  code->set_func_names((*info)->func_names);
  WR_TRY(code->allocate(batch_.code.size()));
  for (const CodeBatch::Placed& p : batch_.funcs)
    code->add_function(p.func_index, p.offset, batch_.code.data() + p.offset, p.size,
                       batch_.traps.data() + p.traps_begin, p.traps_end - p.traps_begin,
                       batch_.calls.data() + p.calls_begin, p.calls_end - p.calls_begin);
  WR_TRY(code->publish());
  (*info)->code = std::move(code);
  stats_.functions = static_cast<uint32_t>(batch_.funcs.size());
  stats_.machine_code_bytes = batch_.code.size();
  for (const ir::Function& f : module_.funcs) stats_.wasm_code_bytes += f.code_size;
  stats_.link_ms += ms_since(t0);
  batch_ = CodeBatch();
  return std::shared_ptr<const rt::ModuleInfo>(std::move(info.value()));
}

// Compiles funcs[begin, end) with a Backend of its own.
static Status compile_range(const ir::Module& m, const CompileEnv& env, const BackendFactory& factory,
                            size_t begin, size_t end, CodeBatch* out) {
  std::unique_ptr<Backend> backend;
  CompiledFunction scratch;
  for (size_t i = begin; i < end; ++i) {
    const ir::Function& f = m.funcs[i];
    if (f.import) continue;
    if (!backend) backend = factory();
    if (!f.body) return Error{ErrorCode::kInvalid, "function body not retained", kNoOffset, static_cast<uint32_t>(i)};
    WR_TRY(compile_one(*backend, env, *f.body, &scratch));
    out->append(scratch, static_cast<uint32_t>(i));
  }
  return {};
}

Result<std::shared_ptr<const rt::ModuleInfo>> compile_module(const ir::Module& m, rt::TypeRegistry& types,
                                                            const CompileOptions& options, CompileStats* stats) {
  ModuleCompiler mc(m, types, options);
  if (!options.backend && m.funcs.size() > m.num_imported_funcs())
    return Error{ErrorCode::kUnsupported, "no code generator in this build"};
  auto t0 = Clock::now();
  unsigned n = options.threads < 1 ? 1 : options.threads;
  if (n > m.funcs.size()) n = static_cast<unsigned>(m.funcs.size() ? m.funcs.size() : 1);
  std::vector<CodeBatch> batches(n);
  std::vector<Status> results(n);
  std::vector<std::thread> workers;
  size_t per = (m.funcs.size() + n - 1) / n;
  for (unsigned k = 0; k < n; ++k) {
    size_t b = k * per, e = std::min(m.funcs.size(), b + per);
    auto job = [&, k, b, e] { results[k] = compile_range(m, mc.env(), options.backend, b, e, &batches[k]); };
    if (k + 1 == n) job();
    else workers.emplace_back(job);
  }
  for (auto& w : workers) w.join();
  for (unsigned k = 0; k < n; ++k) {
    if (!results[k].ok()) return results[k].take_error();
    mc.add_batch(batches[k]);
  }
  mc.stats().compile_ms = ms_since(t0);
  auto r = mc.finish();
  if (stats) *stats = mc.stats();
  return r;
}

}  // namespace wasmrust::tiering
