// WasiCtx (wasi.h): creates the descriptor table (stdio, then the preopens) and defines
// every `wasi_snapshot_preview1` import in a Linker, each a host function that takes its
// caller so it reads and writes the calling instance's exported memory.
//
// Depends on: state.h (the calls), the public API (Func::wrap with Caller&). Guarantees:
// every name of the preview1 witx is defined, so a WASI module never fails to link for a
// known function; the ones this host does not implement (proc_raise, sock_*) return ENOSYS.
#include "wasmrust/wasi.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/sandbox.h"
#include "wasi/state.h"

namespace wasmrust::wasi {
namespace {

// The guest memory of {caller}: its export "memory", looked up once per instance (an
// instance's identity and its exports never change). No memory: every access is EFAULT.
GuestMemory memory_of(State& s, const Caller& caller) {
  if (caller.id() != s.memory_owner) {
    s.memory_owner = caller.id();
    auto m = caller.get_memory("memory");
    s.memory = m ? *m : Memory();
  }
  if (!s.memory.raw()) return GuestMemory(nullptr, 0);
  return GuestMemory(s.memory.data(), s.memory.size());
}

// Defines {name} from a call `Errno fn(State&, M, A...)`: the wasm signature is A...
// (uint32_t: i32, uint64_t: i64) returning the errno as i32.
template <typename... A>
Status define(Linker& linker, State* s, const char* name, Errno (*fn)(State&, M, A...)) {
  return linker.func_wrap(WasiCtx::kModule, name, [s, fn](Caller& caller, A... a) -> int32_t {
    GuestMemory m = memory_of(*s, caller);
    return static_cast<int32_t>(fn(*s, m, a...));
  });
}

// Calls this host leaves out: defined so modules link, answering ENOSYS.
template <typename... A>
Status define_nosys(Linker& linker, const char* name) {
  return linker.func_wrap(WasiCtx::kModule, name, [](A...) -> int32_t { return err::kNosys; });
}

// What a descriptor the host hands in (stdio) may do: everything a file can, but no seek
// or tell on a terminal or pipe (wasi-libc's isatty() looks for exactly that).
uint64_t stdio_rights(Filetype type) {
  if (type == Filetype::kRegularFile) return rights::kFile;
  return rights::kFile & ~(rights::kFdSeek | rights::kFdTell);
}

}  // namespace

WasiCtx::WasiCtx() : state_(std::make_unique<State>()) {}
WasiCtx::~WasiCtx() = default;

Result<std::unique_ptr<WasiCtx>> WasiCtx::create(const WasiConfig& config) {
  std::unique_ptr<WasiCtx> ctx(new WasiCtx());
  State& s = *ctx->state_;
  for (const std::string& a : config.args) {
    if (a.find('\0') != std::string::npos) return Error{ErrorCode::kInvalid, "WASI argument contains a NUL byte"};
  }
  for (const std::string& e : config.env) {
    if (e.find('\0') != std::string::npos || e.find('=') == std::string::npos)
      return Error{ErrorCode::kInvalid, "WASI environment entry '" + e + "' is not KEY=VALUE"};
  }
  s.args = config.args;
  s.env = config.env;
  for (int host : {config.stdin_fd, config.stdout_fd, config.stderr_fd}) {
    auto e = std::make_unique<FdEntry>();
    e->host_fd = host;
    e->owned = false;
    e->type = State::filetype_of(host);
    e->rights_base = stdio_rights(e->type);
    s.fds.push_back(std::move(e));
  }
  for (const Preopen& p : config.preopens) {
    auto e = std::make_unique<FdEntry>();
    e->host_fd = ::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (e->host_fd < 0) {
      return Error{ErrorCode::kIo, "cannot open directory '" + p.host_path + "': " + std::strerror(errno)};
    }
    e->type = Filetype::kDirectory;
    e->rights_base = rights::kDirectory;
    e->rights_inheriting = rights::kDirectory | rights::kFile;
    e->preopen = p.guest_path;
    s.fds.push_back(std::move(e));
  }
  return ctx;
}

std::optional<int> WasiCtx::exit_code() const { return state_->exit_code; }

Status WasiCtx::add_to_linker(Linker& linker) {
  State* s = state_.get();
  // The dispatch list of preview1, in the witx's order.
  WR_TRY(define(linker, s, "args_get", &args_get));
  WR_TRY(define(linker, s, "args_sizes_get", &args_sizes_get));
  WR_TRY(define(linker, s, "environ_get", &environ_get));
  WR_TRY(define(linker, s, "environ_sizes_get", &environ_sizes_get));
  WR_TRY(define(linker, s, "clock_res_get", &clock_res_get));
  WR_TRY(define(linker, s, "clock_time_get", &clock_time_get));
  WR_TRY(define(linker, s, "fd_advise", &fd_advise));
  WR_TRY(define(linker, s, "fd_allocate", &fd_allocate));
  WR_TRY(define(linker, s, "fd_close", &fd_close));
  WR_TRY(define(linker, s, "fd_datasync", &fd_datasync));
  WR_TRY(define(linker, s, "fd_fdstat_get", &fd_fdstat_get));
  WR_TRY(define(linker, s, "fd_fdstat_set_flags", &fd_fdstat_set_flags));
  WR_TRY(define(linker, s, "fd_fdstat_set_rights", &fd_fdstat_set_rights));
  WR_TRY(define(linker, s, "fd_filestat_get", &fd_filestat_get));
  WR_TRY(define(linker, s, "fd_filestat_set_size", &fd_filestat_set_size));
  WR_TRY(define(linker, s, "fd_filestat_set_times", &fd_filestat_set_times));
  WR_TRY(define(linker, s, "fd_pread", &fd_pread));
  WR_TRY(define(linker, s, "fd_prestat_get", &fd_prestat_get));
  WR_TRY(define(linker, s, "fd_prestat_dir_name", &fd_prestat_dir_name));
  WR_TRY(define(linker, s, "fd_pwrite", &fd_pwrite));
  WR_TRY(define(linker, s, "fd_read", &fd_read));
  WR_TRY(define(linker, s, "fd_readdir", &fd_readdir));
  WR_TRY(define(linker, s, "fd_renumber", &fd_renumber));
  WR_TRY(define(linker, s, "fd_seek", &fd_seek));
  WR_TRY(define(linker, s, "fd_sync", &fd_sync));
  WR_TRY(define(linker, s, "fd_tell", &fd_tell));
  WR_TRY(define(linker, s, "fd_write", &fd_write));
  WR_TRY(define(linker, s, "path_create_directory", &path_create_directory));
  WR_TRY(define(linker, s, "path_filestat_get", &path_filestat_get));
  WR_TRY(define(linker, s, "path_filestat_set_times", &path_filestat_set_times));
  WR_TRY(define(linker, s, "path_link", &path_link));
  WR_TRY(define(linker, s, "path_open", &path_open));
  WR_TRY(define(linker, s, "path_readlink", &path_readlink));
  WR_TRY(define(linker, s, "path_remove_directory", &path_remove_directory));
  WR_TRY(define(linker, s, "path_rename", &path_rename));
  WR_TRY(define(linker, s, "path_symlink", &path_symlink));
  WR_TRY(define(linker, s, "path_unlink_file", &path_unlink_file));
  WR_TRY(define(linker, s, "poll_oneoff", &poll_oneoff));
  // proc_exit unwinds: the host function fails, which traps out of every wasm frame; the
  // code stays in the context for the embedder (wasmtime's I32Exit).
  WR_TRY(linker.func_wrap(kModule, "proc_exit", [s](uint32_t code) -> Status {
    s->exit_code = static_cast<int>(code);
    return Error{ErrorCode::kTrap, "exit with status " + std::to_string(code)};
  }));
  WR_TRY(define_nosys<uint32_t>(linker, "proc_raise"));
  WR_TRY(define(linker, s, "sched_yield", &sched_yield));
  WR_TRY(define(linker, s, "random_get", &random_get));
  WR_TRY((define_nosys<uint32_t, uint32_t, uint32_t>(linker, "sock_accept")));
  WR_TRY((define_nosys<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>(linker, "sock_recv")));
  WR_TRY((define_nosys<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>(linker, "sock_send")));
  WR_TRY((define_nosys<uint32_t, uint32_t>(linker, "sock_shutdown")));
  return {};
}

}  // namespace wasmrust::wasi
