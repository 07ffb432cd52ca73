// `wasmrust compile IN -o OUT`: load a module (.wasm, .wat/.wast text, or .wir WasmIR text),
// and compile it for a target. Targets: `wasm` (the default) writes a .wasm binary through
// the .wasm emitter (src/emit/wasm): structured control flow from any CFG, code section
// ordered by compile hints, name and WasmRust attribute sections. `x64` compiles every
// function with tier-1 on one thread, writes nothing, and prints the line
// `tier-1: N functions, B code bytes in T ms (X MB/s)` (X: wasm code-section MB per second).
//
// Depends on: frontend (load_wasm_module), wasmir (parser, verifier), emit/wasm, emit/x64
// and tiering (the module compile driver). Adding a target is one branch in
// compile_for_target(); every stage is timed for --timings (`<stage>: <T> ms` on stderr).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "emit/wasm/emit_wasm.h"
#include "emit/x64/x64_backend.h"
#include "runtime/func_type.h"
#include "tiering/compile.h"
#include "tools/commands.h"
#include "wasmir/parser.h"
#include "wasmir/verifier.h"
#include "wasmrust/frontend.h"

namespace wasmrust::tools {

namespace {

struct CompileArgs {
  std::string input;
  std::string output;
  std::string target = "wasm";
  bool timings = false;  ///< print the time of every stage to stderr
  bool stats = false;    ///< print what the emitter did
  bool verify = false;   ///< run the WasmIR verifier (always for .wir input)
  bool no_reorder = false;
  bool no_names = false;
};

using Clock = std::chrono::steady_clock;

struct Timings {
  std::vector<std::pair<std::string, double>> stages;  // name, milliseconds
  Clock::time_point t0 = Clock::now();
  void mark(const char* stage) {
    Clock::time_point t = Clock::now();
    stages.emplace_back(stage, std::chrono::duration<double, std::milli>(t - t0).count());
    t0 = t;
  }
  void print() const {
    double total = 0;
    for (const auto& [name, ms] : stages) {
      std::fprintf(stderr, "%s: %.3f ms\n", name.c_str(), ms);
      total += ms;
    }
    std::fprintf(stderr, "total: %.3f ms\n", total);
  }
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && std::string_view(s).substr(s.size() - suffix.size()) == suffix;
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, "cannot open " + path};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::unique_ptr<ir::Module>> load(const CompileArgs& a) {
  if (ends_with(a.input, ".wir")) {
    auto text = read_text(a.input);
    if (!text.ok()) return text.take_error();
    return ir::parse_module(*text);
  }
  auto m = std::make_unique<ir::Module>();
  WR_TRY(load_wasm_module(a.input, m.get()));
  return m;
}

Status write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Error{ErrorCode::kIo, "cannot create " + path};
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) return Error{ErrorCode::kIo, "cannot write " + path};
  return {};
}

Status compile_wasm(const CompileArgs& a, const ir::Module& m, Timings& t) {
  emit::EmitOptions o;
  o.order_by_hints = !a.no_reorder;
  o.names = !a.no_names;
  emit::EmitStats stats;
  auto bytes = emit::emit_wasm(m, o, &stats);
  if (!bytes.ok()) return bytes.take_error();
  t.mark("emit");
  WR_TRY(write_file(a.output, *bytes));
  t.mark("write");
  if (a.stats) {
    std::fprintf(stderr, "%s: %zu bytes, %u functions (%u reordered, %u irreducible), %u values on the stack, %u locals added\n",
                 a.output.c_str(), bytes->size(), stats.functions, stats.reordered, stats.irreducible,
                 stats.stack_values, stats.temp_locals);
  }
  return {};
}

