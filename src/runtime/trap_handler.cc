// Signal handlers, activations and trap unwinding (see trap_handler.h).
//
// Why siglongjmp with savemask = 0: saving the mask costs a system call on every entry; the
// handler instead unblocks its own signal before jumping, which is all the mask change a
// trap makes.
#include "runtime/trap_handler.h"

#include "runtime/libcalls.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <optional>

#include "support/check.h"

namespace wasmrust::rt {
namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
struct sigaction g_prev[4];
std::mutex g_install_mu;

thread_local Activation* tls_activation = nullptr;
thread_local TrapRecord tls_record;
thread_local bool tls_host_error = false;
thread_local std::optional<Error> tls_pending;

int signal_slot(int sig) {
  for (int i = 0; i < 4; ++i)
    if (kSignals[i] == sig) return i;
  return 0;
}

void add_frame(TrapRecord& rec, const ModuleCode* mc, uint32_t func, uint32_t srcloc) {
  ++rec.total_frames;
  if (rec.num_frames < TrapRecord::kMaxFrames) rec.frames[rec.num_frames++] = {mc, func, srcloc};
}

// Follows the rbp chain from {fp} while it stays in [low, high). Frames whose return address
// is outside wasm code are skipped while {skip_foreign} frames remain (runtime functions
// between a trap and the wasm code that called them), and end the walk afterwards.
void walk_frames(TrapRecord& rec, uintptr_t fp, uintptr_t low, uintptr_t high, int skip_foreign) {
  while (fp >= low && fp + 16 <= high && (fp & 7) == 0 && rec.total_frames <= TrapRecord::kMaxFrames) {
    const uintptr_t* slot = reinterpret_cast<const uintptr_t*>(fp);
    uintptr_t ra = slot[1], next = slot[0];
    const ModuleCode* mc = CodeRegistry::get().lookup(ra);
    const FuncCodeInfo* f = mc ? mc->find_func(ra) : nullptr;
    if (f) {
      add_frame(rec, mc, f->func_index, mc->call_srcloc(*f, ra));
      if (rec.pc == 0) rec.pc = ra;
      skip_foreign = 0;
    } else if (skip_foreign-- <= 0) {
      break;
    }
    if (next <= fp) break;
    fp = next;
  }
}

TrapCode code_for_signal(int sig, const siginfo_t* info) {
  switch (sig) {
    case SIGFPE: return info->si_code == FPE_INTOVF ? TrapCode::kIntegerOverflow : TrapCode::kIntegerDivideByZero;
    case SIGILL: return TrapCode::kUnreachable;
    default: return TrapCode::kMemoryOutOfBounds;
  }
}

void chain_to_previous(int sig, siginfo_t* info, void* ctx) {
  const struct sigaction& prev = g_prev[signal_slot(sig)];
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) {
      prev.sa_sigaction(sig, info, ctx);
      return;
    }
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
    return;
  }
  // Default action: restore it; returning re-executes the fault (or delivers the re-raised
  // signal once the handler returns), which ends the process as if we were never here.
  signal(sig, SIG_DFL);
  raise(sig);
}

[[noreturn]] void unwind_to(Activation* act, int sig) {
  if (sig) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  }
  siglongjmp(act->jmp, 1);
}

void handle_signal(int sig, siginfo_t* info, void* ctx) {
  auto* uc = static_cast<ucontext_t*>(ctx);
  uintptr_t pc = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
  Activation* act = tls_activation;
  const ModuleCode* mc = act ? CodeRegistry::get().lookup(pc) : nullptr;
  const FuncCodeInfo* f = mc ? mc->find_func(pc) : nullptr;
  if (!f) {
    chain_to_previous(sig, info, ctx);
    return;
  }
  TrapRecord& rec = tls_record;
  const TrapSite* site = mc->find_trap(*f, pc);
  rec.code = site ? site->code : code_for_signal(sig, info);
  rec.signal = sig;
  rec.pc = pc;
  rec.num_frames = rec.total_frames = 0;
  tls_host_error = false;
  add_frame(rec, mc, f->func_index, site ? site->srcloc : ~0u);
  uintptr_t sp = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RSP]);
  walk_frames(rec, static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RBP]), sp, act->entry_sp, 0);
  unwind_to(act, sig);
}

