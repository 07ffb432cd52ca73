// Argument classification per docs/abi.md (System V AMD64 with vmctx first).
#include "runtime/abi_frame.h"

#include <cstring>

namespace wasmrust::rt {

AbiLayout AbiLayout::of(const FuncSig& sig) {
  AbiLayout l;
  l.results_in_memory = sig.results.size() >= 2;
  uint32_t gpr = l.results_in_memory ? 2 : 1, xmm = 0, stack = 0;
  l.params.reserve(sig.params.size());
  for (Type t : sig.params) {
    bool is_xmm = t == Type::kF32 || t == Type::kF64 || t == Type::kV128;
    if (is_xmm && xmm < 8) {
      l.params.push_back({ArgLoc::kXmm, xmm++});
    } else if (!is_xmm && gpr < 6) {
      l.params.push_back({ArgLoc::kGpr, gpr++});
    } else if (t == Type::kV128) {
      stack = (stack + 15) & ~15u;
      l.params.push_back({ArgLoc::kStack, stack});
      stack += 16;
    } else {
      l.params.push_back({ArgLoc::kStack, stack});
      stack += 8;
    }
  }
  l.stack_bytes = (stack + 15) & ~15u;
  return l;
}

void pack_args(const AbiLayout& layout, const FuncSig& sig, const RawVal* args, void* vmctx,
               void* results_area, InvokeFrame* frame, uint8_t* stack) {
  std::memset(frame, 0, sizeof *frame);
  frame->gpr[0] = reinterpret_cast<uint64_t>(vmctx);
  if (layout.results_in_memory) frame->gpr[1] = reinterpret_cast<uint64_t>(results_area);
  for (size_t i = 0; i < sig.params.size(); ++i) {
    const ArgLoc& loc = layout.params[i];
    size_t n = sig.params[i] == Type::kV128 ? 16 : 8;
    if (sig.params[i] == Type::kI32 || sig.params[i] == Type::kF32) n = 4;
    switch (loc.kind) {
      case ArgLoc::kGpr: std::memcpy(&frame->gpr[loc.pos], args[i].v128, n); break;
      case ArgLoc::kXmm: std::memcpy(frame->xmm[loc.pos], args[i].v128, n); break;
      case ArgLoc::kStack: std::memcpy(stack + loc.pos, args[i].v128, n); break;
    }
  }
  frame->stack = stack;
  frame->stack_size = layout.stack_bytes;
}

RawVal read_arg(const AbiLayout& layout, const FuncSig& sig, uint32_t i, const HostSaveArea& regs,
                const uint8_t* stack_args) {
  RawVal v;
  std::memset(&v, 0, sizeof v);
  const ArgLoc& loc = layout.params[i];
  size_t n = sig.params[i] == Type::kV128 ? 16 : 8;
  if (sig.params[i] == Type::kI32 || sig.params[i] == Type::kF32) n = 4;  // upper bits undefined
  switch (loc.kind) {
    case ArgLoc::kGpr: std::memcpy(v.v128, &regs.gpr[loc.pos], n); break;
    case ArgLoc::kXmm: std::memcpy(v.v128, regs.xmm[loc.pos], n); break;
    case ArgLoc::kStack: std::memcpy(v.v128, stack_args + loc.pos, n); break;
  }
  return v;
}

}  // namespace wasmrust::rt
