// Entry into wasm from the host (invoke) and from wasm into host functions (the dispatcher
// behind wr_host_adapter).
//
// Why the activation lives in its own noinline function: sigsetjmp returns twice, and only
// values not modified after it are reliable on the second return; keeping the function
// small makes that easy to check.
#include <cstring>
#include <exception>
#include <vector>

#include "runtime/abi_frame.h"
#include "runtime/store.h"
#include "runtime/trap_handler.h"

namespace wasmrust::rt {
namespace {

// Native stack kept free below the wasm stack limit for host functions, runtime functions
// and nested entries called from the deepest wasm frame.
constexpr uintptr_t kHostStackReserve = 256 * 1024;

uintptr_t stack_limit_below(uintptr_t sp, size_t budget) {
  uintptr_t floor = thread_stack_low() + kHostStackReserve;
  uintptr_t limit = sp > budget ? sp - budget : 0;
  if (limit < floor) limit = floor;
  return limit < sp ? limit : sp;
}

[[gnu::noinline]] bool run_activation(VMStoreContext* store, size_t budget, const void* code, InvokeFrame* frame) {
  Activation act;
  act.prev = current_activation();
  act.entry_sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  const uintptr_t saved_limit = store->stack_limit;
  if (saved_limit == 0) store->stack_limit = stack_limit_below(act.entry_sp, budget);
  set_current_activation(&act);
  if (sigsetjmp(act.jmp, 0) == 0) {
    wr_invoke_stub(code, frame);
    set_current_activation(act.prev);
    store->stack_limit = saved_limit;
    return true;
  }
  set_current_activation(act.prev);
  store->stack_limit = saved_limit;
  return false;
}

void copy_result(Type t, const uint8_t* src, RawVal* dst) {
  std::memset(dst, 0, sizeof *dst);
  std::memcpy(dst->v128, src, t == Type::kV128 ? 16 : (t == Type::kI32 || t == Type::kF32) ? 4 : 8);
}

}  // namespace

Status invoke(VMStoreContext* store, size_t stack_budget, const void* code, void* vmctx, const FuncSig& sig,
              const AbiLayout& layout, const RawVal* args, RawVal* results) {
  if (!current_activation()) WR_TRY(prepare_thread_for_wasm());
  alignas(16) InvokeFrame frame;
  alignas(16) uint8_t small_stack[256];
  std::vector<RawVal> big_stack;
  uint8_t* stack = small_stack;
  if (layout.stack_bytes > sizeof small_stack) {
    big_stack.resize(layout.stack_bytes / sizeof(RawVal));
    stack = big_stack[0].v128;
  }
  alignas(16) RawVal small_multi[8];
  std::vector<RawVal> big_multi;
  RawVal* multi = small_multi;
  size_t num_multi = layout.results_in_memory ? sig.results.size() : 0;
  if (num_multi > 8) multi = (big_multi.resize(num_multi), big_multi.data());
  pack_args(layout, sig, args, vmctx, multi, &frame, stack);
  if (!run_activation(store, stack_budget, code, &frame)) return trap_error();
  if (sig.results.size() == 1) {
    Type t = sig.results[0];
    bool in_xmm = t == Type::kF32 || t == Type::kF64 || t == Type::kV128;
    copy_result(t, in_xmm ? frame.xmm0 : reinterpret_cast<const uint8_t*>(&frame.rax), &results[0]);
  } else {
    for (size_t i = 0; i < num_multi; ++i) copy_result(sig.results[i], multi[i].v128, &results[i]);
  }
  return {};
}

// Decodes the arguments, calls the host callable and stores the results. Returns false
// with the error recorded as the pending host error; the adapter then raises it once this
// function's frame (and every C++ object in it) is gone.
static bool dispatch_host(HostFunc& h, HostSaveArea& regs, const uint8_t* stack_args) {
  const FuncSig& sig = h.sig;
  RawVal small_args[8], small_results[4];
  std::vector<RawVal> big_args, big_results;
  RawVal* args = small_args;
  RawVal* results = small_results;
  if (sig.params.size() > 8) args = (big_args.resize(sig.params.size()), big_args.data());
  if (sig.results.size() > 4) results = (big_results.resize(sig.results.size()), big_results.data());
  for (uint32_t i = 0; i < sig.params.size(); ++i) args[i] = read_arg(h.layout, sig, i, regs, stack_args);
  for (size_t i = 0; i < sig.results.size(); ++i) std::memset(&results[i], 0, sizeof(RawVal));
  Status st;
  try {
    st = h.caller_fn ? (*h.caller_fn)(h.caller, args, results) : h.fn(args, results);
  } catch (const std::exception& ex) {
    st = Error{ErrorCode::kTrap, std::string("host function threw: ") + ex.what()};
  } catch (...) {
    st = Error{ErrorCode::kTrap, "host function threw an exception"};
  }
  if (!st.ok()) {
    set_pending_host_error(st.take_error());
    return false;
  }
  if (sig.results.size() == 1) {
    std::memcpy(regs.ret, results[0].v128, 16);
  } else if (sig.results.size() > 1) {
    auto* area = reinterpret_cast<uint8_t*>(regs.gpr[1]);
    for (size_t i = 0; i < sig.results.size(); ++i) std::memcpy(area + 16 * i, results[i].v128, 16);
  }
  return true;
}

}  // namespace wasmrust::rt

extern "C" int wr_host_dispatch(wasmrust::rt::HostFunc* h, wasmrust::rt::HostSaveArea* regs,
                                const uint8_t* stack_args) {
  return wasmrust::rt::dispatch_host(*h, *regs, stack_args) ? 0 : 1;
}
