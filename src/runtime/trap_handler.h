// Turning faults and runtime traps into returns to the innermost host-to-wasm entry.
//
// Each thread keeps a stack of Activations (one per entry into wasm). A trap, whether a
// signal in wasm code (SIGSEGV, SIGBUS, SIGILL, SIGFPE), a runtime function calling
// wr_raise_trap, or a host function returning an error, fills the thread's TrapRecord with
// the trap code and the wasm frames (walking the rbp chain), then siglongjmps to the
// innermost Activation.
//
// Depends on: module_code.h (the code registry). Guarantees: the signal handler runs on an
// alternate signal stack, takes no lock and allocates nothing; faults outside wasm code go
// to the handler installed before ours (or the default action).
#pragma once

#include <csetjmp>
#include <cstdint>

#include "runtime/module_code.h"
#include "runtime/trap.h"
#include "wasmrust/result.h"

namespace wasmrust::rt {

/// One wasm frame of a trap backtrace.
struct WasmFrame {
  const ModuleCode* code;
  uint32_t func_index;
  uint32_t srcloc;  ///< wasm byte offset, or ~0u if unknown
};

/// What the last trap on this thread was.
struct TrapRecord {
  static constexpr uint32_t kMaxFrames = 64;
  TrapCode code = TrapCode::kNone;
  int signal = 0;
  uintptr_t pc = 0;
  uint32_t num_frames = 0;    ///< frames recorded (at most kMaxFrames)
  uint32_t total_frames = 0;  ///< frames seen (deep recursion: more than recorded)
  WasmFrame frames[kMaxFrames];
};

/// A host-to-wasm entry: where a trap unwinds to.
struct Activation {
  sigjmp_buf jmp;
  Activation* prev = nullptr;
  uintptr_t entry_sp = 0;  ///< stack pointer at entry: wasm frames are below it
};

/// Install the process-wide signal handlers if they are not ours (a system call). Called
/// when a Store is created, so a framework that replaced and restored signal handlers since
/// (test frameworks do, per test) does not leave traps unhandled.
void ensure_signal_handlers();
/// Make sure the handlers were installed once and this thread has its alternate signal
/// stack (no system call after a thread's first entry).
Status prepare_thread_for_wasm();
/// The innermost entry of this thread, or null.
Activation* current_activation();
void set_current_activation(Activation* a);
/// The last trap of this thread.
TrapRecord& thread_trap_record();
/// An Error for the last trap of this thread (kTrap, message, function, offset, backtrace).
Error trap_error();

/// A host function's error to propagate as a trap when the host adapter raises.
void set_pending_host_error(Error e);

/// Lowest usable stack address of this thread (cached).
uintptr_t thread_stack_low();

}  // namespace wasmrust::rt

extern "C" {
/// Called by the host adapter stub after the dispatcher reported an error. Never returns.
[[noreturn]] void wr_host_raise();
}
