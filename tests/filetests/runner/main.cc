// wr_filetest: runs WasmIR file tests (tests/filetests/<suite>/*.wir).
//
// Usage: wr_filetest [--bless] [--list-kinds] PATH...   (a PATH is a file or a folder,
// searched recursively for *.wir). Each file names its kinds in `; test: <kind>` header
// lines; see filetest.h and docs/wasmir-text.md ("File tests"). Every file that parses is
// also checked to round-trip: print(parse(print(m))) == print(m). --bless (or WR_BLESS=1)
// rewrites `; expected:` blocks in place. Ends with "N passed, N failed"; exit 1 on failure.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "filetest.h"
#include "wasmir/printer.h"

namespace fs = std::filesystem;
using namespace wasmrust;
using namespace wasmrust::filetest;

namespace {

void collect(const std::string& path, std::vector<std::string>* out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(path, ec))
      if (e.is_regular_file() && e.path().extension() == ".wir") out->push_back(e.path().string());
  } else {
    out->push_back(path);
  }
}

bool roundtrip(TestFile& file, TestContext& ctx) {
  if (!parse(file)) return true;  // kinds that need a module report the parse error
  std::string once = ir::print_module(*file.module);
  auto again = ir::parse_module(once);
  if (!again.ok()) {
    ctx.fail(file.path + ": the printed module does not parse: " + again.error().to_string());
    ctx.log += once;
    return false;
  }
  std::string twice = ir::print_module(**again);
  if (twice == once) return true;
  ctx.fail(file.path + ": print(parse(print(m))) differs from print(m)");
  size_t at = std::mismatch(once.begin(), once.end(), twice.begin(), twice.end()).first - once.begin();
  ctx.fail("  first difference at byte " + std::to_string(at) + ": \"" + once.substr(at, 60) + "\" vs \"" +
           twice.substr(at, 60) + "\"");
  return false;
}

bool run_file(const std::string& path, bool bless, std::string* log) {
  TestFile file;
  TestContext ctx;
  ctx.bless = bless;
  std::string why;
  if (!load_test(path, &file, &why)) {
    *log = why + "\n";
    return false;
  }
  bool ok = true;
  if (file.kinds.empty()) {
    ctx.fail(path + ": no `; test: <kind>` header");
    ok = false;
  }
  for (const std::string& k : file.kinds) {
    const auto& kinds = test_kinds();
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](const TestKind& tk) { return k == tk.name; });
    if (it == kinds.end()) {
      ctx.fail(path + ": unknown test kind '" + k + "'");
      ok = false;
      continue;
    }
    ok &= it->run(file, ctx);
  }
  ok &= roundtrip(file, ctx);
  if (ctx.blessed) std::printf("blessed %s\n", path.c_str());
  *log = ctx.log;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  bool bless = std::getenv("WR_BLESS") && std::strcmp(std::getenv("WR_BLESS"), "1") == 0;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--bless") {
      bless = true;
    } else if (a == "--list-kinds") {
      for (const TestKind& k : test_kinds()) std::printf("%-12s %s\n", k.name, k.summary);
      return 0;
    } else {
      collect(a, &files);
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "wr_filetest: no test files given\n");
    return 2;
  }
  uint32_t passed = 0, failed = 0;
  for (const std::string& f : files) {
    std::string log;
    if (run_file(f, bless, &log)) {
      ++passed;
    } else {
      ++failed;
      std::printf("FAIL %s\n%s", f.c_str(), log.c_str());
    }
  }
  std::printf("%u passed, %u failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