// CPU time of the calling thread: what one-thread compilation costs, unaffected by other
// processes on a shared machine (wall time can be several times higher under load).
double thread_cpu_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Tier-1 on the calling thread: every defined function through one X64Backend (the
// ModuleCompiler reuses its context), then layout and publication, which are timed apart.
// The code is mapped executable but nothing runs and nothing is written.
Status compile_x64(const ir::Module& m, Timings& t) {
  rt::TypeRegistry types;
  tiering::CompileOptions o;
  o.backend = [] { return make_x64_backend(); };
  o.threads = 1;
  tiering::ModuleCompiler mc(m, types, o);
  uint64_t wasm_bytes = 0;
  uint32_t functions = 0;
  double t0 = thread_cpu_ms();
  for (const ir::Function& f : m.funcs) {
    if (f.import) continue;
    if (!f.body) return Error{ErrorCode::kInvalid, "function body not retained"};
    WR_TRY(mc.add(*f.body));
    wasm_bytes += f.code_size;
    ++functions;
  }
  double ms = thread_cpu_ms() - t0;
  t.mark("compile");  // the backend set-up included, unlike the figure printed below
  auto info = mc.finish();
  if (!info.ok()) return info.take_error();
  t.mark("link");
  double mb = static_cast<double>(wasm_bytes) / 1e6;
  std::printf("tier-1: %u functions, %llu code bytes in %.3f ms (%.1f MB/s)\n", functions,
              static_cast<unsigned long long>(mc.stats().machine_code_bytes), ms, ms > 0 ? mb / (ms / 1e3) : 0.0);
  return {};
}

// The one place that knows the targets.
Status compile_for_target(const CompileArgs& a, const ir::Module& m, Timings& t) {
  if (a.target == "wasm") {
    if (a.output.empty()) return Error{ErrorCode::kIo, "--target wasm needs -o OUT"};
    return compile_wasm(a, m, t);
  }
  if (a.target == "x64") return compile_x64(m, t);
  return Error{ErrorCode::kUnsupported, "unknown target '" + a.target + "' (available: wasm, x64)"};
}

int run_compile(const CompileArgs& a) {
  Timings t;
  auto m = load(a);
  if (!m.ok()) {
    std::fprintf(stderr, "%s: %s\n", a.input.c_str(), m.error().to_string().c_str());
    return 1;
  }
  t.mark("load");
  if (a.verify || ends_with(a.input, ".wir")) {
    Status v = ir::verify(**m);
    if (!v.ok()) {
      std::fprintf(stderr, "%s: %s\n", a.input.c_str(), v.error().to_string().c_str());
      return 1;
    }
    t.mark("verify");
  }
  Status s = compile_for_target(a, **m, t);
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", a.input.c_str(), s.error().to_string().c_str());
    return 1;
  }
  if (a.timings) t.print();
  return 0;
}

}  // namespace

void register_compile(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("compile", "Compile a module (.wasm, .wat or .wir) to a .wasm binary, or to x64 code");
  auto a = std::make_shared<CompileArgs>();
  cmd->add_option("IN", a->input, "The module: .wasm, .wat/.wast text, or .wir WasmIR text")->required();
  cmd->add_option("-o,--output", a->output, "Where to write the result (--target wasm)");
  cmd->add_option("--target", a->target,
                  "What to produce: wasm (default), or x64 (tier-1 on one thread, nothing written; prints "
                  "'tier-1: N functions, B code bytes in T ms (X MB/s)': B machine code bytes, T the "
                  "thread's CPU time, X code-section MB per second)")
      ->check(CLI::IsMember({"wasm", "x64"}));
  cmd->add_flag("--timings", a->timings, "Print the time of each stage to stderr ('<stage>: <T> ms')");
  cmd->add_flag("--stats", a->stats, "Print what the emitter did");
  cmd->add_flag("--verify", a->verify, "Run the WasmIR verifier (always done for .wir input)");
  cmd->add_flag("--no-reorder", a->no_reorder, "Keep the function order (ignore compile hints)");
  cmd->add_flag("--no-names", a->no_names, "Leave out the name section");
  cmd->callback([a, exit_code] { *exit_code = run_compile(*a); });
}

}  // namespace wasmrust::tools
