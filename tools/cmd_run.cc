// `wasmrust run [OPTIONS] FILE [ARGS...]`: compile a module (.wasm or .wat) with tier-1 and run
// it, as `wasmtime run` does: a WASI command's `_start` with ARGS as its arguments (argv[0]
// is FILE), or with --invoke NAME the export NAME with ARGS as its parameters, its results
// printed one per line as wasmtime prints them. A reactor's `_initialize` runs first.
//
// Exit status: the program's proc_exit code; 0 when `_start` (or the invoked function)
// returns; 134 after a trap (wasmtime's status on Unix); 1 for bad input (unreadable,
// malformed or invalid module, unknown import, bad argument). Everything but the program's
// own output goes to stderr.
//
// Depends on: the public API (wasmrust.h) and WASI (wasi.h). Timings (--timings) come from
// the compile statistics and a steady clock around instantiation and the run.
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "tools/commands.h"
#include "wasmrust/wasi.h"
#include "wasmrust/wasmrust.h"

namespace wasmrust::tools {
namespace {

struct RunArgs {
  std::string invoke;
  std::vector<std::string> dirs;     ///< HOST[::GUEST]
  std::vector<std::string> mapdirs;  ///< GUEST::HOST (wasmtime's older spelling)
  std::vector<std::string> envs;     ///< K=V
  bool timings = false;
  bool explicit_bounds_checks = false;
  int compile_threads = 0;           ///< 0: chosen from the module's size
  std::vector<std::string> rest;     ///< FILE ARGS...
};

// Exit statuses.
constexpr int kExitBadInput = 1;
constexpr int kExitTrap = 134;  // 128 + SIGABRT, what wasmtime exits with after a trap

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// ---- --invoke arguments and results, as wasmtime reads and prints them ----

// A signed integer in decimal, or hexadecimal after 0x (Rust's parse / from_str_radix).
template <typename T>
std::optional<T> parse_int(std::string_view s) {
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  T v{};
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

template <typename T>
std::optional<T> parse_float(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  T v{};
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  // from_chars reports out-of-range for overflow; Rust's parse gives +-inf (and 0 for
  // underflow): retry those with strtod, which rounds the same way.
  if (r.ec == std::errc::result_out_of_range && r.ptr == s.data() + s.size()) {
    std::string z(s);
    return static_cast<T>(std::strtod(z.c_str(), nullptr));
  }
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

Result<Val> parse_arg(Type t, const std::string& s) {
  std::optional<Val> v;
  switch (t) {
    case Type::kI32: if (auto x = parse_int<int32_t>(s)) v = Val::i32(*x); break;
    case Type::kI64: if (auto x = parse_int<int64_t>(s)) v = Val::i64(*x); break;
    case Type::kF32: if (auto x = parse_float<float>(s)) v = Val::f32(*x); break;
    case Type::kF64: if (auto x = parse_float<double>(s)) v = Val::f64(*x); break;
    default: return Error{ErrorCode::kUnsupported, std::string("unsupported argument type ") + type_name(t)};
  }
  if (!v) return Error{ErrorCode::kInvalid, "invalid " + std::string(type_name(t)) + " argument '" + s + "'"};
  return *v;
}

// Rust's Display for f32/f64: the shortest digits that read back the same, never in
// exponent form ("0.0000001", "100000000000000000000"), "NaN", "inf", "-inf", "-0".
template <typename T>
std::string rust_float(T v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  std::string out = std::signbit(v) ? "-" : "";
  if (s[0] == '-') s.erase(0, 1);
  size_t e = s.find('e');
  int exp = std::atoi(s.c_str() + e + 1);
  std::string digits = s.substr(0, e);
  if (digits.size() > 1) digits.erase(1, 1);  // the '.'
  int point = 1 + exp;                         // digits before the decimal point
  int n = static_cast<int>(digits.size());
  if (digits == "0") return out + "0";
  if (point <= 0) return out + "0." + std::string(-point, '0') + digits;
  if (point >= n) return out + digits + std::string(point - n, '0');
  return out + digits.substr(0, point) + "." + digits.substr(point);
}

// A v128 as one unsigned 128-bit decimal number (wasmtime prints `as_u128()`).
std::string u128_decimal(const V128& v) {
  uint8_t b[16];
  std::memcpy(b, v.bytes, 16);
  std::string digits;
  for (;;) {
    bool zero = true;
    unsigned rem = 0;
    for (int i = 15; i >= 0; --i) {  // divide the little-endian number by 10
      unsigned cur = (rem << 8) | b[i];
      b[i] = static_cast<uint8_t>(cur / 10);
      rem = cur % 10;
      zero = zero && b[i] == 0;
    }
    digits.insert(digits.begin(), static_cast<char>('0' + rem));
    if (zero) break;
  }
  return digits;
}

std::string format_result(const Val& v) {
  switch (v.type()) {
    case Type::kI32: return std::to_string(v.i32());
    case Type::kI64: return std::to_string(v.i64());
    case Type::kF32: return rust_float(v.f32());
    case Type::kF64: return rust_float(v.f64());
    case Type::kV128: return u128_decimal(v.v128());
    case Type::kFuncRef: return v.is_null() ? "<null funcref>" : "<funcref>";
    case Type::kExternRef: return v.is_null() ? "<null externref>" : "<externref>";
    default: return "?";
  }
}

// ---- errors ----

std::string wasmtime_trap_text(const Error& e) {
  if (trap_kind(e) == TrapKind::kUnreachable) return "wasm `unreachable` instruction executed";
  return e.message;
}

// Like wasmtime: the context chain, the wasm backtrace (innermost first), the trap.
void print_trap(const std::string& file, const std::string& what, const Error& e) {
  std::fprintf(stderr, "Error: failed to run main module `%s`\n\nCaused by:\n    0: %s\n", file.c_str(), what.c_str());
  std::fprintf(stderr, "    1: error while executing at wasm backtrace:\n");
  for (size_t i = 0; i < e.backtrace.size(); ++i) {
    const TrapFrame& f = e.backtrace[i];
    std::string name = f.name.empty() ? "<wasm function " + std::to_string(f.func) + ">" : f.name;
    if (f.offset == kNoOffset) std::fprintf(stderr, "         %3zu: %6s - %s!%s\n", i, "?", file.c_str(), name.c_str());
    else std::fprintf(stderr, "         %3zu: %#6llx - %s!%s\n", i, static_cast<unsigned long long>(f.offset), file.c_str(), name.c_str());
  }
  std::fprintf(stderr, "    2: wasm trap: %s\n", wasmtime_trap_text(e).c_str());
}

int fail(const std::string& what, const Error& e) {
  std::fprintf(stderr, "Error: %s: %s\n", what.c_str(), e.to_string().c_str());
  return kExitBadInput;
}

// ---- the run ----

// Small modules compile fastest streaming on this thread; past this many bytes, the
// parallel driver wins even with the cost of decoding the whole module first.
constexpr uint64_t kParallelCompileBytes = 256 * 1024;

unsigned pick_compile_threads(const RunArgs& a, uint64_t file_bytes) {
  if (a.compile_threads > 0) return static_cast<unsigned>(a.compile_threads);
  if (file_bytes < kParallelCompileBytes) return 1;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

Result<wasi::WasiConfig> wasi_config(const RunArgs& a, const std::string& file, const std::vector<std::string>& args) {
  wasi::WasiConfig c;
  c.args.push_back(file);
  c.args.insert(c.args.end(), args.begin(), args.end());
  for (const std::string& kv : a.envs) {
    if (kv.find('=') == std::string::npos) return Error{ErrorCode::kInvalid, "--env expects K=V, got '" + kv + "'"};
    c.env.push_back(kv);
  }
  for (const std::string& d : a.dirs) {
    size_t sep = d.find("::");
    if (sep == std::string::npos) c.preopens.push_back({d, d});
    else c.preopens.push_back({d.substr(0, sep), d.substr(sep + 2)});
  }
  for (const std::string& d : a.mapdirs) {
    size_t sep = d.find("::");
    if (sep == std::string::npos) return Error{ErrorCode::kInvalid, "--mapdir expects GUEST::HOST, got '" + d + "'"};
    c.preopens.push_back({d.substr(sep + 2), d.substr(0, sep)});
  }
  return c;
}

struct Timings {
  std::vector<std::pair<const char*, double>> phases;
  void print() const {
    double total = 0;
    for (const auto& p : phases) {
      std::fprintf(stderr, "%s: %.3f ms\n", p.first, p.second);
      total += p.second;
    }
    std::fprintf(stderr, "total: %.3f ms\n", total);
  }
};

// Calls {name} (or _start) and reports its results; returns the exit status.
int call_entry(const RunArgs& a, const std::string& file, const std::vector<std::string>& args, Instance& inst,
               wasi::WasiCtx& wasi) {
  const bool invoke = !a.invoke.empty();
  const std::string name = invoke ? a.invoke : "_start";
  const std::string what = invoke ? "failed to invoke `" + name + "`" : "failed to invoke command default";
  auto check_exit = [&](const Error& e) -> std::optional<int> {
    if (auto code = wasi.exit_code()) return *code;
    print_trap(file, what, e);
    return trap_kind(e) != TrapKind::kNone ? kExitTrap : kExitBadInput;
  };
  if (auto init = inst.get_func("_initialize")) {
    auto r = init->call({});
    if (!r.ok()) return *check_exit(r.error());
  }
  auto f = inst.get_func(name);
  if (!f) {
    if (!invoke) return 0;  // no command entry: instantiation (and its start function) was the run
    std::fprintf(stderr, "Error: failed to run main module `%s`: no function export named `%s`\n", file.c_str(),
                 name.c_str());
    return kExitBadInput;
  }
  FuncType type = f->type();
  std::vector<Val> params;
  if (invoke) {
    if (args.size() < type.params.size()) {
      std::fprintf(stderr, "Error: not enough arguments for `%s` (%s)\n", name.c_str(), type.to_string().c_str());
      return kExitBadInput;
    }
    for (size_t i = 0; i < type.params.size(); ++i) {
      auto v = parse_arg(type.params[i], args[i]);
      if (!v.ok()) return fail("argument " + std::to_string(i) + " of `" + name + "`", v.error());
      params.push_back(*v);
    }
  } else if (!type.params.empty() || !type.results.empty()) {
    std::fprintf(stderr, "Error: `_start` has type %s; a WASI command's takes nothing and returns nothing\n",
                 type.to_string().c_str());
    return kExitBadInput;
  }
  auto r = f->call(params);
  std::fflush(stdout);
  if (!r.ok()) return *check_exit(r.error());
  if (auto code = wasi.exit_code()) return *code;
  for (const Val& v : *r) std::printf("%s\n", format_result(v).c_str());
  return 0;
}

int run(const RunArgs& a) {
  if (a.rest.empty()) {
    std::fprintf(stderr, "Error: no module given (usage: wasmrust run [OPTIONS] FILE [ARGS...])\n");
    return kExitBadInput;
  }
  const std::string& file = a.rest[0];
  std::vector<std::string> args(a.rest.begin() + 1, a.rest.end());
  Timings t;
  auto t0 = Clock::now();
  FILE* probe = std::fopen(file.c_str(), "rb");
  uint64_t file_bytes = 0;
  if (probe) {
    std::fseek(probe, 0, SEEK_END);
    long n = std::ftell(probe);
    file_bytes = n > 0 ? static_cast<uint64_t>(n) : 0;
    std::fclose(probe);
  }
  EngineConfig ec;
  ec.bounds_checks = a.explicit_bounds_checks ? BoundsChecks::kExplicit : BoundsChecks::kGuardPages;
  ec.compile_threads = pick_compile_threads(a, file_bytes);
  Engine engine(ec);
  auto module = Module::compile_file(engine, file);
  if (!module.ok()) return fail("failed to compile `" + file + "`", module.error());
  double compile_wall = ms_since(t0);
  const CompileStats& cs = module->stats();
  t.phases.push_back({"decode", compile_wall - cs.compile_ms - cs.link_ms});
  t.phases.push_back({"compile", cs.compile_ms});
  t.phases.push_back({"link", cs.link_ms});

  auto t1 = Clock::now();
  auto cfg = wasi_config(a, file, args);
  if (!cfg.ok()) return fail("bad option", cfg.error());
  auto wasi = wasi::WasiCtx::create(*cfg);
  if (!wasi.ok()) return fail("cannot set up WASI", wasi.error());
  Store store(engine);
  Linker linker(store);
  Status linked = (*wasi)->add_to_linker(linker);
  if (!linked.ok()) return fail("cannot define WASI", linked.error());
  auto inst = linker.instantiate(*module);
  if (!inst.ok()) {
    if (auto code = (*wasi)->exit_code()) return *code;  // proc_exit from the start function
    if (inst.error().code == ErrorCode::kTrap) {
      print_trap(file, "failed to instantiate", inst.error());
      return kExitTrap;
    }
    return fail("failed to instantiate `" + file + "`", inst.error());
  }
  t.phases.push_back({"instantiate", ms_since(t1)});

  auto t2 = Clock::now();
  int status = call_entry(a, file, args, *inst, **wasi);
  std::fflush(stdout);
  t.phases.push_back({"run", ms_since(t2)});
  if (a.timings) t.print();
  return status;
}

}  // namespace

void register_run(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "run", "Run a WebAssembly module (.wasm or .wat): a WASI command's _start, or an export with --invoke");
  cmd->footer(
      "Usage: wasmrust run [OPTIONS] FILE [ARGS...]\n"
      "  FILE and everything after it go to the program: ARGS are its command line (argv[0] is FILE),\n"
      "  or with --invoke the function's parameters. Options come before FILE.\n"
      "Exit status: the program's exit code; 134 after a trap; 1 for a bad module or option.\n");
  auto a = std::make_shared<RunArgs>();
  cmd->add_option("--invoke", a->invoke, "Call this export with ARGS as its parameters and print its results")
      ->type_name("NAME");
  cmd->add_option("--dir", a->dirs, "Give the program a host directory: HOST[::GUEST] (GUEST defaults to HOST)")
      ->type_name("HOST[::GUEST]")
      ->allow_extra_args(false);  // one value per occurrence: FILE must not be taken for a dir
  cmd->add_option("--mapdir", a->mapdirs, "Same as --dir HOST::GUEST, in wasmtime's older spelling")
      ->type_name("GUEST::HOST")
      ->allow_extra_args(false);
  cmd->add_option("--env", a->envs, "Set an environment variable for the program")
      ->type_name("K=V")
      ->allow_extra_args(false);
  cmd->add_flag("--timings", a->timings, "Print each phase's time to stderr ('<phase>: <T> ms')");
  cmd->add_flag("--explicit-bounds-checks", a->explicit_bounds_checks,
                "Check memory accesses in code instead of with guard pages");
  cmd->add_option("--compile-threads", a->compile_threads,
                  "Threads that compile the module (default: 1 for small modules, all cores for large ones)")
      ->check(CLI::Range(0, 256));
  // FILE and whatever follows it are the program's, options included: the first positional
  // ends option parsing (CLI11's prefix command), as wasmtime's trailing arguments do.
  cmd->prefix_command();
  cmd->callback([cmd, a, exit_code] {
    a->rest = cmd->remaining();
    *exit_code = run(*a);
  });
}

}  // namespace wasmrust::tools
