// The compile driver with a tiny xbyak backend (i32.const, local.get of param 0, return,
// unreachable): layout in one ModuleCode, trap sites with wasm offsets, threads, bailouts.
#include <catch2/catch.hpp>

#include "runtime/instance.h"
#include "runtime/store.h"
#include "tiering/compile.h"
#include "tiny_backend.h"

using namespace wasmrust;

namespace {

std::string fname(uint32_t i) {
  std::string s = "f";
  s += std::to_string(i);
  return s;
}

// Function i returns i * 10, except the last, which traps at offset 0x99.
ir::Module make_module(uint32_t n, bool with_bad = false) {
  ir::Module m;
  m.types.push_back({{Type::kI32}, {Type::kI32}});
  m.imports.push_back({"env", "imp", ir::ExternKind::kFunc, 0});
  m.funcs.emplace_back();
  m.funcs[0].import = 0;
  for (uint32_t i = 1; i <= n; ++i) {
    ir::Function f;
    f.name = fname(i);
    f.body = std::make_unique<ir::FunctionBody>();
    ir::FunctionBody& b = *f.body;
    b.func_index = i;
    b.num_params = 1;
    b.add_local(Type::kI32);
    b.results = {Type::kI32};
    b.switch_to(b.create_block());
    b.set_srcloc(0x99);
    if (i == n) {
      b.unreachable();
    } else if (with_bad && i == 2) {
      Value x = b.i32_const(1);
      Value r[] = {b.binary(Opcode::kI32Add, Type::kI32, x, x)};
      b.ret(r);
    } else {
      Value r[] = {b.i32_const(i * 10)};
      b.ret(r);
    }
    m.funcs.push_back(std::move(f));
    m.exports.push_back({fname(i), ir::ExternKind::kFunc, i});
  }
  return m;
}

tiering::CompileOptions options(unsigned threads) {
  tiering::CompileOptions o;
  o.backend = [] { return std::make_unique<test::TinyBackend>(); };
  o.threads = threads;
  return o;
}

}  // namespace

TEST_CASE("compile_module lays out every function and the module instantiates") {
  for (unsigned threads : {1u, 3u}) {
    rt::TypeRegistry types;
    ir::Module m = make_module(20);
    tiering::CompileStats stats;
    auto mod = tiering::compile_module(m, types, options(threads), &stats);
    REQUIRE(mod.ok());
    CHECK(stats.functions == 20);
    CHECK(stats.machine_code_bytes % 16 == 0);
    CHECK((*mod)->num_imported_funcs == 1);
    rt::Store store(&types, {});
    rt::VMFuncRef* imp = store.new_host_func({{Type::kI32}, {Type::kI32}}, [](const rt::RawVal* a, rt::RawVal* r) {
      r[0] = a[0];
      return Status{};
    });
    auto inst = store.instantiate(*mod, {{rt::ExternKind::kFunc, imp}});
    REQUIRE(inst.ok());
    for (uint32_t i = 1; i < 20; ++i) {
      rt::RawVal arg{}, res{};
      REQUIRE(store.call((*inst)->find_export(fname(i))->func(), &arg, &res).ok());
      CHECK(res.i32 == i * 10);
    }
    rt::RawVal arg{}, res{};
    Status st = store.call((*inst)->find_export("f20")->func(), &arg, &res);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().message == "unreachable");
    CHECK(st.error().func == 20);
    CHECK(st.error().offset == 0x99);
    CHECK(st.error().backtrace.at(0).name == "f20");
  }
}

TEST_CASE("streaming: functions added one by one with a reused body") {
  rt::TypeRegistry types;
  ir::Module m = make_module(5);
  tiering::ModuleCompiler mc(m, types, options(1));
  for (size_t i = 1; i < m.funcs.size(); ++i) REQUIRE(mc.add(*m.funcs[i].body).ok());
  auto mod = mc.finish();
  REQUIRE(mod.ok());
  CHECK((*mod)->code->func_code(3) != nullptr);
  CHECK((*mod)->code->func_code(0) == nullptr);
}

TEST_CASE("a backend bailout fails the compile with the function index") {
  rt::TypeRegistry types;
  ir::Module m = make_module(4, true);
  auto mod = tiering::compile_module(m, types, options(1), nullptr);
  REQUIRE_FALSE(mod.ok());
  CHECK(mod.error().code == ErrorCode::kUnsupported);
  CHECK(mod.error().func == 2);
  tiering::CompileOptions none;
  CHECK(tiering::compile_module(m, types, none, nullptr).error().code == ErrorCode::kUnsupported);
}
