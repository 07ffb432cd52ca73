// Test kind `emit-wasm`: verify the module, emit it as .wasm (src/emit/wasm), and check the
// binary with wabt: wasm-validate must accept it; `; run: NAME(ARGS) == RESULT` lines run
// with wasm-interp (integer arguments and one integer result, or `trap`); `; check:` lines
// match the disassembly (`wasm-objdump -x` then `wasm2wat`), to pin down the structure.
//
// Depends on: emit/wasm, wasmir (verifier); wabt's command-line tools on PATH.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "emit/wasm/emit_wasm.h"
#include "filetest.h"
#include "wasmir/verifier.h"

namespace wasmrust::filetest {

namespace {

struct RunLine {
  std::string func;
  std::vector<int64_t> args;
  std::string expected;  ///< "trap" or an integer
  uint32_t line;
};

std::string shell(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) {
    *status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

// `; run: %name(1, -2) == 3`
bool parse_runs(const TestFile& file, std::vector<RunLine>* runs, TestContext& ctx) {
  std::istringstream in(file.text);
  uint32_t lineno = 0;
  for (std::string line; std::getline(in, line);) {
    ++lineno;
    size_t at = line.find("; run:");
    if (at == std::string::npos) continue;
    std::string s = line.substr(at + 6);
    size_t open = s.find('('), close = s.find(')'), eq = s.find("==");
    if (open == std::string::npos || close == std::string::npos || eq == std::string::npos || close < open) {
      ctx.fail(file.path + ":" + std::to_string(lineno) + ": malformed run line");
      return false;
    }
    RunLine r;
    r.line = lineno;
    std::string name = s.substr(0, open);
    name.erase(0, name.find_first_not_of(" %"));
    name.erase(name.find_last_not_of(' ') + 1);
    r.func = name;
    std::istringstream args(s.substr(open + 1, close - open - 1));
    for (std::string a; std::getline(args, a, ',');)
      if (a.find_first_not_of(' ') != std::string::npos) r.args.push_back(std::stoll(a));
    std::string exp = s.substr(eq + 2);
    exp.erase(0, exp.find_first_not_of(' '));
    exp.erase(exp.find_last_not_of(" \r") + 1);
    r.expected = exp;
    runs->push_back(r);
  }
  return true;
}

int find_func(const ir::Module& m, const std::string& name) {
  for (uint32_t i = 0; i < m.funcs.size(); ++i)
    if (m.funcs[i].name == name || "func" + std::to_string(i) == name) return static_cast<int>(i);
  return -1;
}

// An exported zero-parameter function "runN" calling {r.func} with constant arguments.
bool add_runner(ir::Module& m, const RunLine& r, uint32_t n, std::string* why) {
  int callee = find_func(m, r.func);
  if (callee < 0) {
    *why = "no function " + r.func;
    return false;
  }
  const ir::FuncType ft = m.func_type(static_cast<uint32_t>(callee));
  if (ft.params.size() != r.args.size() || ft.results.size() > 1) {
    *why = r.func + ": wrong number of arguments, or several results";
    return false;
  }
  ir::Function fn;
  fn.type_index = m.intern_type(ir::FuncType{{}, ft.results});
  fn.body = std::make_unique<ir::FunctionBody>();
  ir::FunctionBody& f = *fn.body;
  f.type_index = fn.type_index;
  f.results = ft.results;
  f.switch_to(f.create_block());
  std::vector<Value> args;
  for (size_t i = 0; i < r.args.size(); ++i) {
    if (ft.params[i] == Type::kI64) args.push_back(f.i64_const(static_cast<uint64_t>(r.args[i])));
    else if (ft.params[i] == Type::kI32) args.push_back(f.i32_const(static_cast<uint32_t>(r.args[i])));
    else {
      *why = r.func + ": only integer parameters are supported in run lines";
      return false;
    }
  }
  Inst c = f.call(static_cast<uint32_t>(callee), args, ft.results);
  std::vector<Value> rets;
  if (!ft.results.empty()) rets.push_back(f.result(c));
  f.ret(rets);
  f.func_index = static_cast<uint32_t>(m.funcs.size());
  m.exports.push_back({"run" + std::to_string(n), ir::ExternKind::kFunc, f.func_index});
  m.funcs.push_back(std::move(fn));
  return true;
}

// wasm-interp prints "runN() => i32:4294967295" (unsigned) or "runN() => error: ...".
bool check_run(const std::string& out, const RunLine& r, uint32_t n, Type result, std::string* why) {
  std::string key = "run" + std::to_string(n) + "() =>";
  size_t at = out.find(key);
  if (at == std::string::npos) {
    *why = "no output";
    return false;
  }
  std::string got = out.substr(at + key.size(), out.find('\n', at) - at - key.size());
  std::string want;
  if (r.expected == "trap") {
    if (got.find("error") != std::string::npos) return true;
    want = "a trap";
  } else {
    int64_t v = std::stoll(r.expected);
    if (result == Type::kI32) want = " i32:" + std::to_string(static_cast<uint32_t>(v));
    else if (result == Type::kI64) want = " i64:" + std::to_string(static_cast<uint64_t>(v));
    if (got == want) return true;
  }
  *why = "got" + got + ", want" + (want.empty() ? std::string(" ") : "") + want;
  return false;
}

}  // namespace

bool run_emit_wasm(TestFile& file, TestContext& ctx) {
  if (!parse(file)) {
    ctx.fail(file.path + ": does not parse: " + file.parse_error);
    return false;
  }
  Status v = ir::verify(*file.module);
  if (!v.ok()) {
    ctx.fail(file.path + ": does not verify: " + v.error().to_string());
    return false;
  }
  std::vector<RunLine> runs;
  if (!parse_runs(file, &runs, ctx)) return false;
  ir::Module& m = *file.module;
  for (uint32_t i = 0; i < runs.size(); ++i) {
    std::string why;
    if (!add_runner(m, runs[i], i, &why)) {
      ctx.fail(file.path + ":" + std::to_string(runs[i].line) + ": " + why);
      return false;
    }
  }
  auto bytes = emit::emit_wasm(m);
  if (!bytes.ok()) {
    ctx.fail(file.path + ": emit failed: " + bytes.error().to_string());
    return false;
  }
  std::filesystem::path out = std::filesystem::temp_directory_path() /
                              ("wr_emit_" + std::filesystem::path(file.path).stem().string() + ".wasm");
  {
    std::ofstream o(out, std::ios::binary | std::ios::trunc);
    o.write(reinterpret_cast<const char*>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
  }
  int st = 0;
  std::string msg = shell("wasm-validate " + out.string(), &st);
  if (st != 0) {
    ctx.fail(file.path + ": wasm-validate rejects the output: " + msg);
    return false;
  }
  bool ok = true;
  if (!runs.empty()) {
    std::string res = shell("wasm-interp " + out.string() + " --run-all-exports", &st);
    for (uint32_t i = 0; i < runs.size(); ++i) {
      std::string why;
      Type rt = m.func_type(static_cast<uint32_t>(find_func(m, runs[i].func))).results.empty()
                    ? Type::kVoid
                    : m.func_type(static_cast<uint32_t>(find_func(m, runs[i].func))).results[0];
      if (!check_run(res, runs[i], i, rt, &why)) {
        ctx.fail(file.path + ":" + std::to_string(runs[i].line) + ": run " + runs[i].func + ": " + why);
        ok = false;
      }
    }
  }
  if (!file.directives.empty()) {
    std::string dump = shell("wasm-objdump -x " + out.string(), &st);
    dump += shell("wasm2wat " + out.string(), &st);
    ok = match_checks(file, dump, ctx) && ok;
  }
  if (!ok) std::fprintf(stderr, "%s: output kept in %s\n", file.path.c_str(), out.c_str());
  else std::filesystem::remove(out);
  return ok;
}

}  // namespace wasmrust::filetest
