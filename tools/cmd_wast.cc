// `wasmrust wast FILE...`: run spec test scripts on the JIT and count assertions. Ends with
// the line `N passed, N failed`. With several files it first prints one line per file (with
// spectest-interp's count from --baseline beside it) and the SIMD / non-SIMD split.
// --min-passed N makes the exit status a ratchet (ctest uses it while the code generator is
// being completed): success when at least N assertions passed and no script was unreadable.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "api/wast_runner.h"
#include "tools/commands.h"

namespace wasmrust::tools {
namespace {

struct WastArgs {
  std::vector<std::string> files;
  std::string baseline;
  bool verbose = false;
  bool multi_memory = false;
  bool explicit_checks = false;
  bool skip_if_missing = false;
  bool verify_ir = false;
  long min_passed = -1;
};

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// spectest-interp's "passed/total" per file name, from the suite's baseline TSV.
std::map<std::string, std::string> read_baseline(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() >= 6 && cols[0] != "file") out[base_name(cols[0])] = cols[4] + "/" + cols[5];
  }
  return out;
}

void add(WastResult& into, const WastResult& r) {
  into.passed += r.passed;
  into.failed += r.failed;
  into.text_not_applicable += r.text_not_applicable;
  into.command_errors += r.command_errors;
  into.parse_failed = into.parse_failed || r.parse_failed;
}

int run_wast(const WastArgs& a) {
  for (const std::string& f : a.files) {
    if (a.skip_if_missing && !std::ifstream(f)) {
      std::printf("SPEC SUITE FILE NOT FOUND: %s: SKIPPED\n", f.c_str());
      return 77;
    }
  }
  WastOptions o;
  o.verbose = a.verbose;
  o.engine.multi_memory = a.multi_memory;
  o.engine.verify_ir = a.verify_ir;
  o.engine.bounds_checks = a.explicit_checks ? BoundsChecks::kExplicit : BoundsChecks::kGuardPages;
  auto baseline = read_baseline(a.baseline);
  WastResult total, simd;
  for (const std::string& f : a.files) {
    WastResult r = run_wast_file(f, o);
    std::string name = base_name(f);
    if (a.files.size() > 1) {
      std::printf("%-40s %6u passed, %6u failed, %4u text n/a", name.c_str(), r.passed, r.failed, r.text_not_applicable);
      if (baseline.count(name)) std::printf("   (spectest-interp %s commands)", baseline[name].c_str());
      std::printf("%s\n", r.parse_failed ? "   SCRIPT NOT READABLE" : "");
    }
    add(total, r);
    if (name.rfind("simd_", 0) == 0) add(simd, r);
  }
  if (a.files.size() > 1) {
    std::printf("non-SIMD: %u passed, %u failed, %u text n/a\n", total.passed - simd.passed,
                total.failed - simd.failed, total.text_not_applicable - simd.text_not_applicable);
    std::printf("SIMD:     %u passed, %u failed, %u text n/a\n", simd.passed, simd.failed, simd.text_not_applicable);
  }
  if (total.text_not_applicable)
    std::printf("%u assert_malformed text modules rejected by wabt's text parser (not applicable)\n",
                total.text_not_applicable);
  if (total.command_errors) std::printf("%u module/action commands failed\n", total.command_errors);
  std::printf("%u passed, %u failed\n", total.passed, total.failed);
  std::fflush(stdout);
  if (total.parse_failed) return 1;
  if (a.min_passed >= 0) return total.passed >= static_cast<unsigned long>(a.min_passed) ? 0 : 1;
  return total.failed == 0 && total.command_errors == 0 ? 0 : 1;
}

}  // namespace

void register_wast(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("wast", "Run WebAssembly spec test scripts (.wast) on the JIT");
  auto args = std::make_shared<WastArgs>();
  cmd->add_option("FILE", args->files, "One or more .wast scripts")->required();
  cmd->add_flag("-v,--verbose", args->verbose, "Print every command");
  cmd->add_flag("--multi-memory", args->multi_memory, "Accept the multi-memory proposal");
  cmd->add_flag("--explicit-bounds-checks", args->explicit_checks, "Check memory bounds in code, no guard pages");
  cmd->add_flag("--verify-ir", args->verify_ir, "Run the WasmIR verifier on every module before compiling");
  cmd->add_flag("--skip-if-missing", args->skip_if_missing, "Exit with 77 (skipped) if a script is absent");
  cmd->add_option("--min-passed", args->min_passed, "Succeed when at least this many assertions pass");
  cmd->add_option("--baseline", args->baseline, "spectest-interp baseline TSV to print beside each file");
  cmd->callback([args, exit_code] { *exit_code = run_wast(*args); });
}

}  // namespace wasmrust::tools
