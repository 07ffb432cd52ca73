// Where the native ABI (docs/abi.md) puts each argument of a signature, and the register
// images the generic stubs (stubs.S) load and save: wr_invoke_stub calls wasm from the
// host, wr_host_adapter receives wasm calls to host functions.
//
// Depends on: func_type.h. The offsets of InvokeFrame and HostSaveArea are used by stubs.S
// and static_asserted here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/func_type.h"

namespace wasmrust::rt {

/// A raw wasm value: the low bytes hold scalars (little-endian), refs are pointers.
union alignas(16) RawVal {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  void* ref;
  uint8_t v128[16];
};
static_assert(sizeof(RawVal) == 16);

/// The location of one argument.
struct ArgLoc {
  enum Kind : uint8_t { kGpr, kXmm, kStack };
  Kind kind;
  uint32_t pos;  ///< register number (rdi = 0 .. r9 = 5, xmm0 = 0 ..) or stack byte offset
};

/// Argument locations of a signature. GPR 0 is vmctx; GPR 1 the results area when the
/// function has several results.
struct AbiLayout {
  std::vector<ArgLoc> params;
  uint32_t stack_bytes = 0;  ///< stack argument area, a multiple of 16
  bool results_in_memory = false;
  static AbiLayout of(const FuncSig& sig);
};

/// The register image wr_invoke_stub loads before calling wasm and fills after.
struct InvokeFrame {
  uint64_t gpr[6];                  ///< rdi, rsi, rdx, rcx, r8, r9
  alignas(16) uint8_t xmm[8][16];   ///< xmm0..xmm7
  const uint8_t* stack;             ///< stack argument image (stack_size bytes)
  uint64_t stack_size;              ///< multiple of 16
  uint64_t rax;                     ///< result register after the call
  uint64_t pad;
  alignas(16) uint8_t xmm0[16];     ///< xmm0 after the call
};
static_assert(offsetof(InvokeFrame, xmm) == 48);
static_assert(offsetof(InvokeFrame, stack) == 176);
static_assert(offsetof(InvokeFrame, stack_size) == 184);
static_assert(offsetof(InvokeFrame, rax) == 192);
static_assert(offsetof(InvokeFrame, xmm0) == 208);

/// What wr_host_adapter saves before calling the dispatcher: the argument registers and a
/// 16-byte slot the dispatcher fills with the single result (loaded into rax and xmm0).
struct HostSaveArea {
  uint64_t gpr[6];
  uint8_t xmm[8][16];
  uint8_t ret[16];
};
static_assert(offsetof(HostSaveArea, xmm) == 48);
static_assert(offsetof(HostSaveArea, ret) == 176);
static_assert(sizeof(HostSaveArea) == 192);

/// Copy {sig}'s arguments into a register image and stack image (stack: layout.stack_bytes,
/// 16-aligned). {results_area} is passed in rsi when the function has several results.
void pack_args(const AbiLayout& layout, const FuncSig& sig, const RawVal* args, void* vmctx,
               void* results_area, InvokeFrame* frame, uint8_t* stack);
/// Read argument {i} of {sig} from the registers an adapter saved and the caller's stack.
RawVal read_arg(const AbiLayout& layout, const FuncSig& sig, uint32_t i, const HostSaveArea& regs,
                const uint8_t* stack_args);

}  // namespace wasmrust::rt

extern "C" {
/// Load {frame}'s registers and stack arguments, call {code}, store rax and xmm0 back.
void wr_invoke_stub(const void* code, wasmrust::rt::InvokeFrame* frame);
/// The code of every host function's VMFuncRef (rdi = its HostFunc record).
void wr_host_adapter();
}
