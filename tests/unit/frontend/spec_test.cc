// The spec suite against the frontend: converts each core/*.wast (and
// proposals/multi-memory/*.wast with --enable-multi-memory) with wast2json into a temp
// folder and checks that
//  - every module the suite expects to be valid (module, assert_unlinkable,
//    assert_uninstantiable) decodes, passes the WasmIR verifier, and decodes to the same
//    WasmIR when fed in random chunk sizes;
//  - every binary module of assert_invalid / assert_malformed is rejected; an error of the
//    other kind (invalid vs malformed) or with a different text is counted separately.
// Text-format assert_malformed (module_type "text") tests the text parser: not applicable.
// Prints `N passed, N failed`; exits 1 on any failure, 77 when the suite or wast2json is
// absent. WR_SPEC_VERBOSE=1 lists every mismatch.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <unistd.h>

#include "ir_shape.h"
#include "mini_json.h"
#include "wasmir/module.h"
#include "wasmir/verifier.h"
#include "wasmrust/frontend.h"

namespace fs = std::filesystem;
using namespace wasmrust;
using wasmrust::testing::Json;

namespace {

struct Counts {
  int passed = 0, failed = 0, not_applicable = 0, kind_mismatch = 0, text_mismatch = 0, valid = 0, rejected = 0;
};

bool verbose() { return std::getenv("WR_SPEC_VERBOSE") != nullptr; }

std::vector<uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Same WasmIR in both modules: instruction records, extra words, blocks and layout.
bool same_ir(const ir::Module& a, const ir::Module& b) {
  if (a.funcs.size() != b.funcs.size()) return false;
  for (size_t i = 0; i < a.funcs.size(); ++i) {
    const ir::FunctionBody* x = a.funcs[i].body.get();
    const ir::FunctionBody* y = b.funcs[i].body.get();
    if (!x || !y) {
      if (x != y) return false;
      continue;
    }
    if (x->num_insts() != y->num_insts() || x->extra_size() != y->extra_size() || x->num_blocks() != y->num_blocks() ||
        x->num_aux() != y->num_aux() || x->layout() != y->layout() || x->local_types() != y->local_types())
      return false;
    for (uint32_t k = 0; k < x->num_insts(); ++k) {
      if (std::memcmp(&x->inst(Inst(k)), &y->inst(Inst(k)), sizeof(ir::InstData)) != 0) return false;
      if (x->srcloc(Inst(k)) != y->srcloc(Inst(k))) return false;
    }
    if (x->extra_size() && std::memcmp(x->extra(0), y->extra(0), x->extra_size() * 4) != 0) return false;
  }
  return true;
}

bool streams_equal(const std::vector<uint8_t>& bytes, const ir::Module& one_shot, FrontendOptions opts,
                   std::mt19937& rng) {
  ir::Module m;
  StreamingDecoder d(&m, opts);
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t n = std::uniform_int_distribution<size_t>(0, 64)(rng);
    if (rng() % 8 == 0) n = std::uniform_int_distribution<size_t>(0, 4096)(rng);
    n = std::min(n, bytes.size() - pos);
    if (!d.feed(std::span<const uint8_t>(bytes.data() + pos, n)).ok()) return false;
    pos += n;
  }
  return d.finish().ok() && same_ir(one_shot, m);
}

std::string ir_problem(const ir::Module& m) {
  for (size_t i = 0; i < m.funcs.size(); ++i) {
    if (!m.funcs[i].body) continue;
    std::string e = wasmrust::testing::check_ir_shape(*m.funcs[i].body);
    if (!e.empty()) return "func " + std::to_string(i) + ": " + e;
  }
  return {};
}

bool text_matches(const std::string& ours, const std::string& expected) {
  return ours.find(expected) != std::string::npos;
}

