// The state behind the public handles of wasmrust.h. Internal to src/api (and to tools and
// tests that need to reach a layer below, such as setting the code generator).
//
// Depends on: runtime (Store, ModuleInfo), tiering (compile driver).
#pragma once

#include <memory>

#include "runtime/instance.h"
#include "runtime/store.h"
#include "tiering/compile.h"
#include "wasmrust/wasmrust.h"

namespace wasmrust {

struct EngineImpl {
  EngineConfig config;
  rt::TypeRegistry types;
  tiering::BackendFactory backend;  ///< the tier-1 code generator (x64 when built)
};

struct ModuleImpl {
  std::shared_ptr<EngineImpl> engine;
  std::shared_ptr<const rt::ModuleInfo> info;
  CompileStats stats;
};

struct StoreImpl {
  StoreImpl(Engine e, rt::RuntimeConfig c) : engine(std::move(e)), store(&engine.impl()->types, c) {}
  Engine engine;  // keeps the type registry alive
  rt::Store store;
};

/// Replace the engine's code generator (tests run the API with a backend of their own).
void set_backend_factory(Engine& engine, tiering::BackendFactory factory);

inline const rt::RawVal& raw_of(const Val& v) { return *reinterpret_cast<const rt::RawVal*>(v.raw()); }
inline Val val_of(Type t, const rt::RawVal& raw, StoreImpl* store) { return Val::from_raw(t, raw.v128, store); }

}  // namespace wasmrust
