// Spec-suite round trip of the .wasm emitter: every module the core suite expects to be valid
// goes .wasm -> WasmIR (frontend) -> .wasm (emitter); wabt's wasm-validate must accept each
// output; then the suite's assertions run with the emitted modules in place of the originals
// under wabt's spectest-interp (the oracle: wast2json's JSON pointed at the emitted files)
// and, when the build has the runtime, on our JIT (the wast runner with a module filter).
//
// usage: emit_wasm_roundtrip SUITE_CORE_DIR WORK_DIR [--baseline TSV] [--no-jit] [FILE.wast...]
// Prints one line per script and ends with `N passed, N failed` (assertions of both runs;
// a module that fails to round-trip or to validate counts as a failure too). Exit 77 when
// the suite is absent, 1 when anything failed or fell below spectest-interp's baseline.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "emit/wasm/emit_wasm.h"
#include "wasmir/module.h"
#include "wasmrust/frontend.h"
#ifdef WR_HAVE_API
#include "api/wast_runner.h"
#endif

namespace fs = std::filesystem;
using namespace wasmrust;

namespace {

struct Counts {
  uint32_t modules = 0, module_failures = 0;
  uint64_t in_bytes = 0, out_bytes = 0;
  uint32_t interp_passed = 0, interp_total = 0;
  uint32_t jit_passed = 0, jit_failed = 0;      // emitted modules
  uint32_t jit_orig_passed = 0, jit_orig_failed = 0;
  uint32_t jit_worse = 0;  // assertions that pass on the originals but not on the emitted modules
};

std::string run(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) {
    *status = -1;
    return {};
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& p, const std::vector<uint8_t>& b) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// "field": "value" on a wast2json command line.
std::string json_field(const std::string& line, const char* field) {
  std::string key = std::string("\"") + field + "\": \"";
  size_t at = line.find(key);
  if (at == std::string::npos) return {};
  at += key.size();
  return line.substr(at, line.find('"', at) - at);
}

Result<std::vector<uint8_t>> round_trip(std::span<const uint8_t> wasm) {
  ir::Module m;
  WR_TRY(decode_wasm(wasm, &m));
  return emit::emit_wasm(m);
}

// spectest-interp baseline: file -> passed count.
std::map<std::string, uint32_t> read_baseline(const std::string& path) {
  std::map<std::string, uint32_t> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() >= 6 && cols[0].rfind("core/", 0) == 0) out[fs::path(cols[0]).filename().string()] = std::atoi(cols[4].c_str());
  }
  return out;
}

