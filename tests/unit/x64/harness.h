// Test support for tier-1: modules whose functions are WasmIR built with the FunctionBody
// API, compiled by the x64 backend and run through the runtime (real instances, memories,
// tables, globals, signal-based traps).
#pragma once

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "emit/x64/disasm.h"
#include "emit/x64/x64_backend.h"
#include "runtime/instance.h"
#include "runtime/module_code.h"
#include "runtime/module_info.h"
#include "runtime/store.h"
#include "wasmir/module.h"

namespace x64test {

using namespace wasmrust;
using wasmrust::ir::FunctionBody;
using wasmrust::rt::RawVal;

inline RawVal rv_i32(uint32_t v) {
  RawVal r{};
  r.i32 = v;
  return r;
}
inline RawVal rv_i64(uint64_t v) {
  RawVal r{};
  r.i64 = v;
  return r;
}
inline RawVal rv_f32(float v) {
  RawVal r{};
  r.f32 = v;
  return r;
}
inline RawVal rv_f64(double v) {
  RawVal r{};
  r.f64 = v;
  return r;
}
inline RawVal rv_bits32(uint32_t bits) { return rv_i32(bits); }

/// A module under construction: types, functions (as IR), memories, tables, globals.
struct Harness {
  rt::TypeRegistry types;
  rt::Store store;
  std::shared_ptr<rt::ModuleInfo> info = std::make_shared<rt::ModuleInfo>();
  ir::Module irmod;
  std::vector<std::unique_ptr<FunctionBody>> bodies;
  x64::Options options;
  rt::Instance* inst = nullptr;
  std::vector<CompiledFunction> compiled;
  bool explicit_bounds;

  explicit Harness(rt::BoundsMode mode = rt::BoundsMode::kGuard, x64::Options opt = x64::Options())
      : store(&types, rt::RuntimeConfig{mode, size_t{1} << 20}), options(opt),
        explicit_bounds(mode == rt::BoundsMode::kExplicit) {}

  uint32_t type(std::vector<Type> params, std::vector<Type> results) {
    info->types.push_back({params, results});
    irmod.types.push_back({std::move(params), std::move(results)});
    return static_cast<uint32_t>(info->types.size() - 1);
  }
  /// A new defined function of type {t}, exported as {name} (if not empty). Its entry
  /// block is created and open.
  FunctionBody& func(uint32_t t, const std::string& name = "") {
    uint32_t index = static_cast<uint32_t>(info->func_types.size());
    info->func_types.push_back(t);
    if (!name.empty()) info->exports.push_back({name, rt::ExternKind::kFunc, index});
    auto body = std::make_unique<FunctionBody>();
    body->func_index = index;
    body->type_index = t;
    const rt::FuncSig& sig = info->types[t];
    body->num_params = static_cast<uint32_t>(sig.params.size());
    for (Type p : sig.params) body->add_local(p);
    body->results = sig.results;
    body->switch_to(body->create_block());
    bodies.push_back(std::move(body));
    return *bodies.back();
  }
  void memory(uint64_t min, std::optional<uint64_t> max = std::nullopt) {
    info->memories.push_back({min, max, false});
    ir::Memory m;
    m.limits.min = min;
    m.limits.max = max;
    irmod.memories.push_back(m);
  }
  void table(uint32_t min, std::optional<uint32_t> max = std::nullopt, Type elem = Type::kFuncRef) {
    info->tables.push_back({elem, min, max, std::nullopt, false});
  }
  void global(Type t, bool mut, uint64_t bits) {
    rt::ConstInstr c{};
    switch (t) {
      case Type::kI32: c.kind = rt::ConstInstr::kI32Const; break;
      case Type::kI64: c.kind = rt::ConstInstr::kI64Const; break;
      case Type::kF32: c.kind = rt::ConstInstr::kF32Const; break;
      case Type::kF64: c.kind = rt::ConstInstr::kF64Const; break;
      default: c.kind = rt::ConstInstr::kRefNull; c.type = t; break;
    }
    c.lo = bits;
    info->globals.push_back({t, mut, {c}, false});
  }

  /// Compile every function; returns the first error (no instance then).
  Status compile_all() {
    for (const rt::FuncSig& s : info->types) info->type_ids.push_back(types.intern(s));
    info->finalize();
    x64::X64Backend backend(options);
    CompileEnv env;
    env.module = &irmod;
    env.offsets = info->offsets;
    env.canonical_type_ids = info->type_ids.data();
    env.explicit_bounds_checks = explicit_bounds;
    compiled.resize(bodies.size());
    for (size_t i = 0; i < bodies.size(); ++i) {
      Status st = backend.compile(env, *bodies[i], &compiled[i]);
      if (!st.ok()) return st;
    }
    return Status();
  }

  rt::Instance* instantiate() {
    Status st = compile_all();
    if (!st.ok()) FAIL("compile failed: " << st.error().to_string());
    auto code = std::make_shared<rt::ModuleCode>();
    size_t total = 0;
    for (auto& c : compiled) total += (c.code.size() + 15) & ~size_t{15};
    code->set_num_funcs(static_cast<uint32_t>(info->func_types.size()));
    REQUIRE(code->allocate(total).ok());
    uint32_t offset = 0;
    for (size_t i = 0; i < compiled.size(); ++i) {
      CompiledFunction& c = compiled[i];
      std::vector<rt::CallSiteInfo> calls;
      for (const CallSite& s : c.calls) calls.push_back({s.return_offset, s.srcloc});
      code->add_function(info->num_imported_funcs + static_cast<uint32_t>(i), offset, c.code.data(),
                         static_cast<uint32_t>(c.code.size()), c.traps.data(), c.traps.size(), calls.data(),
                         calls.size());
      offset += (static_cast<uint32_t>(c.code.size()) + 15) & ~15u;
    }
    REQUIRE(code->publish().ok());
    info->code = code;
    auto r = store.instantiate(info, {});
    if (!r.ok()) FAIL("instantiate failed: " << r.error().to_string());
    inst = *r;
    return inst;
  }

  Status call(const std::string& name, std::vector<RawVal> args, RawVal* results) {
    if (!inst) instantiate();
    auto ext = inst->find_export(name);
    REQUIRE(ext);
    args.resize(args.size() + 1);
    return store.call(ext->func(), args.data(), results);
  }
  RawVal call_ok(const std::string& name, std::vector<RawVal> args) {
    RawVal results[8] = {};
    Status st = call(name, std::move(args), results);
    if (!st.ok()) FAIL("call " << name << " failed: " << st.error().to_string());
    return results[0];
  }
  /// The trap code of a call that must trap.
  uint8_t call_trap(const std::string& name, std::vector<RawVal> args) {
    RawVal results[8] = {};
    Status st = call(name, std::move(args), results);
    REQUIRE_FALSE(st.ok());
    REQUIRE(st.error().code == ErrorCode::kTrap);
    return st.error().trap;
  }
  std::string disasm(size_t i) const { return x64::disassemble_function(compiled[i], nullptr, nullptr, nullptr); }
};

inline uint8_t trap_kind(rt::TrapCode c) { return static_cast<uint8_t>(c); }

}  // namespace x64test