bool our_handler_installed() {
  struct sigaction cur;
  sigaction(SIGSEGV, nullptr, &cur);
  return (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == handle_signal;
}

std::atomic<bool> g_installed{false};

// (Re)installs our handlers.
void install_handlers() {
  std::lock_guard<std::mutex> lock(g_install_mu);
  if (our_handler_installed()) return;
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handle_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 4; ++i) sigaction(kSignals[i], &sa, &g_prev[i]);
  g_installed.store(true, std::memory_order_release);
}

// The alternate signal stack of one thread, released when the thread ends.
struct AltStack {
  void* mem = nullptr;
  size_t size = 0;
  ~AltStack() {
    if (!mem) return;
    stack_t ss;
    std::memset(&ss, 0, sizeof ss);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, nullptr);
    munmap(mem, size);
  }
};
thread_local AltStack tls_altstack;

Status install_altstack() {
  stack_t cur;
  if (sigaltstack(nullptr, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) return {};  // the thread has one
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t size = std::max<size_t>(64 * 1024, static_cast<size_t>(SIGSTKSZ) * 4);
  void* mem = mmap(nullptr, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return Error{ErrorCode::kLimit, "cannot map the alternate signal stack"};
  mprotect(mem, page, PROT_NONE);  // guard below the stack
  stack_t ss;
  std::memset(&ss, 0, sizeof ss);
  ss.ss_sp = static_cast<uint8_t*>(mem) + page;
  ss.ss_size = size;
  if (sigaltstack(&ss, nullptr) != 0) {
    munmap(mem, size + page);
    return Error{ErrorCode::kLimit, "cannot install the alternate signal stack"};
  }
  tls_altstack.mem = mem;
  tls_altstack.size = size + page;
  return {};
}

}  // namespace

void ensure_signal_handlers() {
  if (!our_handler_installed()) install_handlers();
}

Status prepare_thread_for_wasm() {
  if (!g_installed.load(std::memory_order_acquire)) install_handlers();
  if (!tls_altstack.mem) WR_TRY(install_altstack());
  return {};
}

Activation* current_activation() { return tls_activation; }
void set_current_activation(Activation* a) { tls_activation = a; }
TrapRecord& thread_trap_record() { return tls_record; }

void set_pending_host_error(Error e) { tls_pending = std::move(e); }

uintptr_t thread_stack_low() {
  thread_local uintptr_t low = 0;
  if (low == 0) {
    pthread_attr_t attr;
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      pthread_attr_getstack(&attr, &addr, &size);
      pthread_attr_destroy(&attr);
    }
    low = reinterpret_cast<uintptr_t>(addr);
    if (low == 0) low = 1;  // unknown: the stack budget alone bounds wasm
  }
  return low;
}

Error trap_error() {
  const TrapRecord& rec = tls_record;
  Error e;
  if (tls_host_error && tls_pending) {
    e = std::move(*tls_pending);
    tls_pending.reset();
    if (e.trap == 0) e.trap = static_cast<uint8_t>(TrapCode::kHostTrap);
  } else {
    e.message = trap_message(rec.code);
    e.trap = static_cast<uint8_t>(rec.code);
  }
  e.code = ErrorCode::kTrap;
  for (uint32_t i = 0; i < rec.num_frames; ++i) {
    const WasmFrame& f = rec.frames[i];
    TrapFrame tf;
    tf.func = f.func_index;
    tf.offset = f.srcloc == ~0u ? kNoOffset : f.srcloc;
    tf.name = f.code->func_name(f.func_index);
    e.backtrace.push_back(std::move(tf));
  }
  if (e.func == kNoFunc && !e.backtrace.empty()) {
    e.func = e.backtrace.front().func;
    e.offset = e.backtrace.front().offset;
  }
  return e;
}

// Raises from runtime code (a libcall or the host adapter): the wasm frames start at the
// first return address inside wasm code above this frame.
[[noreturn]] static void raise_from_runtime(TrapCode code, bool host_error) {
  Activation* act = tls_activation;
  WR_CHECK(act != nullptr);
  TrapRecord& rec = tls_record;
  rec.code = code;
  rec.signal = 0;
  rec.pc = 0;
  rec.num_frames = rec.total_frames = 0;
  tls_host_error = host_error;
  uintptr_t fp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  walk_frames(rec, fp, fp, act->entry_sp, 8);
  unwind_to(act, 0);
}

}  // namespace wasmrust::rt

extern "C" {

void wr_raise_trap(wasmrust::rt::TrapCode code) { wasmrust::rt::raise_from_runtime(code, false); }

void wr_host_raise() { wasmrust::rt::raise_from_runtime(wasmrust::rt::TrapCode::kHostTrap, true); }

}  // extern "C"