// Convert, round-trip every valid module, validate, run spectest-interp on the result.
bool run_script(const fs::path& wast, const fs::path& work, Counts& c, std::string& report) {
  std::string name = wast.stem().string();
  fs::path orig = work / name / "orig", out = work / name / "emit";
  fs::remove_all(work / name);
  fs::create_directories(orig);
  fs::create_directories(out);
  int st = 0;
  std::string msg = run("wast2json " + wast.string() + " -o " + (orig / (name + ".json")).string(), &st);
  if (st != 0) {
    report += " wast2json failed: " + msg;
    return false;
  }
  bool ok = true;
  std::ifstream json(orig / (name + ".json"));
  std::string line;
  std::vector<std::string> valid;
  while (std::getline(json, line)) {
    std::string type = json_field(line, "type"), file = json_field(line, "filename");
    if (file.empty()) continue;
    bool expect_valid = type == "module" || type == "assert_uninstantiable" || type == "assert_unlinkable" ||
                        type == "assert_trap" || type == "assert_exhaustion" || type == "register";
    if (expect_valid && fs::path(file).extension() == ".wasm") valid.push_back(file);
  }
  for (const fs::directory_entry& e : fs::directory_iterator(orig)) fs::copy_file(e.path(), out / e.path().filename());
  for (const std::string& file : valid) {
    ++c.modules;
    std::vector<uint8_t> in = read_bytes(orig / file);
    auto bytes = round_trip(in);
    if (!bytes.ok()) {
      ++c.module_failures;
      ok = false;
      report += "\n  " + file + ": " + bytes.error().to_string();
      continue;
    }
    c.in_bytes += in.size();
    c.out_bytes += bytes->size();
    write_bytes(out / file, *bytes);
    std::string v = run("wasm-validate " + (out / file).string(), &st);
    if (st != 0) {
      ++c.module_failures;
      ok = false;
      report += "\n  " + file + ": wasm-validate: " + v.substr(0, 300);
    }
  }
  std::string res = run("spectest-interp " + (out / (name + ".json")).string(), &st);
  uint32_t passed = 0, total = 0;
  size_t at = res.rfind(" tests passed");
  if (at != std::string::npos) {
    size_t begin = res.rfind('\n', at);
    begin = begin == std::string::npos ? 0 : begin + 1;
    std::sscanf(res.c_str() + begin, "%u/%u", &passed, &total);
  }
  c.interp_passed += passed;
  c.interp_total += total;
  report += " interp " + std::to_string(passed) + "/" + std::to_string(total);
  if (passed != total) {
    std::istringstream ls(res);
    for (std::string l; std::getline(ls, l);)
      if (l.find("unexpected") != std::string::npos || l.find("error") != std::string::npos)
        report += "\n    " + l.substr(0, 200);
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s SUITE_CORE_DIR WORK_DIR [--baseline TSV] [--no-jit] [FILE.wast...]\n", argv[0]);
    return 2;
  }
  fs::path suite = argv[1], work = argv[2];
  std::string baseline_path;
  bool jit = true;
  std::vector<fs::path> files;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--baseline" && i + 1 < argc) baseline_path = argv[++i];
    else if (a == "--no-jit") jit = false;
    else files.push_back(a);
  }
  if (!fs::is_directory(suite)) {
    std::printf("SPEC SUITE NOT FOUND at %s: emitter round trip SKIPPED\n", suite.c_str());
    return 77;
  }
  if (files.empty()) {
    for (const fs::directory_entry& e : fs::directory_iterator(suite))
      if (e.path().extension() == ".wast") files.push_back(e.path());
    std::sort(files.begin(), files.end());
  }
  std::map<std::string, uint32_t> baseline;
  if (!baseline_path.empty()) baseline = read_baseline(baseline_path);
  fs::create_directories(work);
  Counts c;
  bool ok = true;
  for (const fs::path& f : files) {
    Counts before = c;
    std::string report;
    bool file_ok = run_script(f, work, c, report);
    uint32_t passed = c.interp_passed - before.interp_passed;
    auto b = baseline.find(f.filename().string());
    if (b != baseline.end() && passed < b->second) {
      file_ok = false;
      report += " (baseline " + std::to_string(b->second) + ")";
    }
#ifdef WR_HAVE_API
    if (jit) {
      // The JIT is still being completed: compare with its result on the original modules.
      FILE* devnull = std::fopen("/dev/null", "w");
      WastOptions wo;
      wo.log = devnull;
      WastResult orig = run_wast_file(f.string(), wo);
      wo.filter = [](std::span<const uint8_t> wasm) -> Result<std::vector<uint8_t>> {
        auto out = round_trip(wasm);
        if (!out.ok()) return std::vector<uint8_t>(wasm.begin(), wasm.end());  // invalid: keep it
        return out;
      };
      WastResult r = run_wast_file(f.string(), wo);
      std::fclose(devnull);
      c.jit_passed += r.passed;
      c.jit_failed += r.failed;
      c.jit_orig_passed += orig.passed;
      c.jit_orig_failed += orig.failed;
      report += " jit " + std::to_string(r.passed) + "/" + std::to_string(r.passed + r.failed);
      if (r.passed < orig.passed) {
        c.jit_worse += orig.passed - r.passed;
        file_ok = false;
        report += " (originals " + std::to_string(orig.passed) + ")";
      }
    }
#else
    (void)jit;
#endif
    ok = ok && file_ok;
    std::printf("%-32s %4u modules%s%s\n", f.filename().c_str(), c.modules - before.modules, file_ok ? "" : " FAIL",
                report.c_str());
    std::fflush(stdout);
  }
  std::printf("modules: %u round-tripped, %u failed; bytes in %llu, out %llu (%.3f)\n", c.modules - c.module_failures,
              c.module_failures, static_cast<unsigned long long>(c.in_bytes), static_cast<unsigned long long>(c.out_bytes),
              c.in_bytes ? double(c.out_bytes) / double(c.in_bytes) : 0.0);
  std::printf("spectest-interp on emitted modules: %u passed, %u failed\n", c.interp_passed, c.interp_total - c.interp_passed);
  if (jit) {
    std::printf("JIT on emitted modules: %u passed, %u failed (on the originals: %u passed, %u failed)\n", c.jit_passed,
                c.jit_failed, c.jit_orig_passed, c.jit_orig_failed);
  }
  // Failures the emitter is answerable for: modules that do not round-trip or validate,
  // assertions spectest-interp fails on emitted modules, JIT passes lost by the round trip.
  uint32_t failed = c.module_failures + (c.interp_total - c.interp_passed) + c.jit_worse;
  std::printf("%u passed, %u failed\n", c.interp_passed + c.jit_passed, failed);
  return ok ? 0 : 1;
}
