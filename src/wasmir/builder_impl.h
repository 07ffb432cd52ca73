// Internals of the public builder shared by builder.cc and builder_insts.cc: the argument
// checker every entry point runs before touching the IR. Not part of any interface.
#pragma once

#include <span>
#include <string>

#include "wasmir/function.h"
#include "wasmir/module.h"
#include "wasmrust/builder.h"

namespace wasmrust {

/// Checks one builder call. The first failed check records a kBuilder Error
/// ("funcN: OP: what went wrong") with the owner; later checks are skipped.
struct FunctionBuilder::Checker {
  FunctionBuilder& fb;
  const char* op;
  bool ok = true;
  Error err;

  Checker(FunctionBuilder& f, const char* what, bool needs_block = true);
  void fail(const std::string& msg);
  bool value(Value v, uint32_t k);
  bool typed(Value v, uint32_t k, Type want);
  bool index(uint32_t i, size_t count, const char* what);
  /// A branch to {b} with {args}: a known block other than the entry, matching parameters.
  bool block(Block b, std::span<const Value> args);
  Status status() const { return ok ? Status() : Status(err); }
  ir::FunctionBody& body() { return *fb.body_; }
  const ir::Module& module() const { return *fb.owner_->module_; }
};

}  // namespace wasmrust
