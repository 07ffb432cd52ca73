// Test helpers: module building, hex, wabt tools.
#include "harness.h"

#include <cstdio>
#include <fstream>
#include <memory>

namespace wasmrust::test {

std::string hex(const std::vector<uint8_t>& bytes) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t b : bytes) {
    s += d[b >> 4];
    s += d[b & 15];
  }
  return s;
}

std::string hex_sections(const std::vector<uint8_t>& bytes) {
  return hex(std::vector<uint8_t>(bytes.begin() + std::min<size_t>(8, bytes.size()), bytes.end()));
}

ir::FunctionBody& add_func(ir::Module& m, std::vector<Type> params, std::vector<Type> results,
                           const std::string& export_name) {
  ir::FuncType t{params, results};
  uint32_t ti = m.intern_type(t);
  ir::Function fn;
  fn.type_index = ti;
  fn.body = std::make_unique<ir::FunctionBody>();
  fn.body->func_index = static_cast<uint32_t>(m.funcs.size());
  fn.body->type_index = ti;
  fn.body->num_params = static_cast<uint32_t>(params.size());
  fn.body->results = results;
  for (Type p : params) fn.body->add_local(p);
  if (!export_name.empty()) m.exports.push_back({export_name, ir::ExternKind::kFunc, fn.body->func_index});
  m.funcs.push_back(std::move(fn));
  return *m.funcs.back().body;
}

void add_caller(ir::Module& m, const std::string& name, uint32_t callee, std::vector<uint64_t> args) {
  const ir::FuncType callee_type = m.func_type(callee);
  ir::FunctionBody& f = add_func(m, {}, callee_type.results, name);
  f.switch_to(f.create_block());
  std::vector<Value> vals;
  for (size_t i = 0; i < args.size(); ++i) {
    Type t = callee_type.params[i];
    vals.push_back(t == Type::kI64 ? f.i64_const(args[i]) : f.i32_const(static_cast<uint32_t>(args[i])));
  }
  Inst c = f.call(callee, vals, callee_type.results);
  std::vector<Value> rets;
  for (uint32_t r = 0; r < callee_type.results.size(); ++r) rets.push_back(f.result(c, r));
  f.ret(rets);
}

namespace {
std::string run(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) {
    *status = -1;
    return "popen failed";
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}
}  // namespace

ToolResult validate_and_run(const std::vector<uint8_t>& wasm, const std::string& tag) {
  std::string path = std::string(WR_BINARY_DIR) + "/emit_wasm_" + tag + ".wasm";
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(wasm.data()), static_cast<std::streamsize>(wasm.size()));
  }
  ToolResult r;
  int status = 0;
  std::string v = run("wasm-validate " + path, &status);
  if (status != 0) {
    r.output = v;
    return r;
  }
  r.valid = true;
  r.output = run("timeout 60 wasm-interp " + path + " --run-all-exports", &status);
  return r;
}

}  // namespace wasmrust::test