void run_file(const fs::path& json_path, const FrontendOptions& opts, Counts* c, std::mt19937& rng) {
  std::ifstream in(json_path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Json root;
  if (!wasmrust::testing::JsonParser(text).parse(&root)) {
    std::printf("FAIL %s: cannot parse the JSON\n", json_path.c_str());
    ++c->failed;
    return;
  }
  std::string file = json_path.filename().string();
  for (const Json& cmd : root.get("commands")->items) {
    std::string type = cmd.str("type");
    std::string where = file + ":" + cmd.str("line");
    bool expect_valid = type == "module" || type == "assert_unlinkable" || type == "assert_uninstantiable";
    bool expect_invalid = type == "assert_invalid";
    bool expect_malformed = type == "assert_malformed";
    if (!expect_valid && !expect_invalid && !expect_malformed) continue;
    if (cmd.str("module_type") == "text") {
      ++c->not_applicable;
      continue;
    }
    std::string name = cmd.str("filename");
    if (name.empty()) continue;
    std::vector<uint8_t> bytes = read_file(json_path.parent_path() / name);
    ir::Module m;
    Status s = decode_wasm(bytes, &m, opts);
    if (expect_valid) {
      if (!s.ok()) {
        ++c->failed;
        std::printf("FAIL %s: valid module rejected: %s\n", where.c_str(), s.error().to_string().c_str());
      } else if (std::string e = ir_problem(m); !e.empty()) {
        ++c->failed;
        std::printf("FAIL %s: WasmIR check: %s\n", where.c_str(), e.c_str());
      } else if (Status v = ir::verify(m); !v.ok()) {
        ++c->failed;
        std::printf("FAIL %s: WasmIR verifier: %s\n", where.c_str(), v.error().message.substr(0, 2000).c_str());
      } else if (!streams_equal(bytes, m, opts, rng)) {
        ++c->failed;
        std::printf("FAIL %s: streaming in chunks differs from one-shot decoding\n", where.c_str());
      } else {
        ++c->passed;
        ++c->valid;
      }
      continue;
    }
    if (s.ok()) {
      ++c->failed;
      std::printf("FAIL %s: %s module accepted (expected \"%s\")\n", where.c_str(), type.c_str() + 7,
                  cmd.str("text").c_str());
      continue;
    }
    ++c->passed;
    ++c->rejected;
    ErrorCode want = expect_invalid ? ErrorCode::kInvalid : ErrorCode::kMalformed;
    if (s.error().code != want) {
      ++c->kind_mismatch;
      if (verbose())
        std::printf("KIND %s: expected %s \"%s\", got %s\n", where.c_str(), error_code_name(want),
                    cmd.str("text").c_str(), s.error().to_string().c_str());
    } else if (!text_matches(s.error().message, cmd.str("text"))) {
      ++c->text_mismatch;
      if (verbose())
        std::printf("TEXT %s: expected \"%s\", got %s\n", where.c_str(), cmd.str("text").c_str(),
                    s.error().to_string().c_str());
    }
  }
}

}  // namespace

int main() {
  fs::path suite = WR_TESTSUITE_DIR;
  if (!fs::exists(suite / "core")) {
    std::printf("SKIPPED: the spec test suite is not at %s (set WR_TESTSUITE_DIR)\n", suite.c_str());
    return 77;
  }
  std::string wast2json = WR_WAST2JSON;
  if (wast2json.empty() || !fs::exists(wast2json)) {
    std::printf("SKIPPED: wast2json not found (install wabt)\n");
    return 77;
  }
  fs::path tmp = fs::temp_directory_path() / ("wr_frontend_spec_" + std::to_string(getpid()));
  fs::create_directories(tmp);
  Counts c;
  std::mt19937 rng(12345);
  struct Folder {
    fs::path dir;
    const char* flags;
    bool multi_memory;
  } folders[] = {{suite / "core", "", false}, {suite / "proposals" / "multi-memory", "--enable-multi-memory", true}};
  for (const Folder& f : folders) {
    if (!fs::exists(f.dir)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(f.dir))
      if (e.path().extension() == ".wast") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    fs::path out = tmp / f.dir.filename();
    fs::create_directories(out);
    FrontendOptions opts;
    opts.multi_memory = f.multi_memory;
    for (const fs::path& wast : files) {
      fs::path json = out / (wast.stem().string() + ".json");
      std::string cmd = wast2json + " " + f.flags + " '" + wast.string() + "' -o '" + json.string() + "' 2>&1";
      if (std::system(cmd.c_str()) != 0) {
        std::printf("FAIL %s: wast2json failed\n", wast.c_str());
        ++c.failed;
        continue;
      }
      run_file(json, opts, &c, rng);
    }
  }
  fs::remove_all(tmp);
  std::printf("spec (frontend): %d valid modules decoded, %d invalid/malformed modules rejected, %d not applicable "
              "(text format)\n",
              c.valid, c.rejected, c.not_applicable);
  std::printf("spec (frontend): rejected with the other error kind: %d; with a different text: %d\n", c.kind_mismatch,
              c.text_mismatch);
  std::printf("%d passed, %d failed\n", c.passed, c.failed);
  return c.failed == 0 ? 0 : 1;
}
